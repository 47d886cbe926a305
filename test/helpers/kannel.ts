import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, startProcess, waitUntil, type Started } from './processes.ts';

const BEARERBOX = '/usr/sbin/bearerbox';
const SMSBOX = '/usr/sbin/smsbox';
const FAKESMSC = '/usr/lib/kannel/test/fakesmsc';

/** Why Kannel tests cannot run here, or undefined when they can (CI installs the packages). */
export function kannelUnavailable(): string | undefined {
  const missing = [BEARERBOX, SMSBOX, FAKESMSC].filter((binary) => !existsSync(binary));
  if (missing.length === 0) return undefined;
  if (process.env.CI) throw new Error(`Kannel must be installed in CI (apt-get install kannel kannel-extras): missing ${missing.join(', ')}`);
  return `Kannel not installed (${missing.join(', ')}): apt-get install kannel kannel-extras`;
}

export interface KannelPorts {
  readonly admin: number;
  readonly smsbox: number;
  readonly sendsms: number;
  readonly fake: number;
}

export const KANNEL_USER = { username: 'engangskod', password: 'sendsms-secret' };

/**
 * bearerbox + smsbox + an SMSC of type `fake`, all on 127.0.0.1. Receivers matching
 * `^[+]?46709` are refused by bearerbox (report 16), a hook for the failure path. smsbox
 * retries report callbacks it could not deliver (http-request-retry), which is what lets a
 * service that restarts still hear about texts it handed over just before it died.
 */
export function kannelConfig(ports: KannelPorts, logLevel = 1): string {
  return `group = core
admin-port = ${ports.admin}
admin-interface = 127.0.0.1
admin-password = adminpw
status-password = statuspw
admin-allow-ip = "127.0.0.1"
smsbox-port = ${ports.smsbox}
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
log-file = "logs/bearerbox.log"
log-level = ${logLevel}
access-log = "logs/bearerbox-access.log"
dlr-storage = internal
black-list-receiver-regex = "^[+]?46709"

group = smsc
smsc = fake
smsc-id = fake
our-host = 127.0.0.1
port = ${ports.fake}
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${ports.smsbox}
sendsms-port = ${ports.sendsms}
sendsms-interface = 127.0.0.1
global-sender = 12345
log-file = "logs/smsbox.log"
log-level = ${logLevel}
access-log = "logs/smsbox-access.log"
http-request-retry = 30
http-queue-delay = 1

group = sendsms-user
username = ${KANNEL_USER.username}
password = ${KANNEL_USER.password}
concatenation = true
max-messages = 10

group = sms-service
keyword = default
text = "No service specified"
`;
}

/** A text as fakesmsc (the "handset" side) printed it. */
export interface ReceivedSms {
  readonly from: string;
  readonly to: string;
  readonly type: string;
  /** The text, decoded: UTF-8 for GSM-7 texts, UCS-2 decoded for coding 2; for a part of a long text, its raw payload. */
  readonly text: string;
  /** For a part of a concatenated text: the UDH bytes and the payload bytes (UTF-8, or UTF-16BE for UCS-2). */
  readonly udh?: Buffer;
  readonly payload?: Buffer;
}

/** Percent-decoding to bytes (fakesmsc url-encodes UCS-2 and UDH payloads). */
const percentBytes = (encoded: string): Buffer => {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const char = encoded[i] as string;
    if (char === '%' && /^[0-9a-fA-F]{2}$/.test(encoded.slice(i + 1, i + 3))) {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (char === '+') bytes.push(0x20);
    else bytes.push(...Buffer.from(char, 'utf8'));
  }
  return Buffer.from(bytes);
};

/**
 * fakesmsc's log: `DEBUG: Got message N: <from to type data>`. The fake SMSC protocol is
 * line-based, so a text with line breaks comes out as one line per text line; the lines
 * after the first are joined back.
 */
export function parseFakesmscLog(log: string): ReceivedSms[] {
  const out: (ReceivedSms & { text: string })[] = [];
  for (const line of log.split('\n')) {
    const content = /DEBUG: Got message \d+: <(.*)>$/.exec(line)?.[1];
    if (content === undefined) continue;
    const head = /^(\S+) (\S+) (text|ucs-2|udh|data) (.*)$/s.exec(content);
    if (head) {
      const [, from, to, type, data] = head as unknown as [string, string, string, string, string];
      const part = type === 'udh' ? /^(\S+) data (.*)$/s.exec(data) : null;
      if (part) {
        const [, udh, payload] = part as unknown as [string, string, string];
        out.push({ from, to, type, text: payload, udh: percentBytes(udh), payload: percentBytes(payload) });
        continue;
      }
      const text = type === 'ucs-2' ? percentBytes(data).swap16().toString('utf16le') : data;
      out.push({ from, to, type, text });
    } else if (out.length > 0) {
      const last = out[out.length - 1] as { text: string };
      last.text += `\n${content}`;
    }
  }
  return out;
}

