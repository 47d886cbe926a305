import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { T0, claimedText } from './outbox-fixtures.ts';

/**
 * What the attempt store owes on every backend: the log of every try at a gateway. Called inside
 * storageContract (SQLite and PostgreSQL), which opens an empty database per case.
 */
export function outboxAttemptContract(storage: () => Storage): void {
  describe('SMS outbox attempts: the log of every try at a gateway', () => {
    it('records an attempt before sending and its outcome after, with the gateway’s id', async () => {
      const outbox = storage().outbox;
      const id = await claimedText(storage());
      await outbox.attempts.startAttempts([{ messageId: id, attempt: 1, transport: 'smpp', at: T0 + 1 }]);
      assert.deepEqual(await outbox.attempts.findAttempt(id, 1), {
        messageId: id, attempt: 1, transport: 'smpp', startedAt: T0 + 1, finishedAt: null, outcome: null, error: null, gatewayId: null, reportStatus: null, reportedAt: null,
      });
      await outbox.attempts.finishAttempt({ messageId: id, attempt: 1, outcome: 'sent', error: null, gatewayId: 'SMSC-42', at: T0 + 5 });
      assert.equal((await outbox.attempts.findAttemptByGatewayId('smpp', 'SMSC-42'))?.messageId, id);
      assert.equal(await outbox.attempts.findAttemptByGatewayId('kannel', 'SMSC-42'), undefined, 'ids are per transport');
      assert.deepEqual((await outbox.attempts.listAttempts(id)).map((a) => [a.attempt, a.outcome, a.finishedAt]), [[1, 'sent', T0 + 5]]);
    });

    it('keeps the first record when an attempt is started twice', async () => {
      const outbox = storage().outbox;
      const id = await claimedText(storage());
      await outbox.attempts.startAttempts([{ messageId: id, attempt: 1, transport: 'kannel', at: T0 + 1 }]);
      await outbox.attempts.startAttempts([{ messageId: id, attempt: 1, transport: 'kannel', at: T0 + 9 }]);
      assert.deepEqual((await outbox.attempts.listAttempts(id)).map((a) => a.startedAt), [T0 + 1]);
    });

    it('starts the attempts of a batch in one call, keeping the first record of one started before', async () => {
      const outbox = storage().outbox;
      const first = await claimedText(storage());
      const second = await claimedText(storage());
      await outbox.attempts.startAttempts([{ messageId: first, attempt: 1, transport: 'kannel', at: T0 + 1 }]);
      await outbox.attempts.startAttempts([
        { messageId: first, attempt: 1, transport: 'kannel', at: T0 + 9 },
        { messageId: second, attempt: 1, transport: 'smpp', at: T0 + 9 },
      ]);
      await outbox.attempts.startAttempts([]);
      assert.deepEqual((await outbox.attempts.listAttempts(first)).map((a) => [a.transport, a.startedAt, a.outcome]), [['kannel', T0 + 1, null]]);
      assert.deepEqual((await outbox.attempts.listAttempts(second)).map((a) => [a.transport, a.startedAt, a.outcome]), [['smpp', T0 + 9, null]]);
    });

    it('keeps a final report on an attempt: a later non-final one does not replace it', async () => {
      const outbox = storage().outbox;
      const id = await claimedText(storage());
      await outbox.attempts.startAttempts([{ messageId: id, attempt: 1, transport: 'kannel', at: T0 }]);
      await outbox.attempts.recordAttemptReport(id, 1, 'sent', T0 + 1);
      await outbox.attempts.recordAttemptReport(id, 1, 'delivered', T0 + 2);
      await outbox.attempts.recordAttemptReport(id, 1, 'sent', T0 + 3);
      const attempt = await outbox.attempts.findAttempt(id, 1);
      assert.deepEqual([attempt?.reportStatus, attempt?.reportedAt], ['delivered', T0 + 2]);
    });
  });
}
