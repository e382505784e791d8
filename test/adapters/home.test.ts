// A home warroom cannot write names the folder, the real reason and WARROOM_HOME, also where
// Node's recursive mkdir says ENOENT. Root ignores permission bits, so EROFS comes from a real
// read-only tmpfs and EACCES from a real process running as an unprivileged user.
import { execFileSync, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeError, HomeNotWritableError } from '../../src/adapters/home.ts';
import { createIncident } from '../../src/adapters/incident-create.ts';
import { makeTempDir, openedEvent } from '../helpers/journal-fixtures.ts';

const CHILD = fileURLToPath(new URL('../helpers/create-incident-child.ts', import.meta.url));
const NOBODY = 65534;

let root: string;
let readOnly: string;
let wasReadWrite: string;
const mounts: string[] = [];

function mount(dir: string, options: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  mounts.push(dir);
}

beforeAll(async () => {
  root = await makeTempDir('warroom-home-');
  readOnly = path.join(root, 'ro');
  wasReadWrite = path.join(root, 'remounted');
  await fs.mkdir(readOnly);
  await fs.mkdir(wasReadWrite);
  mount(readOnly, 'ro,size=64k');
  // A home that exists, incidents folder included, before the disk turns read-only.
  mount(wasReadWrite, 'size=64k');
  await fs.mkdir(path.join(wasReadWrite, 'home', 'incidents'), { recursive: true });
  execFileSync('mount', ['-o', 'remount,ro', wasReadWrite]);
});
afterAll(async () => {
  for (const dir of mounts.reverse()) execFileSync('umount', ['--lazy', dir]);
  await fs.rm(root, { recursive: true, force: true });
});

async function creationError(home: string): Promise<HomeNotWritableError> {
  const error = await createIncident({
    env: { WARROOM_HOME: home },
    now: () => new Date(),
    runbookSlug: 'api',
    opened: (id) => openedEvent(id),
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HomeNotWritableError);
  return error as HomeNotWritableError;
}

describe('an unwritable home', () => {
  it.each([
    ['a missing home on a read-only disk', 'home'],
    ['a missing home several levels down (recursive mkdir reports ENOENT)', 'a/b/c/home'],
  ])('%s names the read-only folder, EROFS and WARROOM_HOME', async (_what, sub) => {
    const home = path.join(readOnly, sub);
    const error = await creationError(home);
    expect(error.code).toBe('EROFS');
    expect(error.message).toBe(
      `cannot create ${home}/incidents: ${readOnly} is on a read-only file system (EROFS); WARROOM_HOME=${home}: point WARROOM_HOME at a writable folder`,
    );
  });

  it('an existing incidents folder on a disk that became read-only', async () => {
    const home = path.join(wasReadWrite, 'home');
    const error = await creationError(home);
    expect(error.code).toBe('EROFS');
    expect(error.message).toMatch(new RegExp(`^cannot create ${home}/incidents/\\.creating-[^:]+: ${home}/incidents is on a read-only file system \\(EROFS\\); WARROOM_HOME=`));
  });

  it('a folder this user may not write (EACCES), from a process that is not root', async () => {
    const parent = await makeTempDir('warroom-root-owned-'); // root's, mode 0700 from mkdtemp
    await fs.chmod(parent, 0o755);
    try {
      const home = path.join(parent, 'home');
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [CHILD, 'create', home], { stdio: ['ignore', 'pipe', 'pipe'], uid: NOBODY, gid: NOBODY });
        let text = '';
        let err = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (text += c));
        child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
        child.on('error', reject);
        child.on('exit', () => (text ? resolve(text) : reject(new Error(`child wrote nothing: ${err}`))));
      });
      expect(out).toBe(
        `error cannot create ${home}/incidents: ${parent} is not writable by this user (EACCES); WARROOM_HOME=${home}: point WARROOM_HOME at a writable folder\n`,
      );
    } finally {
      await fs.rm(parent, { recursive: true, force: true });
    }
  });

  it('without WARROOM_HOME, says which variable moves the home', async () => {
    const target = path.join(readOnly, 'data', 'incidents');
    const error = await homeError(Object.assign(new Error('mkdir'), { code: 'ENOENT' }), target, {});
    expect(error.message).toBe(`cannot create ${target}: ${readOnly} is on a read-only file system (EROFS); set WARROOM_HOME to a writable folder to keep incidents there`);
  });
});
