// Who may hear keys and what the help bar shows. A KeyScope wraps a screen (the dashboard, the
// picker): it holds the handlers every mode shares (Ctrl-C) and a small registry in which the
// listening mode publishes its active bindings, so the help bar (rendered by the dashboard, far
// from the dialog that owns the keys) shows exactly the keys that work now.
import React, { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { ActiveBinding, KeyHandlers } from '../../core/keys/bindings.ts';
import type { KeymapMode } from '../../core/keymap.ts';
import type { KeyGate } from './key-gate.ts';

export interface PublishedKeys {
  mode: KeymapMode;
  bindings: readonly ActiveBinding[];
}

/** The bindings of the modes listening now; the last one published is the top of the screen. */
export class KeyRegistry {
  readonly #entries = new Map<symbol, PublishedKeys>();
  readonly #signatures = new Map<symbol, string>();
  readonly #listeners = new Set<() => void>();
  #top: PublishedKeys | null = null;

  /** `signature`: what the bindings say (label and disabled reason); the same again changes nothing. */
  publish(id: symbol, keys: PublishedKeys, signature?: string): void {
    const last = this.#entries.get(id);
    if (signature !== undefined && last !== undefined && this.#signatures.get(id) === signature && last.mode === keys.mode && [...this.#entries.keys()].at(-1) === id) return;
    this.#entries.delete(id);
    this.#entries.set(id, keys);
    if (signature !== undefined) this.#signatures.set(id, signature);
    this.#changed();
  }

  /**
   * The screen's first mode, published while it renders for the first time, so that its first
   * frame already shows the help bar (the effect that publishes for good runs after that frame).
   * Only before anything was published: nobody listens yet, so nobody is told.
   */
  publishFirst(id: symbol, keys: PublishedKeys, signature: string): void {
    if (this.#entries.size > 0) return;
    this.#entries.set(id, keys);
    this.#signatures.set(id, signature);
    this.#top = keys;
  }

  withdraw(id: symbol): void {
    this.#signatures.delete(id);
    if (this.#entries.delete(id)) this.#changed();
  }

  #changed(): void {
    this.#top = [...this.#entries.values()].at(-1) ?? null;
    for (const listener of [...this.#listeners]) listener();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly top = (): PublishedKeys | null => this.#top;
}

interface Scope {
  shared: KeyHandlers;
  registry: KeyRegistry;
  /** Holds presses while the screen's services load (key-gate.ts); none: every press is handled at once. */
  gate: KeyGate | null;
}

const KeyScopeContext = createContext<Scope | null>(null);

export function KeyScope({ shared, registry, gate = null, children }: { shared: KeyHandlers; registry: KeyRegistry; gate?: KeyGate | null; children: ReactNode }) {
  const value = useMemo(() => ({ shared, registry, gate }), [shared, registry, gate]);
  return <KeyScopeContext.Provider value={value}>{children}</KeyScopeContext.Provider>;
}

export function useKeyScope(): Scope | null {
  return useContext(KeyScopeContext);
}

/** The keys of the top mode, as published (null before any mode listens). */
export function usePublishedKeys(registry: KeyRegistry): PublishedKeys | null {
  return useSyncExternalStore(registry.subscribe, registry.top);
}
