// Bundles the CLI into one minified CommonJS file (dist/cli.cjs). One file starts markedly faster
// than resolving hundreds of modules from node_modules (see docs/benchmarks.md), and the published
// package then needs no runtime dependencies. CommonJS, not ESM, because only a classic script can
// carry a code cache made after start-up (bin/load-bundle.js); the bundle patches make Yoga's and
// Ink's top-level awaits synchronous for it.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Options shared by the CLI bundle and the benchmark's minimal Ink app (plain Ink: ESM, with its top-level awaits). */
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  // Minified, so dead development branches (react-reconciler's) are dropped and V8 parses less.
  minify: true,
  // ink only loads the devtools bridge when DEV=true; it is not shipped.
  alias: { 'react-devtools-core': './scripts/devtools-stub.js' },
  define: {
    'process.env.NODE_ENV': '"production"',
    __WARROOM_VERSION__: JSON.stringify(pkg.version),
  },
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __warroomCreateRequire } from 'node:module'; const require = __warroomCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

import { bundlePatches } from './bundle-patches.mjs';
import { BUNDLE_WRAPPER_CLOSE, BUNDLE_WRAPPER_OPEN } from '../bin/load-bundle.js';

/**
 * What this bundle is made of: every source file, the locked dependencies and the patches. What
 * the bundle caches (parsed runbooks, src/adapters/runbook-cache.ts) is valid for this id only.
 */
function buildId() {
  const hash = createHash('sha256');
  const files = readdirSync('src', { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of [...files, 'package-lock.json', 'scripts/bundle-patches.mjs']) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 32);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // One file, not split into chunks. Subcommands are still initialised lazily inside it. With a
  // split bundle the dashboard's deferred services (a real dynamic import of a chunk, while Ink's
  // chunk with its top-level await was loading) once never arrived in a loaded test run; the
  // cause is not pinned down, and splitting saved only ~10 ms of start-up.
  // Built aside, then renamed into place: a warroom started while `npm pack` rebuilds (the tests
  // do both at once) finds the old bundle or the new one, never none.
  const staging = `dist-build-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const define = { ...bundleOptions.define, __WARROOM_BUILD_ID__: JSON.stringify(buildId()) };
  // The file is the function Node wraps a CommonJS module in, written out (so bin/load-bundle.js
  // compiles the bytes as read: Node decodes a large Latin-1 buffer into a string outside V8's
  // heap, and concatenating a wrapper would copy all of it in). No require() banner: CommonJS
  // has its own. esbuild's "use strict" opens the function body, so the code keeps the strict
  // semantics of the ESM it is written in.
  const cli = { ...bundleOptions, format: 'cjs', banner: { js: BUNDLE_WRAPPER_OPEN }, footer: { js: BUNDLE_WRAPPER_CLOSE }, define, plugins: bundlePatches };
  await build({ ...cli, entryPoints: ['src/cli.ts'], outfile: `${staging}/cli.cjs` });
  mkdirSync('dist', { recursive: true });
  const built = readdirSync(staging);
  for (const file of built) renameSync(`${staging}/${file}`, `dist/${file}`);
  // What an earlier build left (the ESM dist/cli.js of before) is no longer run by anything.
  for (const file of readdirSync('dist')) if (!built.includes(file)) rmSync(`dist/${file}`, { force: true });
  rmSync(staging, { recursive: true, force: true });
}
