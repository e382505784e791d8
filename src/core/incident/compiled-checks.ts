// One function per event type, generated once from validate-event.ts's schema table: it reads
// each field under its literal name (V8 then caches where each type keeps it) instead of looking
// names up from a list, which made validation most of a journal's replay beyond JSON.parse
// itself. The code is built from the table's field names only, never from input.

/** A field's check, as the schema table has it: `optional` ones may be absent. */
export interface FieldCheck {
  (value: unknown): boolean;
  optional?: true;
}

/** -1 when the event is well formed, `i` when field `i` is missing, `-2 - i` when field `i` is wrong. */
export type FieldsCheck = (value: Record<string, unknown>, checks: readonly FieldCheck[]) => number;

export function compileFieldsCheck(fields: readonly (readonly [string, FieldCheck])[]): FieldsCheck {
  const body = fields
    .map(([name, valid], i) => {
      const key = JSON.stringify(name);
      const absent = valid.optional ? '' : ` else return ${i};`;
      return `if (${key} in v) { if (!c[${i}](v[${key}])) return ${-2 - i}; }${absent}`;
    })
    .join('\n');
  return new Function('v', 'c', `${body}\nreturn -1;`) as FieldsCheck;
}
