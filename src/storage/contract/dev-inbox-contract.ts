import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aMessage } from './outbox-fixtures.ts';
import type { Storage } from '../storage.ts';
import { T0 } from './store-fixtures.ts';

/**
 * What the development SMS inbox store owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function devInboxContract(storage: () => Storage): void {
  describe('development SMS inbox', () => {
    it('lists a handed-over text with its outbox status', async () => {
      const { outbox, devInbox } = storage();
      const id = await outbox.queue.enqueue(aMessage({ to: '+46701111111', body: 'Din kod är 12345678' }), T0);
      await outbox.queue.claimDue('sms', T0, 30_000, 10);
      await devInbox.add({ messageId: id, to: '+46701111111', body: 'Din kod är 12345678', at: T0 + 5 });
      assert.deepEqual(await devInbox.list({ limit: 10 }), [
        { to: '+46701111111', body: 'Din kod är 12345678', createdAt: new Date(T0 + 5).toISOString(), status: 'sending' },
      ]);
      await outbox.queue.markHandedOver(id, { status: 'delivered', transport: 'dev', at: T0 + 6, body: 'Din kod är ••••••••', attempt: 1 });
      assert.deepEqual((await devInbox.list({ limit: 10 })).map((e) => [e.status, e.body]), [['delivered', 'Din kod är 12345678']]);
    });

    it('shows a text handed over twice only once', async () => {
      const { outbox, devInbox } = storage();
      const id = await outbox.queue.enqueue(aMessage(), T0);
      await devInbox.add({ messageId: id, to: '+46701111111', body: 'first', at: T0 + 1 });
      await devInbox.add({ messageId: id, to: '+46701111111', body: 'again', at: T0 + 2 });
      const entries = await devInbox.list({ limit: 10 });
      assert.deepEqual(entries.map((e) => e.body), ['first']);
    });

    it('lists newest first in the order the texts were queued, whatever order they arrived in', async () => {
      const { outbox, devInbox } = storage();
      const first = await outbox.queue.enqueue(aMessage({ to: '+46701111111', body: 'queued first' }), T0);
      const second = await outbox.queue.enqueue(aMessage({ to: '+46701111111', body: 'queued second' }), T0 + 10);
      await devInbox.add({ messageId: second, to: '+46701111111', body: 'queued second', at: T0 + 20 });
      await devInbox.add({ messageId: first, to: '+46701111111', body: 'queued first', at: T0 + 21 });
      assert.deepEqual((await devInbox.list({ to: '+46701111111', limit: 10 })).map((e) => e.body), ['queued second', 'queued first']);
    });

    it('lists newest first, even when texts share a millisecond', async () => {
      const { outbox, devInbox } = storage();
      for (const body of ['one', 'two', 'three']) {
        const id = await outbox.queue.enqueue(aMessage(), T0);
        await devInbox.add({ messageId: id, to: '+46701111111', body, at: T0 + 1000 });
      }
      const id = await outbox.queue.enqueue(aMessage(), T0);
      await devInbox.add({ messageId: id, to: '+46701111111', body: 'earlier clock, later hand-over', at: T0 });
      assert.deepEqual((await devInbox.list({ limit: 10 })).map((e) => e.body), ['earlier clock, later hand-over', 'three', 'two', 'one']);
      assert.deepEqual((await devInbox.list({ limit: 2 })).map((e) => e.body), ['earlier clock, later hand-over', 'three']);
    });

    it('lists only the texts to one number when asked', async () => {
      const { outbox, devInbox } = storage();
      for (const [to, body] of [['+46701111111', 'a1'], ['+46702222222', 'b1'], ['+46701111111', 'a2']] as const) {
        const id = await outbox.queue.enqueue(aMessage({ to }), T0);
        await devInbox.add({ messageId: id, to, body, at: T0 });
      }
      assert.deepEqual((await devInbox.list({ to: '+46701111111', limit: 10 })).map((e) => e.body), ['a2', 'a1']);
      assert.deepEqual((await devInbox.list({ to: '+46709999999', limit: 10 })), []);
      assert.equal((await devInbox.list({ limit: 10 })).length, 3);
    });
  });
}
