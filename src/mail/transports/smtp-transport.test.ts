import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { waitUntil } from '../../../test/helpers/processes.ts';
import { systemClock } from '../../lib/clock.ts';
import { Dispatcher } from '../../sms/dispatcher.ts';
import { openSqlite } from '../../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../../storage/storage.ts';
import { redactMailCodes } from '../message-mails.ts';
import { messageIdOf, smtpTransport, type SmtpSettings } from './smtp-transport.ts';

const logger = pino({ level: 'silent' });
// Small, so the hanging servers cost a test a fraction of a second.
const TIMEOUT_MS = 300;

interface Received {
  readonly messageId: string;
  readonly raw: string;
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
}

const refusal = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });
const headerOf = (raw: string, name: string) => raw.match(new RegExp(`^${name}: (.*)$`, 'im'))?.[1]?.trim();

/**
 * A real SMTP server on loopback (the smtp-server package, written apart from our sender), that
 * records each mail it accepts. `onData` may answer otherwise (refuse, or never answer); `stop`
 * goes away at once: it stops listening and cuts every open session.
 */
class MailServer {
  readonly received: Received[] = [];
  #server: SMTPServer | undefined;
  readonly #sockets = new Set<Socket>();
  #waiters: { count: number; resolve: () => void }[] = [];

  constructor(
    private readonly options: Partial<SMTPServerOptions> & {
      /** Decides the answer to a mail whose data arrived: undefined accepts and records it. */
      answer?: (mail: Received) => Error | 'never' | undefined;
    } = {},
  ) {}

  async start(port = 0): Promise<number> {
    const { answer, ...rest } = this.options;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      ...rest,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail: Received = {
            messageId: headerOf(raw, 'Message-ID') ?? '',
            raw,
            envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
          };
          const verdict = answer?.(mail);
          if (verdict === 'never') return;
          if (verdict) return callback(verdict);
          this.received.push(mail);
          this.#notify();
          callback();
        });
      },
    });
    server.server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    return (server.server.address() as AddressInfo).port;
  }

  /** Goes away mid-dialogue: no more connections, and the open ones are cut. */
  stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    return new Promise<void>((resolve) => (server ? server.server.close(() => resolve()) : resolve()));
  }

  /** Resolves once `count` mails have been accepted. */
  accepted(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push({ count, resolve });
      this.#notify();
    });
  }

  #notify(): void {
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.received.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }
}

/** A TCP server that takes connections and never says a word (no greeting). */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: bound once, then let go. */
async function closedPort(): Promise<number> {
  const server = await silentServer();
  await server.close();
  return server.port;
}

const settingsFor = (port: number, overrides: Partial<SmtpSettings> = {}): SmtpSettings => ({
  url: `smtp://127.0.0.1:${port}`,
  from: 'Engångskod <no-reply@login.example.se>',
  messageIdDomain: 'login.example.se',
  timeoutMs: TIMEOUT_MS,
  ...overrides,
});

const aMail = (overrides: { to?: string; id?: string } = {}) => ({
  id: overrides.id ?? randomUUID(),
  attempt: 1,
  to: overrides.to ?? 'anna@example.se',
  subject: 'Bekräfta din e-postadress',
  body: 'Hej!\n\nDin kod är:\n\n12345678\n\nHälsningar\nEngångskod\n',
  locale: 'sv' as const,
});

