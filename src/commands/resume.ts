// Placeholder until the issue that owns this command lands.
import type { ResumeFlags } from '../cli.ts';
import { WarroomError } from '../errors.ts';
import type { CommandIo } from './io.ts';

export async function resumeCommand(_id: string | undefined, _flags: ResumeFlags, _io: CommandIo): Promise<number> {
  throw new WarroomError('this command is not built yet');
}
