// The session every view of the dashboard reads, through context instead of a prop threaded
// through each component: the store (useSyncExternalStore), the clock (its own store, so only
// what shows time re-renders each second) and the services' extensions.
import React, { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Session, SessionSnapshot } from '../app/session.ts';
import type { DashboardExtensions } from './extensions.ts';

interface SessionValue {
  session: Session;
  extensions: DashboardExtensions;
  /** People offered by C (hand over command) besides the current commander. */
  people: readonly string[];
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ value, children }: { value: SessionValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('a dashboard view was rendered outside <SessionProvider>');
  return value;
}

export function useSession(): Session {
  return useSessionContext().session;
}

export function useSnapshot(): SessionSnapshot {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

export function useNow(): number {
  const session = useSession();
  return useSyncExternalStore(session.subscribeClock, session.getNow);
}
