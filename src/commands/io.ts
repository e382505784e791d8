// What a subcommand needs from the process, injected so tests can run commands in-process too.
export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** True when stdin and stdout are terminals (the TUI can run). */
  isTty: boolean;
}

export function processIo(): CommandIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTty: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  };
}
