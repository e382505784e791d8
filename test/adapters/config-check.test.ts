// The config file check accepts exactly what CONFIG_SCHEMA accepts (the schema conf used to
// compile with Ajv on every start): random files, valid and not, are put to both. A key added to
// the table but not the schema, or the other way round, fails this test. Problems name the key
// and what is wrong with it.
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../../src/adapters/config-check.ts';
import { CONFIG_KEYS, CONFIG_SCHEMA } from '../../src/adapters/config-keys.ts';

const ajv = new Ajv({ allErrors: true, strict: false });
const schemaAccepts = ajv.compile({ type: 'object', properties: CONFIG_SCHEMA, additionalProperties: false });

const anyValue = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -3, max: 5 }),
  fc.constantFrom(1.5, 0, true, null, 'detection', 'open', 'atlassian', 'incidentio', 'minor'),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxKeys: 3 }),
);
/** Values that fit each kind often, so valid files are common too. */
const fitting = (kind: string, choices?: readonly string[]) => {
  switch (kind) {
    case 'positive-integer':
      return fc.integer({ min: 1, max: 100 });
    case 'choice':
      return fc.constantFrom(...(choices ?? ['x']));
    case 'list':
      return fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 });
    case 'map':
      return fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 });
    default:
      return fc.string({ maxLength: 10 });
  }
};

/** Every leaf path the schema names (a role for `additionalProperties` objects), so a key only the schema has is tried too. */
function schemaPaths(properties: Record<string, unknown>, prefix: string[] = []): string[][] {
  const paths: string[][] = [];
  for (const [key, value] of Object.entries(properties)) {
    const node = value as { type?: string; properties?: Record<string, unknown>; additionalProperties?: unknown };
    if (node.properties) paths.push(...schemaPaths(node.properties, [...prefix, key]));
    else if (typeof node.additionalProperties === 'object' && (node.additionalProperties as { properties?: unknown }).properties) {
      paths.push(...schemaPaths((node.additionalProperties as { properties: Record<string, unknown> }).properties, [...prefix, key, '*']));
    } else paths.push([...prefix, key]);
  }
  return paths;
}
const SCHEMA_PATHS = schemaPaths(CONFIG_SCHEMA as unknown as Record<string, unknown>);

const role = fc.constantFrom('CTO', 'Engineering Manager', 'v1.2 owners', '__proto__', 'constructor');
const segment = fc.constantFrom('slack', 'token', 'targets', 'escalation', 'extra', 'url', '*', 'operator', 'toString');

/** A file built from random paths of the key table (roles filled in), values fitting or not, and strays. */
const configFile = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom(...CONFIG_KEYS), role, fc.boolean(), anyValue).map(([spec, name, fits, other]) => ({ spec, name, fits, other })),
      fc.tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), anyValue).map(([path, value]) => ({ stray: path, value })),
      // Every path the schema names, in turn, with values that often fit it.
      fc
        .tuple(fc.constantFrom(...SCHEMA_PATHS), role, fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: 1, max: 9 }), fc.array(fc.string(), { maxLength: 2 })))
        .map(([path, roleName, value]) => ({ stray: path.map((p) => (p === '*' ? roleName : p)), value })),
      fc.constantFrom(...SCHEMA_PATHS).map((path) => ({ stray: path.map((p) => (p === '*' ? 'CTO' : p)), value: 'text' })),
      // A real key's parent with a stray name under it: `comms.extra`, `slack.tokn`...
      fc
        .tuple(fc.constantFrom(...CONFIG_KEYS), fc.nat(3), segment, role, anyValue)
        .map(([spec, cut, name, roleName, value]) => ({
          stray: [...spec.path.slice(0, Math.min(cut, spec.path.length - 1)).map((p) => (p === '*' ? roleName : p)), name],
          value,
        })),
    ),
    { maxLength: 5 },
  )
  .chain((items) =>
    fc.tuple(
      ...items.map((item) =>
        'stray' in item ? fc.constant({ path: item.stray, value: item.value }) : (item.fits ? fitting(item.spec.kind, item.spec.choices) : fc.constant(item.other)).map((value) => ({
          path: item.spec.path.map((p) => (p === '*' ? item.name : p)),
          value,
        })),
      ),
    ),
  )
  .map((entries) => {
    // Built as JSON text and parsed, as the file is: `__proto__` is then an ordinary key.
    const root: Record<string, unknown> = {};
    for (const { path, value } of entries) {
      let node: Record<string, unknown> = root;
      for (const key of path.slice(0, -1)) {
        const next = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
        if (typeof next !== 'object' || next === null || Array.isArray(next)) Object.defineProperty(node, key, { value: {}, enumerable: true, writable: true, configurable: true });
        node = node[key] as Record<string, unknown>;
      }
      Object.defineProperty(node, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
    }
    return JSON.parse(JSON.stringify(root)) as unknown;
  });

describe('config file check', () => {
  it('accepts exactly the files the JSON schema accepts', () => {
    let valid = 0;
    fc.assert(
      fc.property(configFile, (file) => {
        const accepted = configProblems(file).length === 0;
        if (accepted) valid += 1;
        expect(accepted, JSON.stringify(file)).toBe(schemaAccepts(file));
      }),
      { numRuns: 2000 },
    );
    // Both kinds of file were tried.
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(1900);
  });

  it('names the key and what is wrong with it', () => {
    expect(configProblems({ updates: { cadenceMinutes: 'often' } })).toEqual(['updates.cadenceMinutes: expected a whole number ≥ 1, got "often"']);
    expect(configProblems({ slack: { tokn: 'x' } })).toEqual(['slack.tokn: unknown key']);
    expect(configProblems({ escalation: { targets: { 'Engineering Manager': { slack: 3 } } } })).toEqual([
      'escalation.targets."Engineering Manager".slack: expected text, got 3',
    ]);
    expect(configProblems({ escalation: { countFrom: 'alert' } })).toEqual(['escalation.countFrom: expected one of detection, open, got "alert"']);
    expect(configProblems({ runbooks: { folders: 'x' }, slack: 'y' })).toEqual([
      'runbooks.folders: expected a list of texts, got "x"',
      'slack: expected an object, got "y"',
    ]);
    expect(configProblems([])).toEqual(['the file must hold a JSON object, not []']);
    expect(configProblems({})).toEqual([]);
  });
});