describe('the SMTP transport', () => {
  it('hands a mail to the server as plain UTF-8 text with our From, its subject, its language and a Message-ID from its outbox id', async () => {
    const server = new MailServer();
    const port = await server.start();
    try {
      const mail = aMail();
      assert.deepEqual(await smtpTransport(settingsFor(port)).send(mail), { ok: true, status: 'delivered' });
      const [received] = server.received;
      assert.ok(received);
      assert.equal(received.messageId, messageIdOf(mail.id, 'login.example.se'));
      assert.equal(received.messageId, `<${mail.id}@login.example.se>`);
      assert.deepEqual(received.envelope, { from: 'no-reply@login.example.se', to: ['anna@example.se'] });
      assert.equal(headerOf(received.raw, 'To'), 'anna@example.se');
      assert.match(headerOf(received.raw, 'From') ?? '', /<no-reply@login\.example\.se>$/);
      assert.equal(headerOf(received.raw, 'Content-Language'), 'sv');
      assert.match(headerOf(received.raw, 'Content-Type') ?? '', /^text\/plain; charset=utf-8/i);
      assert.match(headerOf(received.raw, 'Subject') ?? '', /^=\?UTF-8\?/i, 'the ä is encoded, not sent raw');
      assert.match(received.raw, /12345678/);
    } finally {
      await server.stop();
    }
  });

  it('logs in with the user and password of SMTP_URL', async () => {
    const logins: string[] = [];
    const server = new MailServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) => {
        logins.push(`${auth.username}:${auth.password}`);
        callback(null, { user: auth.username });
      },
    });
    const port = await server.start();
    try {
      const outcome = await smtpTransport(settingsFor(port, { url: `smtp://mailer%40example.se:p%C3%A5ss@127.0.0.1:${port}` })).send(aMail());
      assert.deepEqual(outcome, { ok: true, status: 'delivered' });
      assert.deepEqual(logins, ['mailer@example.se:påss']);
    } finally {
      await server.stop();
    }
  });

  it('takes a 5xx refusal of the recipient or of the message as final, and not in doubt', async () => {
    const server = new MailServer({
      onRcptTo: (address, _session, callback) => callback(address.address.startsWith('nobody') ? refusal(550, 'No such user') : null),
      answer: () => refusal(554, 'Message rejected as spam'),
    });
    const port = await server.start();
    try {
      const transport = smtpTransport(settingsFor(port));
      const toNobody = await transport.send(aMail({ to: 'nobody@example.se' }));
      assert.equal(toNobody.ok, false);
      assert.ok(!toNobody.ok && !toNobody.retryable && !toNobody.inDoubt, JSON.stringify(toNobody));
      assert.match(!toNobody.ok ? toNobody.error : '', /550/);
      const rejected = await transport.send(aMail());
      assert.ok(!rejected.ok && !rejected.retryable && !rejected.inDoubt, JSON.stringify(rejected));
      assert.match(!rejected.ok ? rejected.error : '', /554/);
      assert.deepEqual(server.received, []);
    } finally {
      await server.stop();
    }
  });

  it('retries a 4xx answer (greylisting, a full queue), before or after the data', async () => {
    const server = new MailServer({
      onMailFrom: (_address, session, callback) => callback(session.envelope.rcptTo.length === 0 && session.transaction === 1 ? refusal(451, 'Try again later') : null),
    });
    const port = await server.start();
    try {
      const outcome = await smtpTransport(settingsFor(port)).send(aMail());
      assert.ok(!outcome.ok && outcome.retryable && !outcome.inDoubt, JSON.stringify(outcome));
      assert.match(!outcome.ok ? outcome.error : '', /451/);
    } finally {
      await server.stop();
    }
    const busy = new MailServer({ answer: () => refusal(452, 'Insufficient system storage') });
    const busyPort = await busy.start();
    try {
      const outcome = await smtpTransport(settingsFor(busyPort)).send(aMail());
      assert.ok(!outcome.ok && outcome.retryable && !outcome.inDoubt, JSON.stringify(outcome));
    } finally {
      await busy.stop();
    }
  });

  it('retries when no server listens', async () => {
    const outcome = await smtpTransport(settingsFor(await closedPort())).send(aMail());
    assert.ok(!outcome.ok && outcome.retryable && !outcome.inDoubt, JSON.stringify(outcome));
  });

  it('gives up on a server that takes the connection and never greets within its timeout, to retry later', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const outcome = await smtpTransport(settingsFor(silent.port)).send(aMail());
      assert.ok(!outcome.ok && outcome.retryable && !outcome.inDoubt, JSON.stringify(outcome));
      assert.ok(Date.now() - started < TIMEOUT_MS * 5, 'a hung server holds the send only about as long as the timeout');
    } finally {
      await silent.close();
    }
  });

  it('gives up on a server that stalls mid-dialogue before the data, to retry later', async () => {
    const server = new MailServer({ onMailFrom: () => undefined });
    const port = await server.start();
    try {
      const started = Date.now();
      const outcome = await smtpTransport(settingsFor(port)).send(aMail());
      assert.ok(!outcome.ok && outcome.retryable && !outcome.inDoubt, JSON.stringify(outcome));
      assert.ok(Date.now() - started < TIMEOUT_MS * 5);
    } finally {
      await server.stop();
    }
  });

  it('holds a mail in doubt when the server took its data and never answered', async () => {
    const server = new MailServer({ answer: () => 'never' });
    const port = await server.start();
    try {
      const outcome = await smtpTransport(settingsFor(port)).send(aMail());
      assert.ok(!outcome.ok && outcome.retryable && outcome.inDoubt, JSON.stringify(outcome));
    } finally {
      await server.stop();
    }
  });
});

