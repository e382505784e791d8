// Colour is a hint, never the only signal: every coloured thing also has a word or a symbol.
// With NO_COLOR or --no-color, components pass no colour at all to Ink, so no colour escape is
// written (bold and inverse stay: NO_COLOR is about colour only).
import React, { createContext, useContext, type ReactNode } from 'react';

export interface Theme {
  /** The colour to use, or undefined when colours are off. */
  color(name: string): string | undefined;
  enabled: boolean;
}

export function makeTheme(enabled: boolean): Theme {
  return { enabled, color: (name) => (enabled ? name : undefined) };
}

const ThemeContext = createContext<Theme>(makeTheme(true));

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** Severity badge colours: SEV-1 red, SEV-2 orange, lower ones calmer. */
export function severityStyle(severity: string, theme: Theme): { color?: string; backgroundColor?: string; inverse?: boolean } {
  const level = Number(/(\d+)/.exec(severity)?.[1] ?? '9');
  if (!theme.enabled) return level <= 2 ? { inverse: true } : {};
  if (level <= 1) return { color: 'white', backgroundColor: 'red' };
  if (level === 2) return { color: 'black', backgroundColor: '#ff8700' };
  if (level === 3) return { color: 'yellow' };
  return { color: 'cyan' };
}

export function statusColor(status: string): string {
  switch (status) {
    case 'investigating':
      return 'red';
    case 'identified':
      return 'yellow';
    case 'monitoring':
      return 'cyan';
    default:
      return 'green';
  }
}
