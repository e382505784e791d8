// Runs the bundle (dist/cli.cjs, one CommonJS file) with a V8 code cache taken after start-up.
//
// Why not Node's own compile cache: it stores a module's code as compiled when it is loaded,
// which is only its top level. Every function the first frame calls (React's reconciler, Ink's
// renderer, our views and the journal) is compiled again at every start, ~2,000 functions on
// the dashboard's way to its first frame. A cache made with vm.Script#createCachedData once
// start-up is over holds those functions' bytecode too, so the next start deserialises them
// instead of compiling them.
//
// One cache per subcommand (each starts through different code), keyed by the bundle's bytes,
// the Node build and its flags: V8 itself checks little more than the source's length, so a
// rebuilt bundle must never meet an old cache. The folder is the user's own (0700, checked),
// files are written aside and renamed into place, and anything that goes wrong only means a
// start without the cache. NODE_DISABLE_COMPILE_CACHE=1, Node's switch for compile caches,
// turns it off.
import { isAscii } from 'node:buffer';
import { createHash, hash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import vm from 'node:vm';

/** What scripts/build.mjs puts around the bundle: the function Node wraps a CommonJS module in. */
export const BUNDLE_WRAPPER_OPEN = '(function (exports, require, module, __filename, __dirname) {';
export const BUNDLE_WRAPPER_CLOSE = '})';

/** The mark that says the dashboard has finished starting (src/adapters/startup-trace.ts). */
const STARTED_MARK = 'warroom:services-loaded';

/** The user's cache folder, made if missing; null when it is not safely ours. */
export function codeCacheDir(env = process.env) {
  if (env.NODE_DISABLE_COMPILE_CACHE === '1') return null;
  const uid = process.getuid?.() ?? 'user';
  const dir = path.join(os.tmpdir(), `warroom-code-cache-${uid}`);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if (error.code !== 'EEXIST') return null;
  }
  try {
    // Another user's folder (or a link to one) could hand us code to run: use only our own.
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid()) || (stat.mode & 0o077) !== 0) return null;
  } catch {
    return null;
  }
  return dir;
}

/** The cache file's name: bundle path, then bundle bytes with Node build and flags, then subcommand. */
export function codeCacheName(file, bytes, argv, env = process.env) {
  const where = hash('sha256', path.resolve(file)).slice(0, 12);
  const node = [process.version, process.arch, process.versions.v8, process.execArgv.join(' '), env.NODE_OPTIONS ?? ''].join('\0');
  const what = hash('sha256', `${hash('sha256', bytes)}\0${node}`).slice(0, 24);
  const word = argv[2] ?? '';
  const subcommand = /^[a-z][a-z0-9-]{0,31}$/.test(word) ? word : '_';
  return { bundle: `${where}-`, build: `${where}-${what}-`, name: `${where}-${what}-${subcommand}.v8` };
}

/**
 * Compiles and runs the bundle; returns its exports. The cache is written when the start-up
 * is over (the dashboard's services have loaded, or the command ended well) if there was none,
 * or it was damaged (its SHA-256 does not match), or V8 rejected it.
 */
export function loadBundle(file, argv = process.argv, env = process.env) {
  const bytes = fs.readFileSync(file);
  // The build keeps the bundle ASCII (test/architecture/bundle-shape.test.ts): decoded as Latin-1
  // it is a one-byte string, several times quicker to make than UTF-8's, and V8 scans it faster.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  if (!source.startsWith(BUNDLE_WRAPPER_OPEN)) {
    throw Object.assign(new Error(`${file} is not a bundle this warroom built; run \`npm run build\` in the project`), { code: 'WARROOM_NOT_A_BUNDLE' });
  }
  const dir = codeCacheDir(env);
  const names = dir === null ? null : codeCacheName(file, bytes, argv, env);
  const cacheFile = names === null ? null : path.join(dir, names.name);
  const stored = cacheFile === null ? undefined : readCache(cacheFile);
  const cachedData = stored === 'damaged' ? undefined : stored;
  // No importModuleDynamically: a vm.Script's import() needs an experimental flag or API, and the
  // bundle has none (esbuild turns the import() of a bundled module into a require; the bundle
  // test keeps Node's own modules static).
  const script = new vm.Script(source, { filename: file, cachedData });
  const status = cacheFile === null ? 'off' : stored === 'damaged' ? 'damaged' : cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const cpu = process.cpuUsage();
  performance.mark('warroom:bundle-compiled', { detail: { cpuMs: (cpu.user + cpu.system) / 1000, note: `code cache ${status}` } });
  if (status !== 'off' && status !== 'accepted') saveWhenStarted(script, dir, names);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

function saveWhenStarted(script, dir, names) {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    observer.disconnect();
    let data;
    try {
      data = script.createCachedData();
    } catch {
      return; // no cache this time; the next start makes one
    }
    writeCache(data, dir, names);
  };
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName(STARTED_MARK).length > 0) setImmediate(save).unref();
  });
  observer.observe({ entryTypes: ['mark'] });
  // A command that failed may have stopped anywhere: its compiled code says little of a start.
  process.once('exit', (code) => {
    if (code === 0) save();
  });
}

/**
 * A cache file is its body's SHA-256 (32 bytes), then the body V8 made: V8 trusts a body once
 * its header fits, and a damaged one must never run. (SHA-256 because node:crypto is loaded
 * anyway; node:zlib's CRC-32 would cost its ~3 ms module load.)
 */
const DIGEST = 32;
const digest = (bytes) => createHash('sha256').update(bytes).digest();

function readCache(file) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= DIGEST) return 'damaged';
  const body = bytes.subarray(DIGEST);
  return digest(body).equals(bytes.subarray(0, DIGEST)) ? body : 'damaged';
}

function writeCache(data, dir, { bundle, build, name }) {
  const aside = path.join(dir, `.${name}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(aside, Buffer.concat([digest(data), data]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(aside, path.join(dir, name));
    // The caches of this bundle's earlier builds are never read again.
    for (const other of fs.readdirSync(dir)) {
      if (other.startsWith(bundle) && !other.startsWith(build) && other.endsWith('.v8')) fs.rmSync(path.join(dir, other), { force: true });
    }
  } catch {
    fs.rmSync(aside, { force: true });
  }
}
