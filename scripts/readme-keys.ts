// Regenerates the README's key list from the keymap table (src/core/keymap.ts, via src/core/keys/bindings.ts), between the
// `<!-- keys:start -->` and `<!-- keys:end -->` markers. `--check` exits 1 when it is stale.
// Run: node scripts/readme-keys.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { keymapMarkdown } from '../src/core/keys/bindings.ts';

export const START = '<!-- keys:start -->';
export const END = '<!-- keys:end -->';

/** The README with its keys section replaced; throws when the markers are missing. */
export function withKeys(readme: string, keys: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} section`);
  return `${readme.slice(0, start + START.length)}\n${keys}${readme.slice(end)}`;
}

/** What stands between the markers now. */
export function keysSection(readme: string): string | null {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return null;
  return readme.slice(start + START.length, end).replace(/^\n/, '');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = fileURLToPath(new URL('../README.md', import.meta.url));
  const readme = readFileSync(file, 'utf8');
  const next = withKeys(readme, keymapMarkdown());
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      process.stderr.write('README.md key list is stale: run node scripts/readme-keys.ts\n');
      process.exitCode = 1;
    }
  } else if (next !== readme) {
    writeFileSync(file, next);
    process.stdout.write('README.md: key list updated\n');
  }
}
