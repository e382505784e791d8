// The modules a source file loads when it is loaded: its static value imports. Type-only imports
// and dynamic import() load nothing then. Shared by the architecture tests that keep packages
// off the start-up path.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './pty.ts';

/** Static, value imports of a file (type-only imports and dynamic import() load nothing now). */
export function staticImports(file: string): string[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  const specs: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(?:([^'";]*?)\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    const clause = (match[1] ?? '').trim();
    if (clause.startsWith('type ')) continue;
    const braces = /^\{([^}]*)\}$/.exec(clause);
    if (braces && braces[1]!.split(',').every((name) => name.trim() === '' || name.trim().startsWith('type '))) continue;
    specs.push(match[2]!);
  }
  return specs;
}
