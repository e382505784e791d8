// Where warroom keeps its files. $WARROOM_HOME (tests, portable setups) puts everything in one
// folder; otherwise the platform's data and config directories (env-paths), e.g.
// ~/.local/share/warroom and ~/.config/warroom on Linux.
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import { WarroomError } from '../errors.ts';

export interface WarroomPaths {
  /** Holds incidents/<incident-id>/journal.jsonl. */
  dataDir: string;
  incidentsDir: string;
  /** Holds config.json. */
  configDir: string;
  /** What can be thrown away and made again (parsed runbooks). */
  cacheDir: string;
}

export function warroomPaths(env: NodeJS.ProcessEnv = process.env): WarroomPaths {
  const home = env.WARROOM_HOME;
  if (home) {
    const root = path.resolve(home);
    return { dataDir: root, incidentsDir: path.join(root, 'incidents'), configDir: root, cacheDir: path.join(root, 'cache') };
  }
  const paths = envPaths('warroom', { suffix: '' });
  return { dataDir: paths.data, incidentsDir: path.join(paths.data, 'incidents'), configDir: paths.config, cacheDir: paths.cache };
}

/** The home (or a folder in it) cannot be created or written: names the folder, the real reason, and the fix. */
export class HomeNotWritableError extends WarroomError {
  override name = 'HomeNotWritableError';
  readonly code: string;
  constructor(message: string, code: string, cause: unknown) {
    super(message, { cause });
    this.code = code;
  }
}

const REASONS: Record<string, string> = {
  EROFS: 'is on a read-only file system',
  EACCES: 'is not writable by this user',
  EPERM: 'is not writable by this user',
  ENOTDIR: 'is a file, not a folder',
  ENOSPC: 'is on a full disk',
  EDQUOT: 'is over its disk quota',
};

/**
 * Turns a failed mkdir/create under the home into one line naming the folder and the real
 * reason. A recursive mkdir on a read-only file system may report ENOENT (it gave up on the
 * missing parent): the nearest folder that exists is then checked for what is really wrong.
 */
export async function homeError(error: unknown, target: string, env: NodeJS.ProcessEnv = process.env): Promise<WarroomError> {
  const reported = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  if (!['ENOENT', ...Object.keys(REASONS)].includes(reported)) {
    return new WarroomError(`cannot create ${target}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // The nearest folder that exists decides what is really wrong.
  let folder = target;
  let stat = await fs.stat(folder).catch((e: NodeJS.ErrnoException) => e);
  while (stat instanceof Error && stat.code === 'ENOENT' && path.dirname(folder) !== folder) {
    folder = path.dirname(folder);
    stat = await fs.stat(folder).catch((e: NodeJS.ErrnoException) => e);
  }
  let code = reported;
  if (stat instanceof Error) code = stat.code ?? code;
  else if (!stat.isDirectory()) code = 'ENOTDIR';
  else {
    const denied = await fs.access(folder, fsConstants.W_OK | fsConstants.X_OK).then(() => null, (e: NodeJS.ErrnoException) => e.code ?? null);
    if (denied !== null) code = denied;
  }
  const reason = REASONS[code] ?? `cannot be written (${code})`;
  const fix = env.WARROOM_HOME
    ? `WARROOM_HOME=${env.WARROOM_HOME}: point WARROOM_HOME at a writable folder`
    : 'set WARROOM_HOME to a writable folder to keep incidents there';
  return new HomeNotWritableError(`cannot create ${target}: ${folder} ${reason} (${code}); ${fix}`, code, error);
}

/** mkdir -p with mode 0700 (incident data is private), failing with a homeError. */
export async function ensurePrivateDir(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw await homeError(error, dir, env);
  }
}
