// Runme-style annotations in a fence's info string: ```bash {name=rollback risk=destructive
// timeout=120 confirm=typed}. Authors use them to name a command or override its risk.
import type { CommandAnnotations, ConfirmMode, Risk } from './types.ts';

export interface AnnotationResult {
  annotations: CommandAnnotations;
  /** Human-readable problems, e.g. `risk must be read, change or destructive (got "high")`. */
  problems: string[];
}

const RISKS: readonly Risk[] = ['read', 'change', 'destructive'];
const CONFIRMS: readonly ConfirmMode[] = ['key', 'yes', 'typed'];

export function emptyAnnotations(): CommandAnnotations {
  return { extra: {} };
}

/** Parses `{key=value key2="quoted value"}` (braces optional) from a fence meta string. */
export function parseAnnotations(meta: string | null | undefined): AnnotationResult {
  const annotations = emptyAnnotations();
  const problems: string[] = [];
  if (!meta) return { annotations, problems };
  const body = /\{([^}]*)\}/.exec(meta)?.[1] ?? meta;
  for (const m of body.matchAll(/([\w-]+)\s*[=:]\s*(?:"([^"]*)"|'([^']*)'|([^\s,}]+))/g)) {
    const key = m[1] ?? '';
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    switch (key) {
      case 'name':
        annotations.name = value;
        break;
      case 'risk':
        if ((RISKS as readonly string[]).includes(value)) annotations.risk = value as Risk;
        else problems.push(`risk must be read, change or destructive (got "${value}")`);
        break;
      case 'confirm':
        if ((CONFIRMS as readonly string[]).includes(value)) annotations.confirm = value as ConfirmMode;
        else problems.push(`confirm must be key, yes or typed (got "${value}")`);
        break;
      case 'timeout': {
        const seconds = parseTimeout(value);
        if (seconds === null) problems.push(`timeout must be seconds, e.g. 120 or 2m (got "${value}")`);
        else annotations.timeout = seconds;
        break;
      }
      case 'confirmWord':
      case 'confirm-word':
      case 'word':
        annotations.confirmWord = value;
        break;
      default:
        annotations.extra[key] = value;
    }
  }
  return { annotations, problems };
}

function parseTimeout(value: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  const factor = m[2] === 'ms' ? 0.001 : m[2] === 'm' ? 60 : m[2] === 'h' ? 3600 : 1;
  const seconds = n * factor;
  return seconds > 0 && Number.isFinite(seconds) ? seconds : null;
}
