// Placeholder until the issue that owns this command lands.
import type { RunFlags } from '../cli.ts';
import { WarroomError } from '../errors.ts';
import type { CommandIo } from './io.ts';

export async function runCommand(_runbook: string, _flags: RunFlags, _io: CommandIo): Promise<number> {
  throw new WarroomError('this command is not built yet');
}
