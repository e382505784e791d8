// The terminal is restored on the ways out Ink does not see: an uncaught error, a rejected
// promise, SIGHUP. Real child processes; their stdout is what a terminal would receive.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '../helpers/terminal-crash.ts');
const SHOW_CURSOR = '\u001b[?25h';
const LEAVE_ALT = '\u001b[?1049l';

function runChild(how: string, signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, how], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (signal && stdout.includes('[ready]')) child.kill(signal);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('guardTerminal', () => {
  for (const how of ['throw', 'reject']) {
    it(`restores the screen and cursor and prints one line on ${how === 'throw' ? 'an uncaught error' : 'an unhandled rejection'}`, async () => {
      const { code, stdout, stderr } = await runChild(how);
      expect(code).toBe(1);
      expect(stdout).toContain('[cleanup ran]');
      const tail = stdout.slice(stdout.indexOf('[ready]'));
      expect(tail).toContain(SHOW_CURSOR);
      expect(tail).toContain(LEAVE_ALT);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^warroom: unexpected error: (boom in a timer|rejected)$/m);
    });
  }

  it('restores the terminal on SIGHUP and exits 129', async () => {
    const { code, stdout } = await runChild('hang', 'SIGHUP');
    expect(code).toBe(129);
    expect(stdout).toContain('[cleanup ran]');
    expect(stdout.slice(stdout.indexOf('[ready]'))).toContain(LEAVE_ALT);
  });
});
