// Turning code into commands: which fences are shell, prompt stripping, separating console
// output from the commands that produced it, line continuations and heredocs. Regexes here
// only ever look at single lines of code, never at Markdown structure.

const SHELL_LANGUAGES = new Set(['bash', 'sh', 'shell', 'zsh', 'ksh', 'fish', 'console', 'shell-session', 'shellsession', 'terminal', 'sh-session', 'command', 'cmd', 'bash-session']);
/** Fences whose unprompted lines are output, not commands. */
const TRANSCRIPT_LANGUAGES = new Set(['console', 'shell-session', 'shellsession', 'terminal', 'sh-session', 'bash-session']);
/** Query languages: something to copy into a metrics or log console, not to run. */
const QUERY_LANGUAGES = new Set(['promql', 'logql', 'metricsql', 'traceql', 'sql', 'kql', 'kusto', 'spl', 'splunk', 'lucene', 'esql', 'query', 'cypher', 'influxql', 'flux']);

/** Programs that make inline code a command by themselves and make an unlabelled fence shell. */
export const WELL_KNOWN_CLIS = new Set([
  'kubectl', 'oc', 'helm', 'curl', 'wget', 'aws', 'gcloud', 'gsutil', 'az', 'systemctl', 'service', 'journalctl',
  'docker', 'podman', 'crictl', 'psql', 'mysql', 'redis-cli', 'mongo', 'mongosh', 'etcdctl', 'knife', 'chef-client',
  'sudo', 'ssh', 'scp', 'terraform', 'vault', 'consul', 'nomad', 'git', 'gh', 'dig', 'nslookup', 'openssl',
  'rados', 'ceph', 'rbd', 'virtctl', 'istioctl', 'linkerd', 'argocd', 'flux', 'kustomize', 'stern', 'ansible',
  'ansible-playbook', 'gitlab-rake', 'gitlab-ctl', 'gitlab-runner', 'bundle', 'nodetool', 'cqlsh', 'kafka-topics',
  'kafka-consumer-groups', 'pg_dump', 'pg_ctl', 'pg_isready', 'certbot', 'keytool', 'tail', 'grep', 'cat', 'ps',
  'kill', 'rm', 'mv', 'cp', 'chmod', 'chown', 'tar', 'rsync', 'export', 'watch', 'ping', 'traceroute', 'df', 'du',
  'free', 'top', 'ls', 'cd', 'echo', 'jq', 'nc', 'telnet', 'mount', 'umount', 'lsblk', 'ipmitool', 'nvidia-smi',
  'npm', 'node', 'python', 'python3', 'make', 'k', 'kubectx', 'kubens', 'eksctl', 'az', 'doctl', 'flyctl', 'heroku',
  'step', 'cfssl', 'iptables', 'ip', 'ss', 'netstat', 'lsof', 'dmesg', 'awk', 'sed', 'find', 'xargs', 'for', 'while',
  'if', 'source', 'set', 'unset', 'mkdir', 'touch', 'tee', 'uptime', 'env', 'host', 'systemd-analyze', 'nginx',
  'haproxy', 'varnishadm', 'supervisorctl', 'pm2', 'redis-server', 'memcached', 'zkcli', 'zkcli.sh', 'vault',
]);

