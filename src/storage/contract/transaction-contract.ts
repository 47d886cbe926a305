import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRollingLimit, consumeRollingLimit } from '../../domain/rate-limits/rolling-limit.ts';
import { CodeNoLongerUsableError } from '../../domain/sign-in/code-store.ts';
import { aMessage } from './outbox-fixtures.ts';
import type { Storage } from '../storage.ts';
import { aCode, anAccount, aPhone, T0, writeToEveryStore } from './store-fixtures.ts';

/**
 * What transactions across the stores owe on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function transactionContract(storage: () => Storage): void {
  describe('transactions', () => {
    it('never lets concurrent transactions checking and recording one limit key exceed the limit', async () => {
      const rule = { bucket: 'contract', limit: 5, windowMs: 24 * 3600_000 };
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () =>
          storage().transaction(async (stores) => {
            const check = await checkRollingLimit(stores.limits, rule, 'one-key', T0);
            if (check.limited) return false;
            await stores.limits.record(rule.bucket, 'one-key', T0, rule.limit);
            return true;
          }),
        ),
      );
      assert.equal(outcomes.filter(Boolean).length, 5);
      assert.equal(await storage().limits.holdNthNewest({ bucket: rule.bucket, key: 'one-key' }, 0, 6), undefined);
    });

    it('never lets concurrent transactions consuming one limit key exceed the limit', async () => {
      const rule = { bucket: 'contract', limit: 5, windowMs: 24 * 3600_000 };
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => storage().transaction(async (stores) => !(await consumeRollingLimit(stores.limits, rule, 'one-key', T0)).limited)),
      );
      assert.equal(outcomes.filter(Boolean).length, 5);
      assert.equal(await storage().limits.countSince(rule.bucket, 'one-key', 0), 5);
    });

    it('never lets concurrent transactions counting under one held key exceed the limit', async () => {
      const held = { bucket: 'number', key: 'n1' };
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          storage().transaction(async (stores) => {
            const [all = 0, strangers = 0] = await stores.limits.holdCounts(held, [held, { bucket: 'stranger', key: 'n1' }], 0);
            if (all >= 6 || (i % 2 === 0 && strangers >= 2)) return false;
            await stores.limits.record(held.bucket, held.key, T0, 10);
            if (i % 2 === 0) await stores.limits.record('stranger', 'n1', T0, 10);
            return true;
          }),
        ),
      );
      assert.equal(outcomes.filter(Boolean).length, 6);
      assert.equal(await storage().limits.countSince('number', 'n1', 0), 6);
      assert.ok((await storage().limits.countSince('stranger', 'n1', 0)) <= 2, 'the strangers’ share held too');
    });

    it('undoes a consumed limit and a replaced code when the work throws: the older code still counts', async () => {
      const rule = { bucket: 'cooldown', limit: 1, windowMs: 60_000 };
      const anna = anAccount();
      await storage().accounts.insert(anna);
      const older = aCode({ accountId: anna.id });
      await storage().codes.insert(older);
      const failure = new Error('the text could not be queued');
      await assert.rejects(
        storage().transaction(async (stores) => {
          assert.equal((await consumeRollingLimit(stores.limits, rule, 'pair', T0)).limited, false);
          await stores.codes.replace({ accountId: anna.id, purpose: 'sign_in' }, aCode({ accountId: anna.id, createdAt: T0 + 1 }), T0 + 1);
          throw failure;
        }),
        (error) => error === failure,
      );
      assert.equal(await storage().limits.countSince(rule.bucket, 'pair', 0), 0, 'the cooldown was not spent');
      assert.equal((await storage().codes.findUsable({ accountId: anna.id, purpose: 'sign_in' }, T0 + 2, 5))?.id, older.id, 'the older code is still the usable one');
      assert.equal((await storage().transaction((stores) => consumeRollingLimit(stores.limits, rule, 'pair', T0))).limited, false, 'and can be spent now');
    });

    it('commits every store’s writes when the work resolves, and returns its value', async () => {
      const anna = anAccount();
      const phone = aPhone(anna.id);
      const code = aCode({ accountId: anna.id, phoneId: phone.id });
      const result = await storage().transaction(async (stores) => {
        await writeToEveryStore(stores, { anna, phone, code });
        return 'done';
      });
      assert.equal(result, 'done');
      const s = storage();
      assert.deepEqual(await s.accounts.findById(anna.id), anna);
      assert.deepEqual(await s.phones.find(anna.id, phone.id), phone);
      assert.equal(await s.codes.state(code.id, T0, 5), 'usable');
      assert.equal((await s.sessions.findByTokenHash(`token-of-${anna.id}`))?.accountId, anna.id);
      assert.equal(await s.limits.holdNthNewest({ bucket: 'otp:email', key: anna.id }, 0, 1), T0);
      assert.deepEqual(await s.outbox.operator.countByStatus(), { queued: 1 });
      assert.equal((await s.devInbox.list({ limit: 10 })).length, 1);
    });

    it('runs `after` once the work committed, with its result, on the guard outside the transaction', async () => {
      const anna = anAccount();
      const place = { prefix: '+4670123', region: 'SE' };
      const seen: unknown[] = [];
      const result = await storage().transaction(
        async (stores) => {
          await stores.accounts.insert(anna);
          return 'done';
        },
        async (committed, value) => {
          seen.push(value, await committed.guard.addAndTally(place, T0, { texts: 1, codeTexts: 1, conversions: 0 }, T0 - 1));
          // Committed by now, as another connection sees it.
          seen.push((await storage().accounts.findById(anna.id))?.id);
        },
      );
      assert.equal(result, 'done');
      assert.deepEqual(seen, ['done', { prefix: { texts: 1, codeTexts: 1, conversions: 0 }, region: { texts: 1, codeTexts: 1, conversions: 0 } }, anna.id]);
      assert.equal((await storage().guard.tally(place, T0 - 1)).prefix.texts, 1, 'the count landed');
    });

    it('runs no `after` when the work throws', async () => {
      let ran = false;
      await assert.rejects(
        storage().transaction(
          async () => {
            throw new Error('the work failed');
          },
          async () => {
            ran = true;
          },
        ),
        /the work failed/,
      );
      assert.equal(ran, false);
    });

    it('rejects with the failure of `after`, the work’s writes landed all the same', async () => {
      const anna = anAccount();
      await assert.rejects(
        storage().transaction(
          (stores) => stores.accounts.insert(anna),
          async () => {
            throw new Error('after failed');
          },
        ),
        /after failed/,
      );
      assert.equal((await storage().accounts.findById(anna.id))?.id, anna.id);
    });

    it('fails the transaction with CodeNoLongerUsableError when a code to consumeOrFail was used meanwhile, landing none of its writes', async () => {
      const anna = anAccount();
      await storage().accounts.insert(anna);
      const code = aCode({ accountId: anna.id });
      await storage().codes.insert(code);
      await storage().transaction((stores) => stores.codes.consumeOrFail(code.id, T0 + 1, 5));
      assert.equal(await storage().codes.state(code.id, T0 + 1, 5), 'void', 'the first use took');
      const bob = anAccount();
      let followed = false;
      await assert.rejects(
        storage().transaction(
          async (stores) => {
            await stores.codes.consumeOrFail(code.id, T0 + 2, 5);
            await stores.accounts.insert(bob);
            // On PostgreSQL the use's failure reaches the work here, as the database's error.
            return stores.accounts.findById(anna.id);
          },
          async () => {
            followed = true;
          },
        ),
        (error) => error instanceof CodeNoLongerUsableError,
      );
      assert.equal(await storage().accounts.findById(bob.id), undefined);
      assert.equal(followed, false, 'no `after` for a transaction that did not commit');
    });

    it('fails consumeOrFail for a code replaced by a newer one or spent by wrong guesses meanwhile', async () => {
      const anna = anAccount();
      await storage().accounts.insert(anna);
      const replaced = aCode({ accountId: anna.id });
      await storage().codes.insert(replaced);
      // The newest code wins: a request between the sign-in's read and its use voids the one read.
      const newer = aCode({ accountId: anna.id, createdAt: T0 + 1 });
      await storage().codes.replace({ accountId: anna.id, purpose: 'sign_in' }, newer, T0 + 1);
      // Wrong guesses from elsewhere spend the newer one's tries.
      for (let i = 0; i < 5; i++) await storage().codes.recordWrongAttempt(newer.id);
      for (const code of [replaced, newer]) {
        await assert.rejects(
          storage().transaction((stores) => stores.codes.consumeOrFail(code.id, T0 + 2, 5)),
          (error) => error instanceof CodeNoLongerUsableError,
        );
      }
      assert.equal(await storage().codes.state(replaced.id, T0 + 2, 5), 'void');
    });

    it('lets the work read its own writes before it commits', async () => {
      const anna = anAccount();
      const seen = await storage().transaction(async (stores) => {
        await stores.accounts.insert(anna);
        return stores.accounts.findByEmail(anna.email);
      });
      assert.deepEqual(seen, anna);
    });

    it(
      'lets the work claim due messages, the lease holding only if the work commits',
      async () => {
        const id = await storage().outbox.queue.enqueue(aMessage(), T0);
        await assert.rejects(
          storage().transaction(async (stores) => {
            assert.deepEqual((await stores.outbox.queue.claimDue('sms', T0, 30_000, 10)).map((m) => m.id), [id]);
            throw new Error('work failed after claiming');
          }),
          /work failed after claiming/,
        );
        const claimed = await storage().outbox.queue.claimDue('sms', T0, 30_000, 10);
        assert.deepEqual(claimed.map((m) => [m.id, m.attempts]), [[id, 1]], 'the rolled-back claim left no lease or attempt');
      },
    );

    it('rolls back every store’s writes when the work throws, and rethrows', async () => {
      const before = aCode({ accountId: null, phoneId: null });
      await storage().codes.insert(before);
      const anna = anAccount();
      const phone = aPhone(anna.id);
      const code = aCode({ accountId: anna.id, phoneId: phone.id });
      const failure = new Error('the work failed');

      await assert.rejects(
        storage().transaction(async (stores) => {
          await writeToEveryStore(stores, { anna, phone, code });
          assert.equal(await stores.codes.consume(before.id, T0, 5), true);
          throw failure;
        }),
        (error) => error === failure,
      );

      const s = storage();
      assert.equal(await s.accounts.findById(anna.id), undefined);
      assert.equal(await s.accounts.findByEmail(anna.email), undefined);
      assert.deepEqual(await s.phones.listByAccount(anna.id), []);
      assert.equal(await s.codes.state(code.id, T0, 5), 'void', 'the inserted code is gone');
      assert.equal(await s.codes.state(before.id, T0, 5), 'usable', 'the consume is undone');
      assert.equal(await s.sessions.findByTokenHash(`token-of-${anna.id}`), undefined);
      assert.equal(await s.limits.holdNthNewest({ bucket: 'otp:email', key: anna.id }, 0, 1), undefined);
      assert.deepEqual(await s.outbox.operator.countByStatus(), {});
      assert.deepEqual(await s.devInbox.list({ limit: 10 }), []);
      // The database is still fit for work after the rollback.
      assert.equal(await s.accounts.insert(anna), 'created');
    });
  });
}
