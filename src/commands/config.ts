// `warroom config set|get|unset|list|path`. Secrets are masked unless `get --reveal`;
// `list` shows where each value comes from (file, env, default) so an env override is never a
// surprise.
import { UsageError, WarroomError } from '../errors.ts';
import {
  configEntries,
  configFileError,
  confKey,
  effectiveEntry,
  openConfigStore,
  readStoredConfig,
  type ConfigEntry,
} from '../adapters/config.ts';
import { findKeySpec, formatKey, formatMap, knownKeysLine, maskSecret, parseKey, parseValue } from '../adapters/config-keys.ts';
import type { CommandIo } from './io.ts';

export interface ConfigArgs {
  action: 'set' | 'get' | 'unset' | 'list' | 'path';
  key?: string;
  value?: string;
  reveal?: boolean;
}

function requireKey(args: ConfigArgs) {
  if (!args.key) throw new UsageError(`config ${args.action}: a key is required`);
  const segments = parseKey(args.key);
  const spec = findKeySpec(segments);
  if (!spec) throw new UsageError(`unknown config key ${args.key}; known keys: ${knownKeysLine()}`);
  return { segments, spec, key: formatKey(segments) };
}

export function displayValue(entry: Pick<ConfigEntry, 'value' | 'spec'>, reveal = false): string {
  const { value } = entry;
  if (value === null) return '(not set)';
  const text = Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? formatMap(value) : String(value);
  return entry.spec.secret && !reveal ? maskSecret(text) : text;
}

function describeSource(entry: ConfigEntry): string {
  if (entry.source === 'env') return `  (from $${entry.env})`;
  if (entry.source === 'default') return '  (default)';
  return '';
}

export async function configCommand(args: ConfigArgs, io: CommandIo): Promise<number> {
  const store = openConfigStore(io.env);
  switch (args.action) {
    case 'path':
      io.stdout.write(`${store.path}\n`);
      return 0;
    case 'list': {
      for (const entry of configEntries(readStoredConfig(store), io.env)) {
        io.stdout.write(`${entry.key} = ${displayValue(entry)}${describeSource(entry)}\n`);
      }
      return 0;
    }
    case 'get': {
      const { segments, spec } = requireKey(args);
      const entry = effectiveEntry(readStoredConfig(store), io.env, segments, spec);
      if (entry.value === null) {
        io.stderr.write(`warroom: ${entry.key} is not set\n`);
        return 1;
      }
      io.stdout.write(`${displayValue(entry, args.reveal === true)}\n`);
      return 0;
    }
    case 'set': {
      const { segments, spec, key } = requireKey(args);
      if (args.value === undefined) throw new UsageError(`config set ${key}: a value is required`);
      const value = parseValue(spec, key, args.value);
      write(store.path, () => store.set(confKey(segments), value));
      const shown = displayValue({ value, spec });
      io.stdout.write(`${key} = ${shown}\n`);
      if (spec.env && io.env[spec.env]) {
        io.stderr.write(`warroom: note: $${spec.env} is set and overrides ${key}\n`);
      }
      return 0;
    }
    case 'unset': {
      const { segments, key } = requireKey(args);
      write(store.path, () => {
        store.delete(confKey(segments));
        // A role with no keys left is removed too, so `list` does not keep showing it.
        if (segments[0] === 'escalation' && segments.length === 4) {
          const roleKey = confKey(segments.slice(0, 3));
          const role = store.get(roleKey);
          if (role && typeof role === 'object' && Object.keys(role).length === 0) store.delete(roleKey);
        }
      });
      io.stdout.write(`${key} unset\n`);
      return 0;
    }
  }
}

function write(file: string, change: () => void): void {
  try {
    change();
  } catch (error) {
    if (error instanceof WarroomError) throw error;
    throw configFileError(file, error);
  }
}
