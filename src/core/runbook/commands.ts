// Turning code blocks into commands: which fences are shell, prompt stripping, separating
// console output from the commands that produced it, line continuations and heredocs, and the
// lines typed into a console the runbook opened. Regexes here only ever look at single lines
// of code, never at Markdown structure; whether a block reads as shell is bash's call.
import { type Prompt, promptAt, startsWithKnownCli } from './prompts.ts';
import { knownProgram } from './risk-tables.ts';
import { parseShell } from './shell-syntax.ts';

export { startsWithKnownCli, promptLength, WELL_KNOWN_CLIS } from './prompts.ts';
export { classifyInlineCode, stripInlinePrompt } from './inline-code.ts';

const SHELL_LANGUAGES = new Set(['bash', 'sh', 'shell', 'zsh', 'ksh', 'fish', 'console', 'shell-session', 'shellsession', 'terminal', 'sh-session', 'command', 'cmd', 'bash-session']);
/** Fences whose unprompted lines are output, not commands. */
const TRANSCRIPT_LANGUAGES = new Set(['console', 'shell-session', 'shellsession', 'terminal', 'sh-session', 'bash-session']);
/** Query languages: something to copy into a metrics or log console, not to run. */
const QUERY_LANGUAGES = new Set(['promql', 'logql', 'metricsql', 'traceql', 'sql', 'kql', 'kusto', 'spl', 'splunk', 'lucene', 'esql', 'query', 'cypher', 'influxql', 'flux']);
/** Fences that are input for a console, when one is open. */
const CONSOLE_LANGUAGES: Record<string, 'sql' | 'ruby' | 'redis' | 'mongo'> = {
  sql: 'sql', psql: 'sql', postgresql: 'sql', postgres: 'sql', pgsql: 'sql', mysql: 'sql', plpgsql: 'sql',
  ruby: 'ruby', rb: 'ruby', irb: 'ruby', redis: 'redis', js: 'mongo', javascript: 'mongo', mongo: 'mongo',
};

export interface CodeCommand {
  script: string;
  sampleOutput: string[];
  /** 0-based line of the command's first line within the code block. */
  line: number;
  /** 0-based line of the last line belonging to it (output included). */
  endLine: number;
  /** The prompt it was written after (`$`, `sh-4.4#`, `postgres=#`), or null. */
  prompt: string | null;
}

export type CodeMeaning =
  | { kind: 'commands'; commands: CodeCommand[] }
  | { kind: 'query'; text: string }
  /** `reason` says why a shell block holds no command (for a diagnostic); absent when nothing was expected. */
  | { kind: 'none'; reason?: string };

export interface CodeOptions {
  /** A shell the runbook opened is active (`oc debug`, `sudo -i`, `chroot`): `# cmd` is a root prompt. */
  inShell?: boolean;
  /** A console the runbook opened is active, and the language it reads. */
  console?: 'sql' | 'ruby' | 'redis' | 'mongo' | null;
}

export function isShellLanguage(lang: string | null): boolean {
  return lang !== null && SHELL_LANGUAGES.has(lang.toLowerCase());
}

/** What a code block means for the war room. `lang` is null for unlabelled and indented code. */
export function interpretCode(value: string, lang: string | null, options: CodeOptions = {}): CodeMeaning {
  const language = lang?.toLowerCase() ?? null;
  const lines = dedent(value.split(/\r\n|\r|\n/));
  const consoleLanguage = language === null ? undefined : CONSOLE_LANGUAGES[language];
  if (consoleLanguage && options.console === consoleLanguage) return commandsOrNone(consoleInput(lines, consoleLanguage));
  if (language !== null && QUERY_LANGUAGES.has(language)) {
    const text = lines.join('\n').trim();
    return text ? { kind: 'query', text } : { kind: 'none' };
  }
  if (language !== null && !SHELL_LANGUAGES.has(language)) return { kind: 'none' };

  const transcriptLanguage = language !== null && TRANSCRIPT_LANGUAGES.has(language);
  const promptOptions = { rootPrompts: language === null || transcriptLanguage || options.inShell === true, inShell: options.inShell, inConsole: options.console != null };
  const prompted = lines.some((line) => promptAt(line, promptOptions) !== null);
  if (prompted) return commandsOrNone(transcript(lines, promptOptions, options.console != null));
  // A console block without prompts: commands when every line reads as one, else output.
  if (transcriptLanguage) return allLinesAreCommands(lines) ? commandsOrNone(eachLine(lines)) : { kind: 'none' };
  if (language !== null) return shellBlock(lines);
  return commandsOrNone(unlabelled(lines));
}

function commandsOrNone(commands: CodeCommand[]): CodeMeaning {
  const real = commands.filter((c) => c.script.trim() !== '');
  return real.length > 0 ? { kind: 'commands', commands: real } : { kind: 'none' };
}

/** `$ cmd` lines are commands (with continuations and heredocs); the lines after them, output. */
function transcript(lines: string[], options: Parameters<typeof promptAt>[1], inConsole: boolean): CodeCommand[] {
  const commands: CodeCommand[] = [];
  let current: CodeCommand | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const prompt: Prompt | null = promptAt(line, options);
    if (prompt !== null) {
      const scriptLines = [line.slice(prompt.length)];
      const end = continueCommand(lines, i, scriptLines, inConsole || /[=>]$/.test(prompt.text));
      current = { script: scriptLines.join('\n').trimEnd(), sampleOutput: [], line: i, endLine: end, prompt: prompt.text };
      commands.push(current);
      i = end;
      continue;
    }
    // Comments between commands in bash blocks are neither commands nor output.
    if (!options.rootPrompts && /^\s*#/.test(line)) continue;
    if (current) {
      current.sampleOutput.push(line);
      current.endLine = i;
    }
  }
  for (const command of commands) trimTrailingBlank(command.sampleOutput);
  return commands;
}

