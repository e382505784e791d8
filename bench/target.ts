// Loads a module of the checkout under test (`--target`), typed as this checkout's version of it:
// the bench measures another commit's code with the same harness, for before/after figures.
import path from 'node:path';

export async function targetModule<T>(target: string, file: string): Promise<T> {
  return (await import(path.join(target, file))) as T;
}