/** An unlabelled or labelled line is a prompt line when it starts with one of these. */
const PROMPT = /^(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s?[$#%]|\[[^\]\n]{1,80}\]\s?[$#]|(?:ba|z|k)?sh-\d+(?:\.\d+)*[$#]|PS [^>]{0,80}>|\$|❯|➜|>\s?\$)(?:\s+|$)/;
/** `# ` as a root prompt, only when what follows is clearly a command (else it is a comment). */
const ROOT_PROMPT = /^#\s+(?=\S)/;

export interface CodeCommand {
  script: string;
  sampleOutput: string[];
  /** 0-based line of the command's first line within the code block. */
  line: number;
  /** 0-based line of the last line belonging to it (output included). */
  endLine: number;
}

export type CodeMeaning =
  | { kind: 'commands'; commands: CodeCommand[] }
  | { kind: 'query'; text: string }
  | { kind: 'none' };

export function isShellLanguage(lang: string | null): boolean {
  return lang !== null && SHELL_LANGUAGES.has(lang.toLowerCase());
}

/** What a code block means for the war room. `lang` is null for unlabelled and indented code. */
export function interpretCode(value: string, lang: string | null): CodeMeaning {
  const language = lang?.toLowerCase() ?? null;
  const lines = dedent(value.split(/\r\n|\r|\n/));
  if (language !== null && QUERY_LANGUAGES.has(language)) {
    const text = lines.join('\n').trim();
    return text ? { kind: 'query', text } : { kind: 'none' };
  }
  if (language !== null && !SHELL_LANGUAGES.has(language)) return { kind: 'none' };

  const transcriptLanguage = language !== null && TRANSCRIPT_LANGUAGES.has(language);
  const rootPromptsAllowed = language === null || transcriptLanguage;
  const prompted = lines.some((line) => promptLength(line, rootPromptsAllowed) !== null);
  if (prompted) return commandsOrNone(transcript(lines, rootPromptsAllowed));
  // A console block without prompts is output (logs, tables, a bare query): nothing to run.
  if (transcriptLanguage) return { kind: 'none' };
  // A bash fence that starts with prose (`Basic Details:`) is a template, not a script.
  const firstLine = lines.find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (language !== null) return firstLine !== undefined && looksLikeCommandLine(firstLine) ? commandsOrNone(wholeBlock(lines)) : { kind: 'none' };
  return commandsOrNone(unlabelled(lines));
}

function commandsOrNone(commands: CodeCommand[]): CodeMeaning {
  const real = commands.filter((c) => c.script.trim() !== '');
  return real.length > 0 ? { kind: 'commands', commands: real } : { kind: 'none' };
}

/** Length of the prompt at the start of a line, or null when the line has none. */
export function promptLength(line: string, rootPromptsAllowed: boolean): number | null {
  const m = PROMPT.exec(line);
  if (m) return m[0].length;
  if (rootPromptsAllowed) {
    const root = ROOT_PROMPT.exec(line);
    if (root && startsWithKnownCli(line.slice(root[0].length))) return root[0].length;
  }
  return null;
}

/** `$ cmd` lines are commands (with continuations and heredocs); the lines after them, output. */
function transcript(lines: string[], rootPromptsAllowed: boolean): CodeCommand[] {
  const commands: CodeCommand[] = [];
  let current: CodeCommand | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const prompt = promptLength(line, rootPromptsAllowed);
    if (prompt !== null) {
      const scriptLines = [line.slice(prompt)];
      const end = continueCommand(lines, i, scriptLines);
      current = { script: scriptLines.join('\n').trimEnd(), sampleOutput: [], line: i, endLine: end };
      commands.push(current);
      i = end;
      continue;
    }
    // Comments between commands in bash blocks are neither commands nor output.
    if (!rootPromptsAllowed && /^\s*#/.test(line)) continue;
    if (current) {
      current.sampleOutput.push(line);
      current.endLine = i;
    }
  }
  for (const command of commands) trimTrailingBlank(command.sampleOutput);
  return commands;
}

/** Extends a command over `\` continuations (`> ` PS2 prompts stripped) and heredoc bodies. */
function continueCommand(lines: string[], start: number, scriptLines: string[]): number {
  let i = start;
  let last = scriptLines[0] ?? '';
  while (/\\\s*$/.test(last) && i + 1 < lines.length) {
    i++;
    last = (lines[i] ?? '').replace(/^>\s?/, '');
    scriptLines.push(last);
  }
  const heredoc = /<<-?\s*['"]?([A-Za-z_]\w*)['"]?/.exec(scriptLines.join('\n'));
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

function wholeBlock(lines: string[]): CodeCommand[] {
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return [];
  let last = lines.length - 1;
  while (last > first && (lines[last] ?? '').trim() === '') last--;
  return [{ script: lines.slice(first, last + 1).join('\n'), sampleOutput: [], line: first, endLine: last }];
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
  return [{ script: scriptLines.join('\n').trimEnd(), sampleOutput: output, line: first, endLine: first + scriptLines.length - 1 + output.length }];
}

/** The first word is a program people run from runbooks (after `sudo`, `VAR=x`, `./`). */
export function startsWithKnownCli(text: string): boolean {
  const trimmed = text.trim().replace(/^(?:[A-Za-z_]\w*=\S*\s+)+/, '');
  const first = /^[^\s;|&()]+/.exec(trimmed)?.[0] ?? '';
  if (!first) return false;
  if (first.startsWith('./') || /^\/(?:usr|bin|sbin|opt)\//.test(first)) return true;
  // Case-sensitive, as the shell is: `Node {{ $labels.node }} is evicting...` or a console
  // comment `# Set the namespace` is prose, not the programs `node` and `set`.
  return WELL_KNOWN_CLIS.has(first);
}

function looksLikeCommandLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '') return false;
  if (trimmed.startsWith('#') || /^[A-Za-z_]\w*=/.test(trimmed)) return true;
  const first = /^\S+/.exec(trimmed)?.[0] ?? '';
  if (first.endsWith(':')) return false;
  return startsWithKnownCli(trimmed) || /^[a-z0-9_./-]+$/.test(first) && !/^[\d.]+$/.test(first) && trimmed.split(/\s+/).length <= 12 && !/[A-Z]{3,}/.test(trimmed.slice(0, 20));
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

/**
 * Inline code is a command when the text just before it labels it (`Command:`, `run`) or when
 * it starts with a well-known CLI and has arguments; other inline code with spaces or colons
 * is a query the operator can copy (`env:prod service:api status:error`).
 */
export function classifyInlineCode(code: string, textBefore: string): 'command' | 'query' | 'none' {
  const trimmed = code.trim();
  if (!trimmed) return 'none';
  // `Command: x` labels strongly (even one word); `run x` only when x has arguments.
  const labelledStrongly = /(?:\bcommands?|\brun|\bexecute|\bcli)\s*:\s*$/i.test(textBefore);
  const labelled = labelledStrongly || /(?:\brun(?:ning)?|\bexecut(?:e|ing)|\btype)\s*$/i.test(textBefore);
  const prompt = promptLength(trimmed, false);
  const withoutPrompt = prompt === null ? trimmed : trimmed.slice(prompt);
  const hasArgs = /\s/.test(withoutPrompt.trim());
  if (startsWithKnownCli(withoutPrompt) && hasArgs) return 'command';
  if (labelledStrongly && /^[\w./-]+$/.test(withoutPrompt.trim())) return 'command';
  if (labelled && hasArgs && /^[\w./-]+\s/.test(withoutPrompt.trim())) return 'command';
  if (hasArgs || /\w:\S/.test(trimmed)) return 'query';
  return 'none';
}

/** Strips a prompt from inline code like `$ kubectl get pods`. */
export function stripInlinePrompt(code: string): string {
  const trimmed = code.trim();
  const prompt = promptLength(trimmed, false);
  return prompt === null ? trimmed : trimmed.slice(prompt).trim();
}
