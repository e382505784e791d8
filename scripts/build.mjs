// Bundles the CLI into one minified ESM file (dist/cli.js). One file starts markedly faster than
// resolving hundreds of modules from node_modules (see docs/benchmarks.md), and the published
// package then needs no runtime dependencies.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Options shared by the CLI bundle and the benchmark's minimal Ink app. */
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

/**
 * Ink loads Yoga's WebAssembly from a base64 data: URL. Where `fetch` exists (Node 18+), the
 * Emscripten loader fetches that URL: the first touch of `fetch` loads undici, and the bytes go
 * through a streaming compile, together a large part of Ink's own start-up (~50–80 ms on this
 * machine). Told there is no fetch, the same loader decodes the base64 in place and instantiates
 * the bytes directly. Same module, same wasm; only the way the bytes arrive differs.
 */
export const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const pattern = '"function"!=typeof fetch';
      const count = source.split(pattern).length - 1;
      const warnings = count === 2 ? [] : [{ text: `yoga-without-fetch: expected 2 fetch checks in ${args.path}, found ${count}; start-up may be slower` }];
      return { contents: source.replaceAll(pattern, 'true'), loader: 'js', warnings };
    });
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  // One file, not split into chunks. Subcommands are still initialised lazily inside it. With a
  // split bundle the dashboard's deferred services (a real dynamic import of a chunk, while Ink's
  // chunk with its top-level await was loading) once never arrived in a loaded test run; the
  // cause is not pinned down, and splitting saved only ~10 ms of start-up.
  // Built aside, then renamed into place: a warroom started while `npm pack` rebuilds (the tests
  // do both at once) finds the old bundle or the new one, never none.
  const staging = `dist-build-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await build({ ...bundleOptions, plugins: [yogaWithoutFetch], entryPoints: ['src/cli.ts'], outfile: `${staging}/cli.js` });
  mkdirSync('dist', { recursive: true });
  for (const file of readdirSync(staging)) renameSync(`${staging}/${file}`, `dist/${file}`);
  rmSync(staging, { recursive: true, force: true });
}
