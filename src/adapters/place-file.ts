// The operator's place as a small JSON file beside the journal (`place-<operator>.json`, 0600):
// written whole through a temporary file and a rename, so a crash never leaves half of one; an
// unreadable or unexpected file is ignored (the operator starts at the top, nothing breaks).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OperatorPlace, PlacePort } from '../core/place.ts';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function parsePlace(value: unknown): OperatorPlace | null {
  if (!isObject(value)) return null;
  const { cursorStepId, pane, timeline, draft } = value;
  if (!(cursorStepId === null || typeof cursorStepId === 'string')) return null;
  if (pane !== 'checklist' && pane !== 'output') return null;
  if (typeof timeline !== 'boolean') return null;
  let kept: OperatorPlace['draft'] = null;
  if (isObject(draft) && (draft.kind === 'internal' || draft.kind === 'public') && isObject(draft.values)) {
    const values = Object.fromEntries(Object.entries(draft.values).filter((e): e is [string, string] => typeof e[1] === 'string'));
    kept = { kind: draft.kind, values };
  }
  return { cursorStepId, pane, timeline, draft: kept };
}

/** The file name for an operator: their name, reduced to characters safe in any file system. */
export function placeFileName(operator: string): string {
  return `place-${operator.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64) || 'operator'}.json`;
}

export function placeFile(incidentDir: string, operator: string): PlacePort {
  const file = path.join(incidentDir, placeFileName(operator));
  return {
    load() {
      try {
        return parsePlace(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        return null;
      }
    },
    save(place) {
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(place)}\n`, { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}
