/**
 * `npm run bench:dispatcher-kannel`: dispatcher throughput through real Kannel on this machine.
 * Starts bearerbox + smsbox + fakesmsc on free loopback ports and the service (in process,
 * SQLite, SMS_TRANSPORT=kannel, its HTTP server taking Kannel's report callbacks), fills the
 * outbox with code texts (each with a live code, as in production), then measures:
 *
 *   handed over   outbox → Kannel accepted (202), the dispatcher's own rate
 *   delivered     outbox → fakesmsc printed it and Kannel's delivery report came back
 *
 * for each concurrency given. With --transport smpp the texts go to the Net::SMPP test SMSC
 * instead (SMS_TRANSPORT=smpp, its window SMS_SMPP_WINDOW), handed over once it answered the
 * submit_sm, delivered once its receipt came back over the bind. Prints a table, or with
 * --json one object per run: {scenario, concurrency, messages, handed_per_s, delivered_per_s, seconds}.
 *
 *   npm run bench:dispatcher-kannel -- --messages 1000 --concurrency 32,64,32,64 --json
 *   npm run bench:dispatcher-kannel -- --transport smpp
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';
import { codeTextQueue } from '../src/sms/code-text-queue.ts';
import { OneTimeCodes } from '../src/domain/sign-in/one-time-codes.ts';
import { systemClock } from '../src/lib/clock.ts';
import { cryptoRandom } from '../src/lib/random.ts';
import { kannelUnavailable, startKannel } from '../test/helpers/kannel.ts';
import { smscUnavailable, startSmsc } from '../test/helpers/smsc.ts';
import { freePorts, waitUntil } from '../test/helpers/processes.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    messages: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '16,32,64' },
    transport: { type: 'string', default: 'kannel' },
  },
});
const smpp = args.transport === 'smpp';
if (!smpp && args.transport !== 'kannel') throw new Error('--transport is kannel or smpp');
const gateway = smpp ? 'the SMSC' : 'Kannel';
const messages = Number(args.messages);
const levels = String(args.concurrency).split(',').map(Number);
const log = (line: string) => (args.json ? process.stderr.write(`${line}\n`) : console.log(line));

const unavailable = smpp ? smscUnavailable() : kannelUnavailable();
if (unavailable) {
  log(`skipped: ${unavailable}`);
  process.exit(0);
}

const secret = 'dispatcher-benchmark-secret-key-0123456789';
const results: object[] = [];
// Only this run's gateway is started.
const kannel = smpp ? undefined : await startKannel({ logLevel: 2 });
const smsc = smpp ? await startSmsc() : undefined;
const transportSettings = smsc ? { SMS_TRANSPORT: 'smpp', SMS_SMPP_URL: smsc.url } : { SMS_TRANSPORT: 'kannel', SMS_KANNEL_URL: kannel!.sendsmsUrl };
// Through Kannel a text is delivered once fakesmsc printed it and its report came back; through
// SMPP once its receipt came back (the outbox's count says both).
const atFakesmsc = () => kannel?.received().length ?? 0;
try {
  for (const concurrency of levels) {
    const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-bench-sms-'));
    const [port] = (await freePorts(1)) as [number];
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      SECRET_KEY: secret,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...transportSettings,
      SMS_CONCURRENCY: String(concurrency),
      LOG_LEVEL: 'error',
    });
    const app = await buildApp(config, { logger: pino({ level: 'error' }), background: false });
    await app.server.listen({ port, host: '127.0.0.1' });
    // An SMPP session binds in the background (background: false leaves that to us).
    for (const transport of app.sms.transports) transport.start?.();
    if (smsc) await waitUntil('the SMPP bind', () => (app.sms.transports[0] as { bound?: boolean }).bound === true);
    try {
      // Live codes, so the dispatcher does the code check it does in production.
      const codes = new OneTimeCodes({ clock: systemClock, random: cryptoRandom, secretKey: Buffer.from(secret), settings: config.otp });
      const queued = atFakesmsc();
      await app.storage.transaction(async (stores) => {
        const texts = codeTextQueue({ outbox: stores.outbox, clock: systemClock, publicUrl: config.publicUrl, ttlSeconds: config.otp.ttlSeconds });
        for (let i = 0; i < messages; i++) {
          const accountId = randomUUID();
          await stores.accounts.insert({ id: accountId, email: `${accountId}@example.se`, passwordHash: 'unused', createdAt: Date.now(), emailVerifiedAt: Date.now() });
          const issued = await codes.issue(stores.codes, { accountId, purpose: 'sign_in' }, randomUUID());
          await texts.enqueueCode({ to: `+4670${String(5000000 + i)}`, purpose: 'sign_in', locale: 'sv', code: issued.code, codeId: issued.id, expiresAt: issued.expiresAt });
        }
      });
      const started = performance.now();
      await app.dispatcher.drain();
      const handed = (performance.now() - started) / 1000;
      await waitUntil(`every text at ${gateway} and every report back`, async () => {
        const counts = await app.storage.outbox.operator.countByStatus();
        return (!kannel || atFakesmsc() - queued >= messages) && counts.delivered === messages;
      }, 300_000, 20);
      const delivered = (performance.now() - started) / 1000;
      const row = {
        scenario: `dispatcher-${args.transport}`,
        concurrency,
        messages,
        handed_per_s: Math.round(messages / handed),
        delivered_per_s: Math.round(messages / delivered),
        seconds: Number(delivered.toFixed(2)),
      };
      results.push(row);
      log(`  concurrency ${concurrency}: ${row.handed_per_s} texts/s handed to ${gateway}, ${row.delivered_per_s} texts/s delivered and reported (${messages} texts, ${row.seconds} s)`);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  await kannel?.stop({ remove: true });
  await smsc?.remove();
}
if (args.json) for (const row of results) console.log(JSON.stringify(row));
