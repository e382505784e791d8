#!/usr/bin/env node
// The `warroom` command. Plain JavaScript that any Node can parse, so an old Node gets one
// clear line instead of a syntax error or a stack trace from deep inside a dependency.
// The first of the start-up marks (WARROOM_TRACE_STARTUP=1 prints them; src/adapters/startup-trace.ts).
const cpu = process.cpuUsage();
globalThis.performance?.mark?.('warroom:bin', { detail: { cpuMs: (cpu.user + cpu.system) / 1000 } });
const REQUIRED_MAJOR = 22;
const found = process.versions.node;
const major = Number(found.split('.')[0]);
if (!(major >= REQUIRED_MAJOR)) {
  process.stderr.write(
    `warroom: Node.js ${found} is too old; warroom needs Node.js >= ${REQUIRED_MAJOR} (24 recommended).\n`,
  );
  process.exit(2);
}
const { existsSync } = await import('node:fs');
const bundle = new URL('../dist/cli.cjs', import.meta.url);
if (!existsSync(bundle)) {
  // A fresh checkout before its first build: say how to get one instead of a module-not-found trace.
  process.stderr.write('warroom: the CLI is not built yet; run `npm ci` (or `npm run build`) in the project first.\n');
  process.exit(2);
}
// Start-up is the first thing an engineer feels at 3 a.m.: the bundle runs with a code cache of
// everything its start compiled (bin/load-bundle.js says why Node's own cache is not enough).
const { loadBundle } = await import('./load-bundle.js');
const { fileURLToPath } = await import('node:url');
let main;
try {
  ({ main } = loadBundle(fileURLToPath(bundle)));
} catch (error) {
  if (error?.code !== 'WARROOM_NOT_A_BUNDLE') throw error;
  process.stderr.write(`warroom: ${error.message}\n`);
  process.exit(2);
}
await main(process.argv);
