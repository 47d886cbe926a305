import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import pino from 'pino';
import { startTestApp } from '../test/helpers/test-app.ts';
import { buildWorker } from './worker.ts';

describe('SMS_DISPATCHER=worker', () => {
  it('leaves texts to the worker: the web service only queues them, and the worker sends them', async () => {
    const t = await startTestApp({ SMS_DISPATCHER: 'worker' }, { background: true });
    const worker = await buildWorker(t.app.config, { clock: t.clock, logger: pino({ level: 'silent' }) });
    try {
      const accountId = randomUUID();
      const email = `${accountId}@example.se`;
      await t.app.storage.accounts.insert({ id: accountId, email, passwordHash: 'unused', createdAt: t.clock.now(), emailVerifiedAt: t.clock.now() });
      await t.app.storage.phones.insert({ id: randomUUID(), accountId, region: 'SE', e164: '+46701234567', verifiedAt: t.clock.now(), createdAt: t.clock.now() });
      const answer = await t.app.server.inject({ method: 'POST', url: '/api/v1/one-time-codes', payload: { email, region: 'SE', number: '0701234567' } });
      assert.equal(answer.statusCode, 202);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(await t.app.storage.outbox.operator.countByStatus(), { queued: 1 }, 'the web service sent nothing');

      await worker.sms.dispatcher.drain();
      assert.deepEqual(await t.app.storage.outbox.operator.countByStatus(), { delivered: 1 });
      const [text] = await t.app.storage.devInbox.list({ to: '+46701234567', limit: 1 });
      assert.match(text?.body ?? '', /^Din engångskod för att logga in är \d{8}\./);
    } finally {
      await worker.close();
      await t.close();
    }
  });
});
