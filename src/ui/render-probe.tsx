// Which parts of the dashboard re-render, for tests that check the screen does only the work a
// change needs (the clock ticking redraws the header and nothing else). A test passes an
// onRender callback and each probed part reports its commits through React's <Profiler>; without
// one (the program), a probe is its children and costs one context read.
import React, { createContext, memo, Profiler, useContext, type ProfilerOnRenderCallback, type ReactNode } from 'react';

export type RenderProbe = ProfilerOnRenderCallback;

const ProbeContext = createContext<RenderProbe | null>(null);

export function RenderProbeProvider({ probe, children }: { probe: RenderProbe | undefined; children: ReactNode }) {
  return probe ? <ProbeContext.Provider value={probe}>{children}</ProbeContext.Provider> : <>{children}</>;
}

/** Reports, under `id`, every commit in which something inside it rendered. */
export function Probe({ id, children }: { id: string; children: ReactNode }) {
  const probe = useContext(ProbeContext);
  return probe ? (
    <Profiler id={id} onRender={probe}>
      {children}
    </Profiler>
  ) : (
    <>{children}</>
  );
}

/**
 * The component memoised (it renders again only when a prop changes, or a store it reads does)
 * and probed under `id`: a commit that does not touch it reports nothing.
 */
export function probed<P extends object>(id: string, Component: React.ComponentType<P>): React.MemoExoticComponent<(props: P) => React.JSX.Element> {
  const name = Component.displayName ?? Component.name;
  const Probed = (props: P) => (
    <Probe id={id}>
      <Component {...props} />
    </Probe>
  );
  Probed.displayName = `Probed(${name})`;
  return memo(Probed);
}
