// Placeholder until the issue that owns this command lands.

import { WarroomError } from '../errors.ts';
import type { CommandIo } from './io.ts';

export async function configCommand(_args: unknown, _io: CommandIo): Promise<number> {
  throw new WarroomError('this command is not built yet');
}
