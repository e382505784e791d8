// Checks a config file's contents against the key table (config-keys.ts), without compiling a
// JSON schema at start-up (Ajv took ~40 ms of every dashboard start). It accepts exactly what
// CONFIG_SCHEMA accepts: test/adapters/config-check.test.ts compares the two over random files.
// Pure: no I/O.
import { CONFIG_KEYS, formatKey, type KeySpec } from './config-keys.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** What is wrong with one stored value for its key, or null. Mirrors the schema: URLs are strings there. */
function leafProblem(spec: KeySpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'text':
    case 'url':
    case 'postgres-url':
      return typeof value === 'string' ? null : `expected text, got ${show(value)}`;
    case 'positive-integer':
      return Number.isInteger(value) && (value as number) >= 1 ? null : `expected a whole number ≥ 1, got ${show(value)}`;
    case 'choice':
      return typeof value === 'string' && spec.choices?.includes(value) ? null : `expected one of ${spec.choices?.join(', ')}, got ${show(value)}`;
    case 'list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : `expected a list of texts, got ${show(value)}`;
    case 'map':
      return isObject(value) && Object.values(value).every((v) => typeof v === 'string') ? null : `expected an object of texts, got ${show(value)}`;
  }
}

/** Specs whose path starts with `prefix` (`*` matches any role name). */
function specsUnder(prefix: readonly string[], specs: readonly KeySpec[]): KeySpec[] {
  return specs.filter((spec) => spec.path.length >= prefix.length && prefix.every((segment, i) => spec.path[i] === '*' || spec.path[i] === segment));
}

/**
 * Every problem with the file's contents, one line each: the key as `warroom config` writes it,
 * then what is wrong. Empty when the file is fine.
 */
export function configProblems(stored: unknown): string[] {
  if (!isObject(stored)) return [`the file must hold a JSON object, not ${show(stored)}`];
  const problems: string[] = [];
  const walk = (node: Record<string, unknown>, prefix: string[], specs: readonly KeySpec[]) => {
    for (const [key, value] of Object.entries(node)) {
      const segments = [...prefix, key];
      const under = specsUnder(segments, specs);
      const leaf = under.find((spec) => spec.path.length === segments.length);
      if (leaf !== undefined) {
        const problem = leafProblem(leaf, value);
        if (problem !== null) problems.push(`${formatKey(segments)}: ${problem}`);
      } else if (under.length === 0) {
        problems.push(`${formatKey(segments)}: unknown key`);
      } else if (!isObject(value)) {
        problems.push(`${formatKey(segments)}: expected an object, got ${show(value)}`);
      } else {
        walk(value, segments, under);
      }
    }
  };
  walk(stored, [], CONFIG_KEYS);
  return problems;
}
