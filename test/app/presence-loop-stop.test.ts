// A role change during a heartbeat, then leaving: no heartbeat may follow the leave (it would put
// the terminal back in the room for the presence window). The room records calls and holds each
// beat until the test releases it; the clock is faked, so the interleaving is forced, not raced.
import { afterEach, expect, it, vi } from 'vitest';
import { PresenceLoop } from '../../src/app/share/presence-loop.ts';

afterEach(() => {
  vi.useRealTimers();
});

it('never beats after stop, however a role change and a beat in flight interleave', async () => {
  vi.useFakeTimers();
  const calls: string[] = [];
  const held: (() => void)[] = [];
  const room = {
    heartbeat: async (_incident: string, me: { role?: string | null }) => {
      calls.push(`beat ${me.role ?? '-'}`);
      await new Promise<void>((resolve) => held.push(resolve));
    },
    presence: async () => [],
    leave: async () => {
      calls.push('leave');
    },
  };
  const loop = new PresenceLoop({ room, incidentId: 'i', me: { terminal: 't', operator: 'bob' }, everyMs: 1000 });
  loop.start();
  loop.setRole('operations'); // while the first beat is in flight
  // Let every beat there is finish, as the server answers.
  for (let round = 0; round < 3; round++) {
    for (const release of held.splice(0)) release();
    await vi.advanceTimersByTimeAsync(0);
  }
  expect(calls).toContain('beat operations'); // the new role was announced
  await loop.stop();
  expect(calls.at(-1)).toBe('leave');
  // Any timer left behind fires now: none may beat again.
  await vi.advanceTimersByTimeAsync(10_000);
  for (const release of held.splice(0)) release();
  await vi.advanceTimersByTimeAsync(10_000);
  expect(calls.at(-1)).toBe('leave');
  expect(calls.filter((c) => c === 'leave')).toHaveLength(1);
});
