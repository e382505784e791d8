// A real pseudo-terminal for end-to-end tests: spawns warroom under @lydell/node-pty and feeds
// everything it prints to an @xterm/headless terminal, so a test reads the screen a person
// would see (alternate screen, cursor moves and all), waits for content instead of sleeping,
// types keys, resizes and kills.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';

const { Terminal } = xterm;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const warroomBin = path.join(repoRoot, 'bin/warroom.js');

export interface PtyOptions {
  env?: NodeJS.ProcessEnv;
  cols?: number;
  rows?: number;
  cwd?: string;
  /** Executable; default this Node, running bin/warroom.js with `args`. */
  file?: string;
}

export interface PtySession {
  pid: number;
  /** The visible screen, one line per row, trailing spaces trimmed. */
  screen(): string;
  /** Everything the process wrote so far, raw (escape sequences included). */
  output(): string;
  /** Resolves with the screen once it contains `what`; rejects with the screen after the timeout. */
  waitFor(what: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  write(keys: string): void;
  resize(cols: number, rows: number): void;
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<{ exitCode: number; signal: number | undefined }>;
  /** Raw output as it arrives (for timing frames); returns an unsubscribe function. */
  onData(listener: (data: string) => void): () => void;
  /** Whether the terminal is on the alternate screen buffer right now. */
  onAlternateScreen(): boolean;
  cols(): number;
  rows(): number;
}

export function startPty(args: string[], options: PtyOptions = {}): PtySession {
  const cols = options.cols ?? 80;
  const rows = options.rows ?? 24;
  const term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  const file = options.file ?? process.execPath;
  const argv = options.file ? args : [warroomBin, ...args];
  const child: IPty = spawn(file, argv, {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env } as Record<string, string>,
  });
  let raw = '';
  let pending = Promise.resolve();
  const listeners = new Set<(data: string) => void>();
  child.onData((data) => {
    for (const listener of listeners) listener(data);
    raw += data;
    // xterm parses asynchronously; chain writes so screen() after a flush sees them in order.
    pending = pending.then(() => new Promise<void>((resolve) => term.write(data, resolve)));
  });
  const exited = new Promise<{ exitCode: number; signal: number | undefined }>((resolve) => {
    // Resolve only once the emulator has parsed everything the process wrote before exiting, so a
    // test reading the screen right after exit sees its last frame, not the one before.
    child.onExit(({ exitCode, signal }) => void pending.then(() => resolve({ exitCode, signal })));
  });

  const screen = () => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return lines.join('\n');
  };

  const matches = (what: string | RegExp | ((s: string) => boolean), s: string) =>
    typeof what === 'string' ? s.includes(what) : what instanceof RegExp ? what.test(s) : what(s);

  return {
    pid: child.pid,
    screen,
    output: () => raw,
    async waitFor(what, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await pending;
        const s = screen();
        if (matches(what, s)) return s;
        if (Date.now() > deadline) {
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(what)}; screen:\n${s}\n--- raw tail:\n${JSON.stringify(raw.slice(-400))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    },
    write: (keys) => child.write(keys),
    resize(c, r) {
      child.resize(c, r);
      term.resize(c, r);
    },
    kill: (signal = 'SIGTERM') => child.kill(signal),
    exited,
    onData(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onAlternateScreen: () => term.buffer.active.type === 'alternate',
    cols: () => term.cols,
    rows: () => term.rows,
  };
}
