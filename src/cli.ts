// Argument parsing and dispatch. Each subcommand lives in src/commands/<name>.ts and is loaded
// only when used, so `warroom validate` never pays for Ink and React.
import { Command, CommanderError } from 'commander';
import { errorMessage, WarroomError } from './errors.ts';
import { processIo, type CommandIo } from './commands/io.ts';
import { formatStartupTrace, markPhase, traceRequested } from './adapters/startup-trace.ts';
import { VERSION } from './version.ts';
import type { RunFlags } from './commands/run.ts';
import type { ResumeFlags } from './commands/resume.ts';

type Done = (p: Promise<number>) => Promise<void>;
/** Defines one subcommand on the program; returns every command it made (they get the usage rules). */
type DefineCommand = (program: Command, io: CommandIo, done: Done) => Command[];

const SUBCOMMANDS: Record<string, DefineCommand> = {
  run: (program, io, done) => [
    program
      .command('run')
      .description('open a new incident from a runbook and the war room dashboard')
      .argument('[runbook]', 'path to the runbook Markdown file (with --alert: only when the alert maps to none)')
      .option('--alert <fingerprint|alertname>', 'open from a firing Alertmanager alert: its runbook, labels, severity and start time')
      .option('--service <name>', 'service affected (fills [SERVICE] in the title)')
      .option('--severity <SEV-N>', "severity; defaults to the runbook's")
      .option('--commander <name>', 'incident commander; defaults to the operator')
      .option('--detected-at <time>', 'when the alert fired: ISO time or a duration ago (14m, 1h30m)')
      .option('--impact-started-at <time>', "when impact began; default: detection minus the trigger's alert window")
      .option('--title <text>', "incident title; defaults to the runbook's")
      .option('--dry-run', 'a drill: nothing runs and nothing is sent (messages go to outbox.jsonl, marked [DRILL])', false)
      .option('--readonly', 'only read-only commands may run', false)
      .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
      .action(async (runbook: string | undefined, flags: RunFlags) => {
        const { runCommand } = await import('./commands/run.ts');
        await done(runCommand(runbook, flags, io));
      }),
  ],
  resume: (program, io, done) => [
    program
      .command('resume')
      .description('reopen the war room on an incident (latest open one by default)')
      .argument('[id]', 'incident id, or "latest"')
      .option('--dry-run', 'a drill: nothing runs and nothing is sent (messages go to outbox.jsonl, marked [DRILL])', false)
      .option('--readonly', 'only read-only commands may run', false)
      .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
      .action(async (id: string | undefined, flags: ResumeFlags) => {
        const { resumeCommand } = await import('./commands/resume.ts');
        await done(resumeCommand(id, flags, io));
      }),
  ],
  join: (program, io, done) => [
    program
      .command('join')
      .description('open a shared war room (share.url) that another responder published')
      .argument('<id>', 'shared incident id or a unique prefix')
      .option('--dry-run', 'a drill: nothing runs and nothing is sent (messages go to outbox.jsonl, marked [DRILL])', false)
      .option('--readonly', 'only read-only commands may run', false)
      .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
      .action(async (id: string, flags: { color: boolean; dryRun: boolean; readonly: boolean }) => {
        const { joinCommand } = await import('./commands/join.ts');
        await done(joinCommand(id, flags, io));
      }),
  ],
  validate: (program, io, done) => [
    program
      .command('validate')
      .description('check runbooks and report problems with file:line:column')
      .argument('<paths...>', 'runbook files or folders (searched for *.md)')
      .option('--json', 'print the parsed model(s) as JSON', false)
      .action(async (paths: string[], flags: { json: boolean }) => {
        const { validateCommand } = await import('./commands/validate.ts');
        await done(validateCommand(paths, flags, io));
      }),
  ],
  list: (program, io, done) => [
    program
      .command('list')
      .description('list the open incidents and the newest others (--all: every one)')
      .option('--all', 'every incident, however many', false)
      .option('--json', 'print JSON (every incident)', false)
      .action(async (flags: { json: boolean; all: boolean }) => {
        const { listCommand } = await import('./commands/list.ts');
        await done(listCommand(flags, io));
      }),
  ],
  alerts: (program, io, done) => [
    program
      .command('alerts')
      .description('list firing alerts (Alertmanager) and your PagerDuty incidents, with the runbook each opens')
      .option('--json', 'print JSON', false)
      .action(async (flags: { json: boolean }) => {
        const { alertsCommand } = await import('./commands/alerts.ts');
        await done(alertsCommand(flags, io));
      }),
  ],
  show: (program, io, done) => [
    program
      .command('show')
      .description('print an incident: state and timeline (works without a terminal)')
      .argument('<id>', 'incident id, or "latest"')
      .option('--json', 'print JSON', false)
      .action(async (id: string, flags: { json: boolean }) => {
        const { showCommand } = await import('./commands/show.ts');
        await done(showCommand(id, flags, io));
      }),
  ],
  repair: (program, io, done) => [
    program
      .command('repair')
      .description('move damaged journal lines to journal.damaged.jsonl and make the incident writable again')
      .argument('<id>', 'incident id, unique prefix, or "latest"')
      .action(async (id: string) => {
        const { repairCommand } = await import('./commands/repair.ts');
        await done(repairCommand(id, io));
      }),
  ],
  postmortem: (program, io, done) => [
    program
      .command('postmortem')
      .description('write a post-mortem draft from the journal')
      .argument('<id>', 'incident id, or "latest"')
      .option('-o, --output <file>', 'where to write (default: postmortem.md in the incident folder)')
      .option('--stdout', 'print the draft instead of writing it', false)
      .action(async (id: string, flags: { output?: string; stdout: boolean }) => {
        const { postmortemCommand } = await import('./commands/postmortem.ts');
        await done(postmortemCommand(id, flags, io));
      }),
  ],
  config: (program, io, done) => {
    const config = program.command('config').description('read and change configuration');
    config
      .command('set')
      .description('set a key')
      .argument('<key>')
      .argument('<value>')
      .action(async (key: string, value: string) => {
        const { configCommand } = await import('./commands/config.ts');
        await done(configCommand({ action: 'set', key, value }, io));
      });
    config
      .command('get')
      .description('print a key (secrets masked unless --reveal)')
      .argument('<key>')
      .option('--reveal', 'print secrets in full', false)
      .action(async (key: string, flags: { reveal: boolean }) => {
        const { configCommand } = await import('./commands/config.ts');
        await done(configCommand({ action: 'get', key, reveal: flags.reveal }, io));
      });
    config
      .command('unset')
      .description('remove a key')
      .argument('<key>')
      .action(async (key: string) => {
        const { configCommand } = await import('./commands/config.ts');
        await done(configCommand({ action: 'unset', key }, io));
      });
    config
      .command('list')
      .description('print every key (secrets masked)')
      .action(async () => {
        const { configCommand } = await import('./commands/config.ts');
        await done(configCommand({ action: 'list' }, io));
      });
    config
      .command('path')
      .description('print where the config file lives')
      .action(async () => {
        const { configCommand } = await import('./commands/config.ts');
        await done(configCommand({ action: 'path' }, io));
      });
    return [config, ...config.commands];
  },
  statuspage: (program, io, done) => {
    const statuspage = program
      .command('statuspage')
      .description('the public status page (statuspage.* config)');
    const components = statuspage
      .command('components')
      .description("list the page's components: id, name, group, status, and which an incident preselects")
      .option('--json', 'print JSON', false)
      .option('--runbook <file>', "check the components a runbook's front matter preselects")
      .action(async (flags: { json: boolean; runbook?: string }) => {
        const { statuspageCommand } = await import('./commands/statuspage.ts');
        await done(statuspageCommand({ action: 'components', ...flags }, io));
      });
    return [statuspage, components];
  },
  share: (program, io, done) => {
    const share = program.command('share').description('the shared war room (PostgreSQL at share.url)');
    share
      .command('init')
      .description("create or upgrade the shared store's schema (safe to run again)")
      .action(async () => {
        const { shareCommand } = await import('./commands/share.ts');
        await done(shareCommand({ action: 'init' }, io));
      });
    return [share, ...share.commands];
  },
};

