import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** The repository root, where `npm start` and `src/main.ts` live. */
export const repoRoot = new URL('../..', import.meta.url).pathname;

/** `npm start` as the README has it. */
export const npmStart = ['npm', 'start', '--silent'];
/** The compiled service itself (after a build), so its own exit code shows. */
export const compiledService = [process.execPath, 'dist/main.js'];
/** The sources through tsx: no build needed. */
export const sourceService = [process.execPath, '--import', 'tsx', 'src/main.ts'];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** SIGTERM to the whole process group, as a service manager sends it; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL to the whole process group, if it still runs. */
  kill(): void;
}

/**
 * Starts the service as its own process group (env must name its PORT) and resolves once
 * /healthz answers. Fails with its stderr if it exits first.
 */
export async function startService(command: readonly string[], env: Record<string, string> & { PORT: string }): Promise<ServiceProcess> {
  const { NODE_ENV: _testEnv, ENGANGSKOD_TEST_DATABASE: _db, ...inherited } = process.env;
  const child = spawn(command[0]!, command.slice(1), {
    cwd: repoRoot,
    env: { ...inherited, LOG_LEVEL: 'warn', ...env },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  try {
    await eventually(
      async () => {
        if (gone !== undefined) throw new Error(`service exited with ${gone} before listening\n${stderr}`);
        try {
          return (await fetch(`http://127.0.0.1:${env.PORT}/healthz`)).ok ? true : undefined;
        } catch {
          return undefined; // not listening yet
        }
      },
      'the service to answer /healthz',
      90_000,
    );
  } catch (error) {
    // A service that never became ready must not outlive the test or benchmark that started it.
    signal('SIGKILL');
    throw error;
  }
  return {
    child,
    exited,
    stop() {
      signal('SIGTERM');
      return exited;
    },
    kill: () => signal('SIGKILL'),
  };
}

/** Asks `check` until it answers something other than undefined; for state in another process. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
