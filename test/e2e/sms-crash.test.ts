import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqlite } from '../../src/storage/sqlite/open-sqlite.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { kannelUnavailable, startKannel, type KannelGateway } from '../helpers/kannel.ts';
import { freePorts, startProcess, waitUntil, type Started } from '../helpers/processes.ts';

const skip = kannelUnavailable();
const REQUESTS = 500;
const root = new URL('../..', import.meta.url).pathname;

/**
 * The service is killed with SIGKILL in the middle of a burst of code requests, with texts
 * in every state (committed but unclaimed, claimed, on their way to Kannel, accepted but not
 * yet recorded). After a restart, every request that was answered 202 has exactly one text
 * at the gateway: none lost, none twice. Kannel retries its report callbacks while the
 * service is down, which is what clears the texts whose fate the dead process never recorded.
 */
describe('a crash during a burst of code requests', { skip }, () => {
  let kannel: KannelGateway;
  let dataDir: string;
  let storage: Storage;
  let service: Started | undefined;
  let port: number;
  const numbers = Array.from({ length: REQUESTS }, (_, i) => `+4670${String(3000000 + i)}`);
  const emails = numbers.map(() => `${randomUUID()}@example.se`);

  const start = async () => {
    service = startProcess(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      cwd: root,
      logFile: join(dataDir, 'service.log'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        DATA_DIR: dataDir,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SECRET_KEY: 'crash-test-secret-key-of-at-least-32-chars',
        SMS_TRANSPORT: 'kannel',
        SMS_KANNEL_URL: kannel.sendsmsUrl,
        SMS_CONCURRENCY: '16',
        // Short, so the test need not wait long for the dead process's leases to lapse.
        SMS_SEND_TIMEOUT_SECONDS: '2',
        SMS_LEASE_SECONDS: '3',
        // How long a text in doubt waits for Kannel's (retried) report before it would be sent again.
        SMS_FAILOVER_SECONDS: '20',
        // The burst is the test, not abuse: every limit out of its way.
        IP_LIMIT_PER_HOUR: '1000000',
        PREFIX_LIMIT_PER_HOUR: '1000000',
        SMS_GUARD_MIN_TEXTS: '1000000000',
        REGION_DAILY_LIMIT: '1000000',
        SMS_HOURLY_BUDGET: '1000000',
        LOG_LEVEL: 'warn',
      },
    });
    await waitUntil('the service to answer /healthz', async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
      } catch {
        return false;
      }
    }, 60_000, 100);
  };

  before(async () => {
    [port] = (await freePorts(1)) as [number];
    dataDir = mkdtempSync(join(tmpdir(), 'engangskod-crash-'));
    kannel = await startKannel();
    storage = await openSqlite(join(dataDir, 'engangskod.sqlite'));
    const now = Date.now();
    await storage.transaction(async (stores) => {
      for (const [i, e164] of numbers.entries()) {
        const accountId = randomUUID();
        await stores.accounts.insert({ id: accountId, email: emails[i] as string, passwordHash: 'unused', createdAt: now, emailVerifiedAt: now });
        await stores.phones.insert({ id: randomUUID(), accountId, region: 'SE', e164, verifiedAt: now, createdAt: now });
      }
    });
  });
  after(async () => {
    await service?.kill();
    await storage?.close();
    await kannel?.stop({ remove: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves exactly one text at the gateway for every request answered 202', { timeout: 180_000 }, async () => {
    await start();
    const accepted = new Set<string>();
    let answered = 0;
    let killing: Promise<void> | undefined;
    const request = async (i: number) => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/one-time-codes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: emails[i], region: 'SE', number: numbers[i] }),
        });
        if (response.status === 202) accepted.add(numbers[i] as string);
        answered += 1;
        // Mid-burst, with texts in every state.
        if (answered === Math.floor(REQUESTS / 2)) killing = service?.kill();
      } catch {
        // The connection died with the service: this request was not answered 202.
      }
    };
    // 25 clients at a time.
    let next = 0;
    await Promise.all(Array.from({ length: 25 }, async () => {
      while (next < REQUESTS) await request(next++);
    }));
    await killing;
    assert.ok(accepted.size >= REQUESTS / 2 - 25, `${accepted.size} answered 202 before the kill`);
    assert.ok(accepted.size < REQUESTS, 'the kill came mid-burst');
    const beforeRestart = await storage.outbox.operator.countByStatus();
    assert.ok((beforeRestart.queued ?? 0) + (beforeRestart.sending ?? 0) > 0, 'the crash left texts on their way');

    await start();
    // Done when no text is on its way: each delivered (Kannel's fake SMSC always delivers).
    await waitUntil('every text delivered', async () => {
      const counts = await storage.outbox.operator.countByStatus();
      return ['queued', 'sending', 'sent'].every((status) => !counts[status]);
    }, 120_000, 250);

    const received = new Map<string, number>();
    for (const sms of kannel.received()) received.set(sms.to, (received.get(sms.to) ?? 0) + 1);
    const missing = [...accepted].filter((number) => !received.has(number));
    const twice = [...received].filter(([, count]) => count > 1);
    assert.deepEqual(missing, [], 'every request answered 202 has its text');
    assert.deepEqual(twice, [], `no text twice (outbox before the restart: ${JSON.stringify(beforeRestart)})`);
  });
});