describe('mails through the outbox to an SMTP server that goes away mid-burst', { timeout: 60_000 }, () => {
  let folder: string;
  let storage: Storage;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'engangskod-smtp-'));
    storage = await openSqlite(join(folder, 'db.sqlite'));
  });
  after(async () => {
    await storage.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('delivers every one of 30 mails exactly once, identified by Message-ID, when the server restarts mid-burst', async () => {
    const BURST = 30;
    const CUT_AFTER = 10;
    let restarted: Promise<number> | undefined;
    let port = 0;
    // The first server takes ten mails, then goes away while the eleventh's data has arrived
    // and before it answers (so that mail is in doubt), cutting the sessions in flight; the
    // second comes up on the same port a moment later.
    const second = new MailServer();
    const first: MailServer = new MailServer({
      answer: () => {
        if (first.received.length < CUT_AFTER && !restarted) return undefined;
        restarted ??= first.stop().then(
          () =>
            new Promise<number>((resolve) => {
              setTimeout(() => resolve(second.start(port)), 4 * TIMEOUT_MS);
            }),
        );
        return 'never';
      },
    });
    port = await first.start();

    const ids: string[] = [];
    for (let i = 0; i < BURST; i++) {
      ids.push(
        await storage.outbox.queue.enqueue(
          { channel: 'mail', to: `person${i}@example.se`, subject: 'Ditt lösenord har ändrats', body: `Mejl ${i}.`, locale: 'sv', purpose: 'password_changed', codeId: null },
          systemClock.now(),
        ),
      );
    }
    const dispatcher = new Dispatcher({
      outbox: storage.outbox,
      channel: 'mail',
      transports: [smtpTransport(settingsFor(port))],
      redact: redactMailCodes,
      codeStates: async () => new Map(),
      clock: systemClock,
      logger,
      options: { concurrency: 4, pollMs: 50, failoverMs: 4 * TIMEOUT_MS, backoffBaseMs: 50, backoffMaxMs: 200, leaseMs: 30_000 },
    });
    dispatcher.start();
    try {
      await first.accepted(CUT_AFTER);
      await second.accepted(BURST - CUT_AFTER);
      // Every mail is delivered and final: nothing is left to send, so nothing can come twice.
      await waitUntil('every mail delivered', async () => (await storage.outbox.operator.countByStatus('mail')).delivered === BURST, 20_000, 20);
    } finally {
      await dispatcher.stop();
      await first.stop();
      await second.stop();
    }
    const arrived = [...first.received, ...second.received].map((mail) => mail.messageId);
    assert.equal(first.received.length, CUT_AFTER);
    assert.deepEqual([...arrived].sort(), ids.map((id) => messageIdOf(id, 'login.example.se')).sort(), 'each mail once');
    assert.ok(restarted, 'the server went away mid-burst');
    const attempts = await Promise.all(ids.map((id) => storage.outbox.attempts.listAttempts(id)));
    assert.ok(attempts.some((list) => list.some((a) => a.outcome === 'unknown')), 'one mail was in doubt and waited before going out again');
  });
});
