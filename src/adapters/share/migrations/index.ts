// Every schema migration, in order. The last one's version is the schema this warroom speaks.
import { migration001 } from './001-initial.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [migration001];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
