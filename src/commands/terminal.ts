/**
 * What a command reads and writes besides its arguments: the environment, the folder `.env`
 * is read from, stdout and stderr. `engangskod` gives each command the process's own; the
 * command suites run commands in their own process with a terminal of their own, so testing
 * one command costs no Node.js start-up and no TypeScript loading.
 */
export interface Terminal {
  /** The settings' environment; the process's own when absent (only config/load.ts reads process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export const processTerminal: Terminal = {
  cwd: process.cwd(),
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/**
 * A command ending with an exit status: thrown, so a command that stops half-way still closes
 * its database on the way out. The message goes to stderr (to stdout for status 0: --help).
 */
export class CommandExit extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'CommandExit';
  }
}
