import { runCommand } from '../../src/commands/commands.ts';

export interface CliOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `engangskod <args>` run in this process on a terminal of its own (the environment and folder
 * given), answered as execFile answers for a child process: its output when the status is 0,
 * otherwise a rejection carrying `code`, `stdout` and `stderr`. The same command table and
 * parsing as the real CLI, without a Node.js start-up and TypeScript loading per call; src/cli.test.ts
 * runs the real `engangskod` process.
 */
export async function runCli(args: readonly string[], options: { readonly env: Readonly<Record<string, string | undefined>>; readonly cwd: string }): Promise<CliOutput> {
  let stdout = '';
  let stderr = '';
  const code = await runCommand(args, {
    env: options.env,
    cwd: options.cwd,
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
  });
  if (code === 0) return { stdout, stderr };
  throw Object.assign(new Error(`engangskod ${args.join(' ')} exited with status ${code}:\n${stderr}`), { code, stdout, stderr });
}
