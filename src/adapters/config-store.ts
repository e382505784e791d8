// The config file itself: `config.json`, read and checked on each access, written atomically
// (temp file with mode 0600, fsync, rename) after checking what would be written. This replaced
// conf: of conf we used the JSON file, mode 0600, atomic writes and dot-notation keys, and paid
// for it with an Ajv schema compile on every start (~40 ms), a folder created on every read, and
// ~200 KB of bundle. A file that is not JSON, or holds something the key table does not allow,
// is reported with its path and the key, and never rewritten or reset.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WarroomError } from '../errors.ts';
import { configProblems } from './config-check.ts';

export type Store = Record<string, unknown>;

const isObject = (v: unknown): v is Store => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `a.b\.c` → ['a', 'b.c']: the dot-notation keys confKey() writes (a dot inside a segment escaped). */
function keySegments(key: string): string[] {
  return key.split(/(?<!\\)\./).map((segment) => segment.replaceAll('\\.', '.'));
}

export class ConfigFileError extends WarroomError {
  override name = 'ConfigFileError';
}

export class ConfigStore {
  readonly path: string;

  constructor(file: string) {
    this.path = file;
  }

  /** The whole file as stored (no defaults, no env); {} when there is no file yet. Throws ConfigFileError or SyntaxError. */
  get store(): Store {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new ConfigFileError(`${this.path}: cannot read the config file: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const stored: unknown = JSON.parse(text); // a SyntaxError: configFileError() says where
    this.#check(stored);
    return stored as Store;
  }

  get(key: string): unknown {
    let node: unknown = this.store;
    for (const segment of keySegments(key)) node = isObject(node) ? node[segment] : undefined;
    return node;
  }

  set(key: string, value: unknown): void {
    const store = this.store;
    const segments = keySegments(key);
    let node = store;
    for (const segment of segments.slice(0, -1)) {
      const next = node[segment];
      node = isObject(next) ? next : (node[segment] = {});
    }
    node[segments.at(-1)!] = value;
    this.#write(store);
  }

  /** Removes one key; parents it leaves empty stay (the caller decides about those). */
  delete(key: string): void {
    const store = this.store;
    const segments = keySegments(key);
    let node: unknown = store;
    for (const segment of segments.slice(0, -1)) node = isObject(node) ? node[segment] : undefined;
    if (!isObject(node) || !(segments.at(-1)! in node)) return;
    delete node[segments.at(-1)!];
    this.#write(store);
  }

  #check(stored: unknown): void {
    const problems = configProblems(stored);
    if (problems.length === 0) return;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new ConfigFileError(`${this.path}: ${problems[0]}${more}; fix the file or \`warroom config unset\` the key`);
  }

  #write(store: Store): void {
    this.#check(store); // never write what the next read would refuse
    mkdirSync(path.dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    let fd: number | null = null;
    try {
      fd = openSync(temp, 'wx', 0o600);
      writeFileSync(fd, `${JSON.stringify(store, null, '\t')}\n`);
      fsyncSync(fd);
      closeSync(fd);
      fd = null;
      renameSync(temp, this.path);
    } catch (error) {
      if (fd !== null) closeSync(fd);
      rmSync(temp, { force: true });
      throw error;
    }
  }
}