export interface KannelGateway {
  readonly ports: KannelPorts;
  /** The sendsms URL with the sendsms-user in it, as SMS_KANNEL_URL wants it. */
  readonly sendsmsUrl: string;
  readonly runDir: string;
  /** Every text fakesmsc has received so far. */
  received(): ReceivedSms[];
  /** Stops bearerbox, smsbox and fakesmsc; `remove` also deletes the run folder. */
  stop(options?: { remove?: boolean }): Promise<void>;
}

/**
 * Starts Kannel for a test on free loopback ports (or the given ones, to bring a stopped
 * gateway back), in the order that works: bearerbox, then fakesmsc, then smsbox.
 */
export async function startKannel(options: { ports?: KannelPorts; runDir?: string; logLevel?: number; fakesmsc?: boolean } = {}): Promise<KannelGateway> {
  const [admin, smsbox, sendsms, fake] = options.ports ? [] : await freePorts(4);
  const ports: KannelPorts = options.ports ?? { admin: admin as number, smsbox: smsbox as number, sendsms: sendsms as number, fake: fake as number };
  const runDir = options.runDir ?? mkdtempSync(join(tmpdir(), 'engangskod-kannel-'));
  mkdirSync(join(runDir, 'logs'), { recursive: true });
  writeFileSync(join(runDir, 'kannel.conf'), kannelConfig(ports, options.logLevel));
  const status = async () => {
    try {
      const response = await fetch(`http://127.0.0.1:${ports.admin}/status.txt?password=statuspw`, { signal: AbortSignal.timeout(1000) });
      return await response.text();
    } catch {
      return '';
    }
  };
  const started: Started[] = [];
  const stopAll = async () => {
    for (const process of started.reverse()) await process.stop(10_000);
  };
  try {
    // -v 2: warnings and worse on stdout; the log files get log-level.
    const bearerbox = startProcess(BEARERBOX, ['-v', '2', 'kannel.conf'], { cwd: runDir, logFile: join(runDir, 'logs', 'bearerbox.stdout') });
    started.push(bearerbox);
    await waitUntil('bearerbox running', async () => /^Status: running/m.test(await status()), 15_000);
    if (options.fakesmsc ?? true) {
      // -m 0: sends nothing, prints every text it receives (at debug level, hence -v 0).
      const fakesmsc = startProcess(FAKESMSC, ['-H', '127.0.0.1', '-r', String(ports.fake), '-m', '0', '-v', '0', '0 0 text unused'], { cwd: runDir, logFile: join(runDir, 'logs', 'fakesmsc.log') });
      started.push(fakesmsc);
      // Not a TCP probe: the fake SMSC port takes one client, and a probe would be it.
      await waitUntil('fakesmsc connected', async () => (await status()).includes(`FAKE:${ports.fake} (online`), 15_000);
    }
    const smsboxProcess = startProcess(SMSBOX, ['-v', '2', 'kannel.conf'], { cwd: runDir, logFile: join(runDir, 'logs', 'smsbox.stdout') });
    started.push(smsboxProcess);
    await waitUntil('smsbox connected', async () => (await status()).includes('smsbox:(none), IP 127.0.0.1'), 15_000);
    await waitUntil('sendsms port open', async () => {
      try {
        await fetch(`http://127.0.0.1:${ports.sendsms}/`, { signal: AbortSignal.timeout(1000) });
        return true;
      } catch {
        return false;
      }
    }, 10_000);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    ports,
    runDir,
    sendsmsUrl: `http://${KANNEL_USER.username}:${KANNEL_USER.password}@127.0.0.1:${ports.sendsms}/cgi-bin/sendsms`,
    received() {
      const path = join(runDir, 'logs', 'fakesmsc.log');
      return existsSync(path) ? parseFakesmscLog(readFileSync(path, 'utf8')) : [];
    },
    async stop(stopOptions = {}) {
      await stopAll();
      if (stopOptions.remove) rmSync(runDir, { recursive: true, force: true });
    },
  };
}