/** Extends a command over `\` continuations (`> ` PS2 prompts stripped) and heredoc bodies. */
function continueCommand(lines: string[], start: number, scriptLines: string[], consoleLine: boolean): number {
  let i = start;
  let last = scriptLines[0] ?? '';
  while (!consoleLine && /\\\s*$/.test(last) && i + 1 < lines.length) {
    i++;
    last = (lines[i] ?? '').replace(/^>\s?/, '');
    scriptLines.push(last);
  }
  const heredoc = consoleLine ? null : /<<-?\s*['"]?([A-Za-z_]\w*)['"]?/.exec(scriptLines.join('\n'));
  if (heredoc?.[1]) {
    while (i + 1 < lines.length) {
      i++;
      const body = (lines[i] ?? '').replace(/^>\s?/, '');
      scriptLines.push(body);
      if (body.trim() === heredoc[1]) break;
    }
  }
  return i;
}

/** A bash/sh/shell fence without prompts is one script, unless it does not read as shell at all. */
function shellBlock(lines: string[]): CodeMeaning {
  const firstLine = lines.find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (firstLine === undefined) return { kind: 'none' };
  const why = notShell(lines.join('\n'), firstLine);
  return why ? { kind: 'none', reason: why } : commandsOrNone(wholeBlock(lines));
}

/** Why a shell fence is not a script (a ticket template, prose), or null when it is one. */
function notShell(text: string, firstLine: string): string | null {
  const first = /^\S+/.exec(firstLine.trim())?.[0] ?? '';
  const shown = firstLine.trim().slice(0, 60);
  if (knownProgram(first.replace(/^.*\//, '')) || startsWithKnownCli(firstLine) || /^[A-Za-z_]\w*=/.test(first) || /^(for|if|while|until|case|function|\{|\(|\[\[?)$/.test(first)) return null;
  if (first.endsWith(':') || (/:$/.test(firstLine.trim()) && /^[A-Z]/.test(first))) return `its first line "${shown}" reads as a heading, not a command`;
  const parsed = parseShell(text);
  if (parsed.errors.length > 0 && /^[A-Z]/.test(first)) return `its first line "${shown}" is not valid shell (${parsed.errors[0]})`;
  if (/^[A-Z][a-z]/.test(first) && firstLine.trim().split(/\s+/).length >= 3 && !/\s-{1,2}\w|[|;&<>$=/]/.test(firstLine)) return `its first line "${shown}" reads as prose, not a command`;
  return null;
}

function wholeBlock(lines: string[]): CodeCommand[] {
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return [];
  let last = lines.length - 1;
  while (last > first && (lines[last] ?? '').trim() === '') last--;
  return [{ script: lines.slice(first, last + 1).join('\n'), sampleOutput: [], line: first, endLine: last, prompt: null }];
}

/** A console fence whose every line (continuations joined) starts with a program warroom knows. */
function allLinesAreCommands(lines: string[]): boolean {
  const commands = eachLine(lines);
  return commands.length > 0 && commands.every((c) => {
    const first = /^\S+/.exec(c.script)?.[0] ?? '';
    return (startsWithKnownCli(c.script) || knownProgram(first)) && parseShell(c.script).errors.length === 0;
  });
}

/** One command per line, `\` continuations and heredocs kept together. */
function eachLine(lines: string[]): CodeCommand[] {
  const out: CodeCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    const scriptLines = [line];
    const end = continueCommand(lines, i, scriptLines, false);
    out.push({ script: scriptLines.join('\n').trimEnd(), sampleOutput: [], line: i, endLine: end, prompt: null });
    i = end;
  }
  return out;
}

/** Input for an open console: SQL and Ruby blocks are one entry; Redis takes one command per line. */
function consoleInput(lines: string[], language: 'sql' | 'ruby' | 'redis' | 'mongo'): CodeCommand[] {
  if (language === 'redis') return eachLine(lines);
  return wholeBlock(lines);
}

/** Unlabelled fences: shell only if they start like shell; the command lines end where output begins. */
function unlabelled(lines: string[]): CodeCommand[] {
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0 || !startsWithKnownCli(lines[first] ?? '')) return [];
  const scriptLines: string[] = [];
  let i = first;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const continues = scriptLines.length > 0 && /\\\s*$/.test(scriptLines[scriptLines.length - 1] ?? '');
    if (!continues && !looksLikeCommandLine(line)) break;
    scriptLines.push(line);
  }
  const output = lines.slice(i);
  trimTrailingBlank(output);
  while (output.length > 0 && (output[0] ?? '').trim() === '') output.shift();
  return [{ script: scriptLines.join('\n').trimEnd(), sampleOutput: output, line: first, endLine: first + scriptLines.length - 1 + output.length, prompt: null }];
}

/** In an unlabelled fence, where the commands stop and output starts. */
function looksLikeCommandLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '') return false;
  if (trimmed.startsWith('#') || /^[A-Za-z_]\w*=/.test(trimmed)) return true;
  const first = /^\S+/.exec(trimmed)?.[0] ?? '';
  if (first.endsWith(':')) return false;
  return startsWithKnownCli(trimmed) || (knownProgram(first) && parseShell(trimmed).errors.length === 0 && trimmed.split(/\s+/).length <= 12);
}

function dedent(lines: string[]): string[] {
  let indent = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    indent = Math.min(indent, /^[ \t]*/.exec(line)?.[0].length ?? 0);
  }
  if (!Number.isFinite(indent) || indent === 0) return lines;
  return lines.map((line) => line.slice(Math.min(indent, /^[ \t]*/.exec(line)?.[0].length ?? 0)));
}

function trimTrailingBlank(lines: string[]): void {
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
}
