import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';

/**
 * Background processes a test starts (Kannel, an SMSC, the service itself): each in a process
 * group of its own, so stopping it stops its children too, and every one still alive is
 * killed when the test process exits, however it exits. Nothing is ever killed by name.
 */
const alive = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of alive) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** SIGTERM to its process group, SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once, as a crash would. */
  kill(): Promise<void>;
}

/** Starts `command` with stdout and stderr appended to `logFile`. */
export function startProcess(command: string, args: readonly string[], options: { cwd?: string; logFile: string; env?: NodeJS.ProcessEnv }): Started {
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  alive.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      alive.delete(child);
      resolve(code);
    });
    child.once('error', () => {
      alive.delete(child);
      resolve(null);
    });
  });
  const stop = async (graceMs = 5000) => {
    if (!alive.has(child)) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    // Children of the group that outlived their parent (a forked SMSC's sessions).
    killGroup(child, 'SIGKILL');
  };
  const kill = async () => {
    killGroup(child, 'SIGKILL');
    await exited;
  };
  return { child, exited, stop, kill };
}

/** `count` distinct loopback ports that were free a moment ago. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Polls `check` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
