// `warroom share init`: creates or upgrades the shared store's schema (PostgreSQL at share.url).
// Safe to run again and from several terminals at once: migrations apply under an advisory lock,
// each once. Prints the store by its masked URL, never the password.
import { loadConfig } from '../adapters/config.ts';
import { maskShareUrl } from '../adapters/share/connection.ts';
import { SharedStore } from '../adapters/share/store.ts';
import { UsageError } from '../errors.ts';
import type { CommandIo } from './io.ts';

export interface ShareArgs {
  action: 'init';
}

export async function shareCommand(args: ShareArgs, io: CommandIo): Promise<number> {
  const config = loadConfig(io.env);
  const url = config.share?.url ?? null;
  if (url === null) {
    throw new UsageError('share.url is not set: `warroom config set share.url postgres://user:password@host:5432/warroom?sslmode=verify-full` (or $WARROOM_SHARE_URL)');
  }
  switch (args.action) {
    case 'init': {
      const result = await SharedStore.init({ url, caFile: config.share?.caFile ?? null });
      const where = maskShareUrl(url);
      if (result.applied.length === 0) io.stdout.write(`${where}: schema version ${result.to}, up to date\n`);
      else io.stdout.write(`${where}: schema version ${result.from} → ${result.to} (applied ${result.applied.join(', ')})\n`);
      return 0;
    }
  }
}
