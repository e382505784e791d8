// The runbook's variables as the parser meets them, in document order: each assignment line
// becomes a RunbookVariable on its step, and later commands know the name.
import { verdictInContext } from './command-builder.ts';
import { findPlaceholders, referencedNames } from './placeholders.ts';
import type { ExecutionContext, RunbookStep, RunbookVariable, SourceRange } from './types.ts';
import { isSecretName, splitAssignments } from './variables.ts';

export class VariableBook {
  readonly all: RunbookVariable[] = [];
  private readonly names = new Set<string>();

  known(): ReadonlySet<string> {
    return this.names;
  }

  /**
   * Takes the leading assignments off `script` as variables of `step`; returns what is left to
   * run and how many lines into the script it starts.
   */
  define(script: string, step: RunbookStep, context: ExecutionContext, position: SourceRange): { script: string; line: number } {
    const split = splitAssignments(script);
    for (const a of split.assignments) {
      // A value may use the variables before it, not itself (`PATH=$PATH:/x` is the shell's own).
      const parameters = findPlaceholders(a.value, this.names).filter((p) => p.name !== a.name);
      this.all.push({
        name: a.name,
        value: a.value,
        parameters,
        fromCommand: a.fromCommand,
        fromCommandRisk: a.fromCommand === null ? null : verdictInContext(a.fromCommand, context).risk,
        variables: referencedNames(a.fromCommand ?? a.value).filter((n) => this.names.has(n) && n !== a.name),
        context,
        exported: a.exported,
        secret: isSecretName(a.name),
        stepId: step.id,
        position: { start: { line: position.start.line + a.line, column: position.start.column }, end: { line: position.start.line + a.line, column: position.start.column } },
      });
      this.names.add(a.name);
      if (!step.variables.includes(a.name)) step.variables.push(a.name);
    }
    return { script: split.rest, line: split.restLine };
  }
}