function buildProgram(io: CommandIo, setExit: (code: number) => void, argv: readonly string[]): Command {
  const program = new Command('warroom')
    .description('A terminal war room for incident response.')
    .version(VERSION, '-v, --version')
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One clear line: commander's message already names the flag or argument.
      outputError: (s, write) => write(`warroom: ${s.replace(/^error: /, '').trimEnd()}\n`),
    });

  const done: Done = (p) => p.then(setExit);
  // Only the subcommand asked for is built (commander makes every option of every subcommand:
  // ~3 ms of each start for all of them); help, the picker and a typo get them all.
  const asked = argv[2];
  const names = asked !== undefined && Object.hasOwn(SUBCOMMANDS, asked) ? [asked] : Object.keys(SUBCOMMANDS);
  const made = names.flatMap((name) => SUBCOMMANDS[name]!(program, io, done));

  // `warroom --dry-run`: the picker, with new incidents starting as drills. Positional options
  // keep it the program's own: `warroom run x --dry-run` stays the run command's flag.
  program.enablePositionalOptions().option('--dry-run', 'the picker, with new incidents starting as drills (nothing runs, nothing is sent)', false);
  program.action(async (flags: { dryRun: boolean }) => {
    const { pickCommand } = await import('./commands/pick.ts');
    await done(pickCommand(io, { dryRun: flags.dryRun }));
  });

  // Unknown flags and extra arguments are usage errors everywhere, exit code 2.
  for (const cmd of [program, ...made]) cmd.exitOverride().allowExcessArguments(false);
  return program;
}

/** Entry point used by bin/warroom.js. Never throws: prints one line and sets the exit code. */
export async function main(argv: string[], io: CommandIo = processIo()): Promise<void> {
  markPhase('cli-loaded');
  // `warroom show latest | head` closes the pipe early: that is the reader's choice, not a crash.
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  let exitCode = 0;
  const program = buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    argv,
  );
  try {
    await program.parseAsync(argv);
  } catch (error) {
    exitCode = exitCodeFor(error, io);
  }
  process.exitCode = exitCode;
  if (traceRequested(io.env)) {
    markPhase('command-done');
    io.stderr.write(formatStartupTrace());
  }
}

function exitCodeFor(error: unknown, io: CommandIo): number {
  if (error instanceof CommanderError) {
    // --help and --version arrive here with exit code 0; commander already printed them.
    if (error.exitCode === 0) return 0;
    return 2;
  }
  if (error instanceof WarroomError) {
    io.stderr.write(`warroom: ${error.message}\n`);
    return error.exitCode;
  }
  io.stderr.write(`warroom: unexpected error: ${errorMessage(error)}\n`);
  if (io.env.WARROOM_DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  return 1;
}
