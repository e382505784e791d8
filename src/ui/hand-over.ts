// The terminal handed to a command and taken back: Ink's suspendTerminal leaves the alternate
// screen, turns raw mode off and detaches the dashboard's stdin listener; when the command exits
// it restores them and redraws the whole frame. Detaching a listener does not stop Node reading
// the terminal ahead into its buffer, which would take keys meant for the command: reading stops
// on the handle itself while the command runs, and starts again before Ink listens.
import { useApp, useStdin } from 'ink';
import type { HandOver } from '../app/interactive-run.ts';

interface ReadHandle {
  reading?: boolean;
  readStop?: () => number;
  readStart?: () => number;
}

export function useHandOver(): HandOver {
  const { suspendTerminal } = useApp();
  const { stdin } = useStdin();
  return async <T,>(run: () => Promise<T>): Promise<T> => {
    let result: { value: T } | null = null;
    await suspendTerminal(async () => {
      const handle = (stdin as unknown as { _handle?: ReadHandle })._handle;
      const stopped = Boolean(handle?.readStop && handle.readStart && handle.reading);
      if (stopped) {
        handle!.reading = false;
        handle!.readStop!();
      }
      try {
        result = { value: await run() };
      } finally {
        if (stopped) {
          handle!.reading = true;
          handle!.readStart!();
        }
      }
    });
    if (result === null) throw new Error('the terminal was not handed over');
    return (result as { value: T }).value;
  };
}
