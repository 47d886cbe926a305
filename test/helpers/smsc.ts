import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts, startProcess, waitUntil, type Started } from './processes.ts';

const SCRIPT = fileURLToPath(new URL('../fixtures/smpp/smsc-dlr.pl', import.meta.url));

/** Why the Net::SMPP test SMSC cannot run here, or undefined when it can. */
export function smscUnavailable(): string | undefined {
  try {
    execFileSync('perl', ['-MNet::SMPP', '-MJSON::PP', '-e', '1'], { stdio: 'ignore' });
    return undefined;
  } catch {
    if (process.env.CI) throw new Error('Net::SMPP must be installed in CI (apt-get install libnet-smpp-perl)');
    return 'Net::SMPP not installed: apt-get install libnet-smpp-perl';
  }
}

/** One line of the SMSC's JSON log. */
export interface SmscEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

export interface TestSmsc {
  readonly port: number;
  readonly url: string;
  events(): SmscEvent[];
  /** Kills the SMSC and every session it forked, as a crash or network loss would. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** Freezes it and its sessions (SIGSTOP), as a hung SMSC or a silent network: TCP stays up, nothing answers. */
  freeze(): void;
  thaw(): void;
  remove(): Promise<void>;
}

/**
 * smsc-dlr.pl on a free loopback port: binds, answers submits with increasing ids and sends
 * SMPP 3.4 receipts (DELIVRD; UNDELIV for 46709…; submit refused with 0x0B for 467000…).
 */
export async function startSmsc(): Promise<TestSmsc> {
  const [port] = (await freePorts(1)) as [number];
  const dir = mkdtempSync(join(tmpdir(), 'engangskod-smsc-'));
  const logFile = join(dir, 'smsc.jsonl');
  const stderr = join(dir, 'smsc.log');
  let process: Started | undefined;
  const start = async () => {
    const before = existsSync(stderr) ? readFileSync(stderr, 'utf8').split('listening').length : 1;
    process = startProcess('perl', [SCRIPT, String(port), logFile], { cwd: dir, logFile: stderr });
    await waitUntil('the SMSC listening', () => existsSync(stderr) && readFileSync(stderr, 'utf8').split('listening').length > before, 10_000);
  };
  const signalGroup = (signal: NodeJS.Signals) => {
    if (process?.child.pid !== undefined) globalThis.process.kill(-process.child.pid, signal);
  };
  await start();
  return {
    port,
    url: `smpp://engangskod:secret@127.0.0.1:${port}`,
    events() {
      if (!existsSync(logFile)) return [];
      return readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as SmscEvent);
    },
    async stop() {
      await process?.kill();
    },
    restart: start,
    freeze: () => signalGroup('SIGSTOP'),
    thaw: () => signalGroup('SIGCONT'),
    async remove() {
      await process?.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
