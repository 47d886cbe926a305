import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { aMail } from './outbox-fixtures.ts';
import { T0 } from './store-fixtures.ts';

/**
 * What the development mail inbox store owes on every backend. Called inside storageContract
 * (SQLite and PostgreSQL), which opens an empty database per case.
 */
export function devMailInboxContract(storage: () => Storage): void {
  describe('development mail inbox', () => {
    const add = async (to: string, subject: string, text: string, at: number) => {
      const { outbox, devMail } = storage();
      const id = await outbox.queue.enqueue(aMail({ to, subject, body: text }), T0);
      await devMail.add({ messageId: id, to, subject, text, at });
      return id;
    };

    it('lists a handed-over mail as {to, subject, text, createdAt}', async () => {
      await add('anna@example.se', 'Bekräfta din e-postadress', 'Din kod är 12345678.', T0 + 5);
      assert.deepEqual(await storage().devMail.list({ limit: 10 }), [
        { to: 'anna@example.se', subject: 'Bekräfta din e-postadress', text: 'Din kod är 12345678.', createdAt: new Date(T0 + 5).toISOString() },
      ]);
    });

    it('shows a mail handed over twice only once', async () => {
      const id = await add('anna@example.se', 'first', 'first', T0 + 1);
      await storage().devMail.add({ messageId: id, to: 'anna@example.se', subject: 'again', text: 'again', at: T0 + 2 });
      assert.deepEqual((await storage().devMail.list({ limit: 10 })).map((e) => e.subject), ['first']);
    });

    it('lists newest first by hand-over, even within a millisecond, and only to one address when asked', async () => {
      await add('anna@example.se', 'one', 'a', T0 + 1000);
      await add('bo@example.se', 'two', 'b', T0 + 1000);
      await add('anna@example.se', 'three', 'c', T0);
      assert.deepEqual((await storage().devMail.list({ limit: 10 })).map((e) => e.subject), ['three', 'two', 'one']);
      assert.deepEqual((await storage().devMail.list({ limit: 1 })).map((e) => e.subject), ['three']);
      assert.deepEqual((await storage().devMail.list({ to: 'anna@example.se', limit: 10 })).map((e) => e.subject), ['three', 'one']);
      assert.deepEqual(await storage().devMail.list({ to: 'nobody@example.se', limit: 10 }), []);
    });

    it('lists newest first in the order the mails were queued, whatever order they arrived in', async () => {
      const { outbox, devMail } = storage();
      const first = await outbox.queue.enqueue(aMail({ to: 'anna@example.se', subject: 'queued first' }), T0);
      const second = await outbox.queue.enqueue(aMail({ to: 'anna@example.se', subject: 'queued second' }), T0 + 10);
      await devMail.add({ messageId: second, to: 'anna@example.se', subject: 'queued second', text: 'b', at: T0 + 20 });
      await devMail.add({ messageId: first, to: 'anna@example.se', subject: 'queued first', text: 'a', at: T0 + 21 });
      assert.deepEqual((await devMail.list({ to: 'anna@example.se', limit: 10 })).map((e) => e.subject), ['queued second', 'queued first']);
    });

    it('prunes mails handed over before a moment', async () => {
      await add('anna@example.se', 'old', 'a', T0);
      await add('anna@example.se', 'new', 'b', T0 + 10_000);
      assert.equal(await storage().devMail.prune(T0 + 1), 1);
      assert.deepEqual((await storage().devMail.list({ limit: 10 })).map((e) => e.subject), ['new']);
    });
  });
}
