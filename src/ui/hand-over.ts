// The terminal handed to a command and taken back: Ink's suspendTerminal leaves the alternate
// screen, turns raw mode off and pauses the dashboard's stdin listener; when the command exits it
// restores them and redraws the whole frame.
import { useApp } from 'ink';
import type { HandOver } from '../app/interactive-run.ts';

export function useHandOver(): HandOver {
  const { suspendTerminal } = useApp();
  return async <T,>(run: () => Promise<T>): Promise<T> => {
    let result: { value: T } | null = null;
    await suspendTerminal(async () => {
      result = { value: await run() };
    });
    if (result === null) throw new Error('the terminal was not handed over');
    return (result as { value: T }).value;
  };
}
