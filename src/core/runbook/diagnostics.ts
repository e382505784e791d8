// Diagnostics: everything the parser noticed, with file:line:column. The parser reports
// instead of throwing, so `warroom validate` can show all problems at once.
import type { Diagnostic, DiagnosticSeverity, SourceRange } from './types.ts';

export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  add(severity: DiagnosticSeverity, code: string, message: string, at: { line: number; column: number }): void {
    this.items.push({ severity, code, message, file: this.file, line: at.line, column: at.column });
  }
}

export const ORIGIN: SourceRange = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** mdast position → SourceRange (mdast points are already 1-based). */
export function rangeOf(node: { position?: { start: { line: number; column: number }; end: { line: number; column: number } } | undefined }): SourceRange {
  const p = node.position;
  if (!p) return { start: { ...ORIGIN.start }, end: { ...ORIGIN.end } };
  return { start: { line: p.start.line, column: p.start.column }, end: { line: p.end.line, column: p.end.column } };
}
