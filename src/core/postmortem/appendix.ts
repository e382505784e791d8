// Appendix: the evidence a reviewer asks for. Every command that ran (or was recorded in a dry
// run) with its exit code and the last lines of its output, bounded: the full output stays in
// the incident folder's log files, never in the document. Then the exact runbook version.
import type { CommandRun, IncidentState } from '../incident/state.ts';
import { utcTime } from './clock-text.ts';
import { commandResultText } from './command-result.ts';
import { bound, codeSpan, fencedBlock, inlineText, mention, stripControl } from './markdown.ts';
import { redactSecrets } from '../redact.ts';
import { stepIndex, stepNameById, type StepRef } from './runbook-steps.ts';

export interface AppendixOptions {
  /** Lines of output per command (default 10). */
  outputTailLines?: number;
  /** Characters per output line (default 200). */
  outputLineChars?: number;
}

const SCRIPT_MAX_LINES = 20;

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Output or script lines made safe to show: no terminal escapes, no secrets, bounded. */
function safeLines(lines: readonly string[], maxLines: number, maxChars: number): string[] {
  return lines.slice(-maxLines).map((l) => bound(redactSecrets(stripControl(l.replace(/\r$/, ''))), maxChars));
}

function commandSection(run: CommandRun, n: number, steps: Map<string, StepRef>, day: string, opts: Required<AppendixOptions>): string[] {
  const script = run.script ?? run.template;
  const scriptLines = script.split(/\r\n?|\n/);
  const lines = [`### Command ${n}: ${stepNameById(steps, run.stepId)}`, ''];
  if (scriptLines.length === 1) lines.push(`- **Command**: ${codeSpan(bound(redactSecrets(stripControl(script)), 300))}`);
  const started = run.startedAt ?? run.finishedAt ?? run.requestedAt;
  lines.push(`- **Run by**: ${mention(run.requestedBy)} at ${utcTime(started, day)} (risk: ${run.risk})`);
  const target = [
    run.kubeContext ? `kube context ${codeSpan(inlineText(run.kubeContext, 100))}` : null,
    run.kubeNamespace ? `namespace ${codeSpan(inlineText(run.kubeNamespace, 100))}` : null,
  ].filter((t) => t !== null);
  if (target.length > 0) lines.push(`- **Target**: ${target.join(', ')}`);
  const result =
    run.phase === 'finished' && run.durationMs !== null
      ? commandResultText({ ...run, durationMs: run.durationMs, ...(run.outcomeUnknown ? { outcome: 'unknown' as const } : {}) })
      : 'no result recorded (still running, or warroom stopped before it ended)';
  lines.push(`- **Result**: ${result}`);
  if (run.outputFile !== null || run.outputBytes > 0) {
    const hash = run.outputSha256 ? `, sha256 ${codeSpan(run.outputSha256)}` : '';
    const where = run.outputFile ? `, full log in ${codeSpan(inlineText(run.outputFile, 200))} in the incident folder` : '';
    lines.push(`- **Output**: ${sizeText(run.outputBytes)}${hash}${where}`);
  }
  if (scriptLines.length > 1) {
    const shown = safeLines(scriptLines.slice(0, SCRIPT_MAX_LINES), SCRIPT_MAX_LINES, 300);
    if (scriptLines.length > SCRIPT_MAX_LINES) shown.push(`… (${scriptLines.length - SCRIPT_MAX_LINES} more lines)`);
    lines.push('', 'Command:', '', fencedBlock(shown, 'sh'));
  }
  const tail = safeLines(run.tail, opts.outputTailLines, opts.outputLineChars);
  if (tail.length > 0) {
    lines.push('', `Last ${tail.length === 1 ? 'line' : `${tail.length} lines`} of output:`, '', fencedBlock(tail));
  }
  return lines;
}

export function appendixMarkdown(
  state: Pick<IncidentState, 'commands' | 'runbook' | 'runbookPath' | 'runbookHash'>,
  day: string,
  options: AppendixOptions = {},
): string[] {
  const opts: Required<AppendixOptions> = {
    outputTailLines: Math.max(0, Math.floor(options.outputTailLines ?? 10)),
    outputLineChars: Math.max(20, Math.floor(options.outputLineChars ?? 200)),
  };
  const ran = state.commands.filter((c) => c.startedAt !== null || c.phase === 'finished');
  const lines: string[] = [];
  if (ran.length === 0) lines.push('_No commands were run from the war room._', '');
  const steps = stepIndex(state.runbook);
  ran.forEach((run, i) => lines.push(...commandSection(run, i + 1, steps, day, opts), ''));
  lines.push(
    '### Runbook',
    '',
    `- **Path**: ${codeSpan(inlineText(state.runbookPath, 300))}`,
    `- **SHA-256**: ${codeSpan(inlineText(state.runbookHash, 100))}`,
    `- **Title**: ${inlineText(state.runbook.title, 200)}`,
  );
  return lines;
}
