import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Account } from '../../domain/accounts/account-store.ts';
import type { Phone } from '../../domain/security-info/phone-store.ts';
import type { Session } from '../../domain/sessions/session-store.ts';
import type { CodeSubject, StoredCode } from '../../domain/sign-in/code-store.ts';
import type { ClientRow, ConsentRow, OidcPayloadRow, SigningKeyRow } from '../../oidc/oidc-store.ts';
import { checkRollingLimit } from '../../domain/rate-limits/rolling-limit.ts';
import type { Storage, Stores } from '../storage.ts';
import { outboxAttemptContract } from './outbox-attempt-contract.ts';
import { aMessage } from './outbox-fixtures.ts';
import { outboxOperatorContract } from './outbox-operator-contract.ts';
import { outboxQueueContract } from './outbox-queue-contract.ts';
import { knownDeviceContract } from './known-device-contract.ts';
import { activityAttemptContract } from './activity-attempt-contract.ts';
import { outboxReportContract } from './outbox-report-contract.ts';

/**
 * The behaviour every storage backend owes the domain, written against the `Storage`
 * interface only, so SQLite and PostgreSQL run the very same cases.
 *
 * `open` must return storage on an empty database each time it is called: every case opens
 * its own (and closes it), so cases never see each other's rows.
 */
export function storageContract(name: string, open: () => Promise<Storage>): void {
  describe(`storage contract: ${name}`, () => {
    let current: Storage | undefined;
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    const storage = (): Storage => {
      if (!current) throw new Error('no storage open');
      return current;
    };

    describe('accounts', () => {
      it('finds an inserted account by email and by id', async () => {
        const anna = anAccount();
        assert.equal(await storage().accounts.insert(anna), 'created');
        assert.deepEqual(await storage().accounts.findByEmail(anna.email), anna);
        assert.deepEqual(await storage().accounts.findById(anna.id), anna);
      });

      it('refuses a second account with a taken email and keeps the first', async () => {
        const first = anAccount({ email: 'taken@example.se' });
        await storage().accounts.insert(first);
        assert.equal(await storage().accounts.insert(anAccount({ email: 'taken@example.se' })), 'email_taken');
        assert.equal((await storage().accounts.findByEmail('taken@example.se'))?.id, first.id);
      });

      it('lists accounts newest first, up to the limit', async () => {
        const older = await inserted(storage(), anAccount({ createdAt: T0 }));
        const newer = await inserted(storage(), anAccount({ createdAt: T0 + 1000 }));
        assert.deepEqual(await storage().accounts.list(10), [newer, older]);
        assert.deepEqual(await storage().accounts.list(1), [newer]);
      });

      it('finds nothing for an unknown email or id', async () => {
        await storage().accounts.insert(anAccount());
        assert.equal(await storage().accounts.findByEmail('nobody@example.se'), undefined);
        assert.equal(await storage().accounts.findById(randomUUID()), undefined);
      });
    });

    describe('phones', () => {
      it('lists an account’s numbers in the order they were added, and no one else’s', async () => {
        const anna = await inserted(storage(), anAccount());
        const bo = await inserted(storage(), anAccount());
        const later = aPhone(anna.id, { e164: '+46702222222', createdAt: T0 + 2000 });
        const earlier = aPhone(anna.id, { e164: '+46701111111', createdAt: T0 + 1000 });
        assert.equal(await storage().phones.insert(later), 'created');
        assert.equal(await storage().phones.insert(earlier), 'created');
        await storage().phones.insert(aPhone(bo.id, { e164: '+46703333333' }));
        assert.deepEqual(await storage().phones.listByAccount(anna.id), [earlier, later]);
        assert.deepEqual(await storage().phones.listByAccount(randomUUID()), []);
      });

      it('refuses the same number twice on one account but allows it on another', async () => {
        const anna = await inserted(storage(), anAccount());
        const bo = await inserted(storage(), anAccount());
        await storage().phones.insert(aPhone(anna.id, { e164: '+46701234567' }));
        assert.equal(await storage().phones.insert(aPhone(anna.id, { e164: '+46701234567' })), 'duplicate');
        assert.equal(await storage().phones.insert(aPhone(bo.id, { e164: '+46701234567' })), 'created');
        assert.equal((await storage().phones.listByAccount(anna.id)).length, 1);
      });

      it('finds a number only through the account that owns it', async () => {
        const anna = await inserted(storage(), anAccount());
        const bo = await inserted(storage(), anAccount());
        const phone = aPhone(anna.id);
        await storage().phones.insert(phone);
        assert.deepEqual(await storage().phones.find(anna.id, phone.id), phone);
        assert.equal(await storage().phones.find(bo.id, phone.id), undefined);
        assert.equal(await storage().phones.find(anna.id, randomUUID()), undefined);
      });

      it('finds a number as verified only once it has been marked verified', async () => {
        const anna = await inserted(storage(), anAccount());
        const phone = aPhone(anna.id, { e164: '+46705555555' });
        await storage().phones.insert(phone);
        assert.equal(await storage().phones.findVerified(anna.id, phone.e164), undefined);
        await storage().phones.markVerified(phone.id, T0 + 5000);
        assert.deepEqual(await storage().phones.findVerified(anna.id, phone.e164), { ...phone, verifiedAt: T0 + 5000 });
        assert.equal((await storage().phones.find(anna.id, phone.id))?.verifiedAt, T0 + 5000);
      });

      it('does not find another account’s verified number', async () => {
        const anna = await inserted(storage(), anAccount());
        const bo = await inserted(storage(), anAccount());
        const phone = aPhone(anna.id, { verifiedAt: T0 });
        await storage().phones.insert(phone);
        assert.equal((await storage().phones.findVerified(anna.id, phone.e164))?.id, phone.id);
        assert.equal(await storage().phones.findVerified(bo.id, phone.e164), undefined);
      });

      it('removes a number only for the account that owns it, and only once', async () => {
        const anna = await inserted(storage(), anAccount());
        const bo = await inserted(storage(), anAccount());
        const phone = aPhone(anna.id);
        await storage().phones.insert(phone);
        assert.equal(await storage().phones.remove(bo.id, phone.id), false);
        assert.deepEqual(await storage().phones.find(anna.id, phone.id), phone);
        assert.equal(await storage().phones.remove(anna.id, phone.id), true);
        assert.equal(await storage().phones.find(anna.id, phone.id), undefined);
        assert.equal(await storage().phones.remove(anna.id, phone.id), false);
      });
    });

    describe('one-time codes', () => {
      const MAX = 5;

      it('finds an inserted code as usable for its subject', async () => {
        const anna = await inserted(storage(), anAccount());
        const code = aCode({ accountId: anna.id });
        await storage().codes.insert(code);
        assert.deepEqual(await storage().codes.findUsable(signIn(anna.id), T0, MAX), code);
        assert.equal(await storage().codes.state(code.id, T0, MAX), 'usable');
      });

      it('finds the newest usable code of the subject', async () => {
        const anna = await inserted(storage(), anAccount());
        const older = aCode({ accountId: anna.id, createdAt: T0 });
        const newer = aCode({ accountId: anna.id, createdAt: T0 + 1000 });
        await storage().codes.insert(newer);
        await storage().codes.insert(older);
        assert.equal((await storage().codes.findUsable(signIn(anna.id), T0 + 2000, MAX))?.id, newer.id);
      });

      it('does not find codes of another account or another purpose', async () => {
        const anna = await inserted(storage(), anAccount());
        const bo = await inserted(storage(), anAccount());
        await storage().codes.insert(aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: randomUUID() }));
        await storage().codes.insert(aCode({ accountId: bo.id }));
        assert.equal(await storage().codes.findUsable(signIn(anna.id), T0, MAX), undefined);
      });

      it('does not find a used, expired, over-guessed or invalidated code', async () => {
        const usableOnlyUntil = async (code: (accountId: string) => StoredCode, spoil: (code: StoredCode) => Promise<void>, now: number) => {
          const owner = await inserted(storage(), anAccount());
          const stored = code(owner.id);
          await storage().codes.insert(stored);
          assert.equal((await storage().codes.findUsable(signIn(owner.id), T0, MAX))?.id, stored.id);
          await spoil(stored);
          return storage().codes.findUsable(signIn(owner.id), now, MAX);
        };
        const used = await usableOnlyUntil((a) => aCode({ accountId: a }), async (c) => void (await storage().codes.consume(c.id, T0 + 1, MAX)), T0 + 2);
        assert.equal(used, undefined, 'used');
        const expired = await usableOnlyUntil((a) => aCode({ accountId: a, expiresAt: T0 + 100 }), async () => {}, T0 + 100);
        assert.equal(expired, undefined, 'expired at its expiry time');
        const overGuessed = await usableOnlyUntil((a) => aCode({ accountId: a, attempts: MAX - 1 }), (c) => storage().codes.recordWrongAttempt(c.id), T0 + 2);
        assert.equal(overGuessed, undefined, 'at the attempt cap');
        const invalidated = await usableOnlyUntil((a) => aCode({ accountId: a }), (c) => storage().codes.invalidateSubject(signIn(c.accountId ?? ''), T0 + 1), T0 + 2);
        assert.equal(invalidated, undefined, 'invalidated');
      });

      it('finds an older usable code when the newest one was used', async () => {
        const anna = await inserted(storage(), anAccount());
        const older = aCode({ accountId: anna.id, createdAt: T0 });
        const newer = aCode({ accountId: anna.id, createdAt: T0 + 1000 });
        await storage().codes.insert(older);
        await storage().codes.insert(newer);
        await storage().codes.consume(newer.id, T0 + 2000, MAX);
        assert.equal((await storage().codes.findUsable(signIn(anna.id), T0 + 2000, MAX))?.id, older.id);
      });

      it('invalidates every sign-in code of the account, and nothing else', async () => {
        const anna = await inserted(storage(), anAccount());
        const bo = await inserted(storage(), anAccount());
        const first = aCode({ accountId: anna.id });
        const second = aCode({ accountId: anna.id, createdAt: T0 + 1 });
        const verification = aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: randomUUID() });
        const bos = aCode({ accountId: bo.id });
        for (const code of [first, second, verification, bos]) await storage().codes.insert(code);

        await storage().codes.invalidateSubject(signIn(anna.id), T0 + 5);

        assert.equal(await storage().codes.state(first.id, T0 + 10, MAX), 'void');
        assert.equal(await storage().codes.state(second.id, T0 + 10, MAX), 'void');
        assert.equal(await storage().codes.state(verification.id, T0 + 10, MAX), 'usable');
        assert.equal(await storage().codes.state(bos.id, T0 + 10, MAX), 'usable');
      });

      it('invalidates a verification code only for the number it was sent to', async () => {
        const anna = await inserted(storage(), anAccount());
        const phoneA = randomUUID();
        const phoneB = randomUUID();
        const forA = aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: phoneA });
        const forB = aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: phoneB });
        await storage().codes.insert(forA);
        await storage().codes.insert(forB);

        await storage().codes.invalidateSubject({ accountId: anna.id, purpose: 'verify_phone', phoneId: phoneA }, T0 + 5);

        assert.equal(await storage().codes.state(forA.id, T0 + 10, MAX), 'void');
        assert.equal(await storage().codes.state(forB.id, T0 + 10, MAX), 'usable');
        const subjectB: CodeSubject = { accountId: anna.id, purpose: 'verify_phone', phoneId: phoneB };
        assert.equal((await storage().codes.findUsable(subjectB, T0 + 10, MAX))?.id, forB.id);
        const subjectA: CodeSubject = { accountId: anna.id, purpose: 'verify_phone', phoneId: phoneA };
        assert.equal(await storage().codes.findUsable(subjectA, T0 + 10, MAX), undefined);
      });

      it('finds a verification code only for the number it was sent to', async () => {
        const anna = await inserted(storage(), anAccount());
        const phoneA = randomUUID();
        const forA = aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: phoneA });
        await storage().codes.insert(forA);
        assert.equal((await storage().codes.findUsable({ accountId: anna.id, purpose: 'verify_phone', phoneId: phoneA }, T0, MAX))?.id, forA.id);
        assert.equal(await storage().codes.findUsable({ accountId: anna.id, purpose: 'verify_phone', phoneId: randomUUID() }, T0, MAX), undefined);
      });

      it('invalidates every unused code sent to a removed number, of any purpose, and no other', async () => {
        const anna = await inserted(storage(), anAccount());
        const removed = randomUUID();
        const kept = randomUUID();
        const signInCode = aCode({ accountId: anna.id, phoneId: removed });
        const verifyCode = aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: removed });
        const otherNumber = aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: kept });
        for (const code of [signInCode, verifyCode, otherNumber]) await storage().codes.insert(code);

        await storage().codes.invalidatePhone(removed, T0 + 5);

        assert.equal(await storage().codes.state(signInCode.id, T0 + 10, MAX), 'void');
        assert.equal(await storage().codes.state(verifyCode.id, T0 + 10, MAX), 'void');
        assert.equal(await storage().codes.state(otherNumber.id, T0 + 10, MAX), 'usable');
        assert.equal(await storage().codes.consume(signInCode.id, T0 + 10, MAX), false);
      });

      it('consumes a usable code exactly once', async () => {
        const anna = await inserted(storage(), anAccount());
        const code = aCode({ accountId: anna.id });
        await storage().codes.insert(code);
        assert.equal(await storage().codes.consume(code.id, T0 + 10, MAX), true);
        assert.equal(await storage().codes.consume(code.id, T0 + 11, MAX), false);
        assert.equal(await storage().codes.state(code.id, T0 + 12, MAX), 'void');
      });

      it('does not consume an expired, over-guessed, invalidated or unknown code', async () => {
        const anna = await inserted(storage(), anAccount());
        const expired = aCode({ accountId: anna.id, expiresAt: T0 + 100 });
        const overGuessed = aCode({ accountId: anna.id, attempts: MAX });
        const removedPhone = randomUUID();
        const invalidated = aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: removedPhone });
        for (const code of [expired, overGuessed, invalidated]) await storage().codes.insert(code);
        await storage().codes.invalidatePhone(removedPhone, T0 + 1);

        assert.equal(await storage().codes.consume(expired.id, T0 + 100, MAX), false);
        assert.equal(await storage().codes.consume(overGuessed.id, T0 + 10, MAX), false);
        assert.equal(await storage().codes.consume(invalidated.id, T0 + 10, MAX), false);
        assert.equal(await storage().codes.consume(randomUUID(), T0 + 10, MAX), false);
        // Refused consumes change nothing: the expired code is still merely expired.
        assert.equal(await storage().codes.state(expired.id, T0 + 100, MAX), 'expired');
      });

      it('lets exactly one of 50 simultaneous consumes of one code succeed', async () => {
        const anna = await inserted(storage(), anAccount());
        const code = aCode({ accountId: anna.id });
        await storage().codes.insert(code);
        const results = await Promise.all(Array.from({ length: 50 }, () => storage().codes.consume(code.id, T0 + 10, MAX)));
        assert.equal(results.filter((r) => r).length, 1);
        assert.equal(results.filter((r) => !r).length, 49);
      });

      it('counts wrong attempts until the code reaches the attempt cap', async () => {
        const anna = await inserted(storage(), anAccount());
        const code = aCode({ accountId: anna.id });
        await storage().codes.insert(code);
        for (let i = 1; i < MAX; i++) {
          await storage().codes.recordWrongAttempt(code.id);
          assert.equal((await storage().codes.findUsable(signIn(anna.id), T0, MAX))?.attempts, i);
        }
        assert.equal(await storage().codes.state(code.id, T0, MAX), 'usable');
        await storage().codes.recordWrongAttempt(code.id);
        assert.equal(await storage().codes.findUsable(signIn(anna.id), T0, MAX), undefined);
        assert.equal(await storage().codes.state(code.id, T0, MAX), 'void');
        assert.equal(await storage().codes.consume(code.id, T0, MAX), false);
      });

      it('tells usable, expired and void codes apart', async () => {
        const anna = await inserted(storage(), anAccount());
        const code = aCode({ accountId: anna.id, expiresAt: T0 + 1000 });
        await storage().codes.insert(code);
        assert.equal(await storage().codes.state(code.id, T0 + 999, MAX), 'usable');
        assert.equal(await storage().codes.state(code.id, T0 + 1000, MAX), 'expired');
        assert.equal(await storage().codes.state(randomUUID(), T0, MAX), 'void', 'unknown');

        const used = aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: randomUUID() });
        await storage().codes.insert(used);
        await storage().codes.consume(used.id, T0 + 1, MAX);
        assert.equal(await storage().codes.state(used.id, T0 + 2, MAX), 'void', 'used');
        assert.equal(await storage().codes.state(used.id, used.expiresAt + 1, MAX), 'void', 'used, later expired');
      });

      it('prunes only codes that expired before the given time', async () => {
        const anna = await inserted(storage(), anAccount());
        const old = aCode({ accountId: anna.id, expiresAt: T0 + 1000 });
        const boundary = aCode({ accountId: anna.id, expiresAt: T0 + 2000 });
        const live = aCode({ accountId: anna.id, expiresAt: T0 + 60_000 });
        for (const code of [old, boundary, live]) await storage().codes.insert(code);

        assert.equal(await storage().codes.prune(T0 + 2000), 1);

        assert.equal(await storage().codes.state(old.id, T0 + 3000, MAX), 'void', 'pruned');
        assert.equal(await storage().codes.state(boundary.id, T0 + 3000, MAX), 'expired', 'kept');
        assert.equal(await storage().codes.state(live.id, T0 + 3000, MAX), 'usable', 'kept');
        assert.equal(await storage().codes.prune(T0 + 2000), 0);
      });
    });

    describe('sessions', () => {
      it('finds an inserted session by its token hash', async () => {
        const anna = await inserted(storage(), anAccount());
        const session = aSession(anna.id);
        await storage().sessions.insert(session);
        assert.deepEqual(await storage().sessions.findByTokenHash(session.tokenHash), session);
        assert.equal(await storage().sessions.findByTokenHash('unknown-hash'), undefined);
      });

      it('moves last-seen forward when touched, never backward', async () => {
        const anna = await inserted(storage(), anAccount());
        const session = aSession(anna.id);
        await storage().sessions.insert(session);
        await storage().sessions.touch(session.id, T0 + 60_000);
        assert.equal((await storage().sessions.findByTokenHash(session.tokenHash))?.lastSeenAt, T0 + 60_000);
        await storage().sessions.touch(session.id, T0 + 30_000);
        const touched = await storage().sessions.findByTokenHash(session.tokenHash);
        assert.deepEqual(touched, { ...session, lastSeenAt: T0 + 60_000 });
      });

      it('revokes a session once, keeping the first revocation time', async () => {
        const anna = await inserted(storage(), anAccount());
        const session = aSession(anna.id);
        const other = aSession(anna.id);
        await storage().sessions.insert(session);
        await storage().sessions.insert(other);
        await storage().sessions.revoke(session.id, T0 + 1000);
        await storage().sessions.revoke(session.id, T0 + 2000);
        assert.equal((await storage().sessions.findByTokenHash(session.tokenHash))?.revokedAt, T0 + 1000);
        assert.equal((await storage().sessions.findByTokenHash(other.tokenHash))?.revokedAt, null);
      });
    });

    describe('limit events', () => {
      it('gives the time of the nth newest event after `since`', async () => {
        const limits = storage().limits;
        for (const at of [T0 + 1000, T0 + 3000, T0 + 2000]) await limits.record('otp:email', 'key-a', at);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 1), T0 + 3000);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 2), T0 + 2000);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 3), T0 + 1000);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 4), undefined);
      });

      it('counts only events strictly after `since`', async () => {
        const limits = storage().limits;
        for (const at of [T0 + 1000, T0 + 2000, T0 + 3000]) await limits.record('otp:email', 'key-a', at);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0 + 1000, 2), T0 + 2000);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0 + 1000, 3), undefined);
      });

      it('counts events per bucket and key', async () => {
        const limits = storage().limits;
        await limits.record('otp:email', 'key-a', T0 + 1000);
        await limits.record('otp:email', 'key-b', T0 + 2000);
        await limits.record('otp:phone', 'key-a', T0 + 3000);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 1), T0 + 1000);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 2), undefined);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-c', T0, 1), undefined);
      });

      it('counts the events of a key after a time', async () => {
        await storage().limits.record('b', 'k', T0);
        await storage().limits.record('b', 'k', T0 + 10);
        await storage().limits.record('b', 'other', T0 + 10);
        assert.equal(await storage().limits.countSince('b', 'k', T0 - 1), 2);
        assert.equal(await storage().limits.countSince('b', 'k', T0), 1);
        assert.equal(await storage().limits.countSince('b', 'nothing', 0), 0);
        await storage().limits.clear('b', 'k');
        assert.equal(await storage().limits.countSince('b', 'k', 0), 0, 'cleared');
        assert.equal(await storage().limits.countSince('b', 'other', 0), 1, 'another key stays');
      });

      it('counts two events in the same millisecond as two', async () => {
        const limits = storage().limits;
        await limits.record('otp:email', 'key-a', T0 + 1000);
        await limits.record('otp:email', 'key-a', T0 + 1000);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 2), T0 + 1000);
      });

      it('prunes only events older than the given time', async () => {
        const limits = storage().limits;
        for (const at of [T0 + 1000, T0 + 2000, T0 + 3000]) await limits.record('otp:email', 'key-a', at);
        await limits.record('otp:phone', 'key-b', T0 + 500);
        assert.equal(await limits.prune(T0 + 2000), 2);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-a', 0, 2), T0 + 2000);
        assert.equal(await limits.nthNewestSince('otp:email', 'key-a', 0, 3), undefined);
        assert.equal(await limits.nthNewestSince('otp:phone', 'key-b', 0, 1), undefined);
      });
    });

    outboxQueueContract(storage);
    outboxAttemptContract(storage);
    outboxReportContract(storage);
    knownDeviceContract(storage);
    activityAttemptContract(storage);
    outboxOperatorContract(storage);

    describe('development SMS inbox', () => {
      it('lists a handed-over text with its outbox status', async () => {
        const { outbox, devInbox } = storage();
        const id = await outbox.queue.enqueue(aMessage({ to: '+46701111111', body: 'Din kod är 12345678' }), T0);
        await outbox.queue.claimDue(T0, 30_000, 10);
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

    describe('activity', () => {
      const event = (accountId: string | null, at: number, kind: 'signed_in' | 'code_failed' = 'signed_in') => ({
        id: randomUUID(),
        accountId,
        kind,
        at,
        ip: '192.0.2.1',
        userAgent: 'Firefox',
        detail: { method: 'otp' },
      });

      it('lists an account’s events newest first, with their details, and no one else’s', async () => {
        const anna = await inserted(storage(), anAccount());
        const bo = await inserted(storage(), anAccount());
        const first = event(anna.id, T0);
        const second = event(anna.id, T0 + 1000, 'code_failed');
        await storage().activity.insert(first);
        await storage().activity.insert(second);
        await storage().activity.insert(event(bo.id, T0 + 500));
        await storage().activity.insert(event(null, T0 + 700));
        assert.deepEqual(await storage().activity.listByAccount(anna.id, 10), [second, first]);
        assert.deepEqual((await storage().activity.listByAccount(anna.id, 1)).map((e) => e.id), [second.id]);
      });

      it('prunes old events and, sooner, the decoy rows that belong to no account', async () => {
        const anna = await inserted(storage(), anAccount());
        await storage().activity.insert(event(anna.id, T0));
        await storage().activity.insert(event(anna.id, T0 + 10_000));
        await storage().activity.insert(event(null, T0 + 10_000));
        assert.equal(await storage().activity.prune(T0 + 1, T0 + 20_000), 2);
        assert.equal((await storage().activity.listByAccount(anna.id, 10)).length, 1);
      });
    });

    describe('OpenID Connect artefacts', () => {
      it('finds an upserted artefact by model and id, and not under another model', async () => {
        const code = anArtefact({ model: 'AuthorizationCode', id: 'shared-id' });
        await storage().oidcPayloads.upsert(code);
        assert.deepEqual(await storage().oidcPayloads.find('AuthorizationCode', 'shared-id'), code);
        assert.equal(await storage().oidcPayloads.find('AccessToken', 'shared-id'), undefined);
        assert.equal(await storage().oidcPayloads.find('AuthorizationCode', 'unknown-id'), undefined);

        const token = anArtefact({ model: 'AccessToken', id: 'shared-id', payload: '{"kind":"AccessToken"}' });
        await storage().oidcPayloads.upsert(token);
        assert.deepEqual(await storage().oidcPayloads.find('AccessToken', 'shared-id'), token, 'another model, another row');
        assert.deepEqual(await storage().oidcPayloads.find('AuthorizationCode', 'shared-id'), code, 'the first row untouched');
      });

      it('replaces an artefact upserted again: payload, grant, uid, user code and expiry', async () => {
        const first = anArtefact({ model: 'Session', id: 'one', grantId: 'grant-a', uid: 'uid-a', userCode: 'CODE-A', expiresAt: T0 + 1000 });
        await storage().oidcPayloads.upsert(first);
        const second = anArtefact({ model: 'Session', id: 'one', payload: '{"v":2}', grantId: 'grant-b', uid: 'uid-b', userCode: 'CODE-B', expiresAt: T0 + 9000 });
        await storage().oidcPayloads.upsert(second);
        assert.deepEqual(await storage().oidcPayloads.find('Session', 'one'), second);
        assert.equal(await storage().oidcPayloads.findByUid('Session', 'uid-a'), undefined);
        assert.equal(await storage().oidcPayloads.findByUserCode('Session', 'CODE-A'), undefined);

        const timeless = anArtefact({ model: 'Session', id: 'one', grantId: null, uid: null, userCode: null, expiresAt: null });
        await storage().oidcPayloads.upsert(timeless);
        assert.deepEqual(await storage().oidcPayloads.find('Session', 'one'), timeless, 'nulls replace values too');
        assert.equal(await storage().oidcPayloads.prune(T0 + 60_000), 0, 'the replaced expiry holds: nothing to prune');
      });

      it('finds an artefact by uid and by user code, only within its model', async () => {
        const session = anArtefact({ model: 'Session', uid: 'the-uid' });
        const device = anArtefact({ model: 'DeviceCode', userCode: 'ABCD-EFGH' });
        await storage().oidcPayloads.upsert(session);
        await storage().oidcPayloads.upsert(device);
        assert.deepEqual(await storage().oidcPayloads.findByUid('Session', 'the-uid'), session);
        assert.equal(await storage().oidcPayloads.findByUid('Interaction', 'the-uid'), undefined);
        assert.equal(await storage().oidcPayloads.findByUid('Session', 'another-uid'), undefined);
        assert.deepEqual(await storage().oidcPayloads.findByUserCode('DeviceCode', 'ABCD-EFGH'), device);
        assert.equal(await storage().oidcPayloads.findByUserCode('Session', 'ABCD-EFGH'), undefined);
        assert.equal(await storage().oidcPayloads.findByUserCode('DeviceCode', 'ZZZZ-ZZZZ'), undefined);
      });

      it('marks an artefact consumed at the given time, and only that one', async () => {
        const code = anArtefact({ model: 'AuthorizationCode', id: 'same' });
        const other = anArtefact({ model: 'RefreshToken', id: 'same' });
        await storage().oidcPayloads.upsert(code);
        await storage().oidcPayloads.upsert(other);
        await storage().oidcPayloads.consume('AuthorizationCode', 'same', T0 + 5000);
        assert.deepEqual(await storage().oidcPayloads.find('AuthorizationCode', 'same'), { ...code, consumedAt: T0 + 5000 });
        assert.equal((await storage().oidcPayloads.find('RefreshToken', 'same'))?.consumedAt, null);
        await storage().oidcPayloads.consume('AuthorizationCode', 'unknown', T0 + 5000);
        assert.equal(await storage().oidcPayloads.find('AuthorizationCode', 'unknown'), undefined, 'consuming nothing creates nothing');
      });

      it('destroys one artefact, leaving the same id under another model', async () => {
        await storage().oidcPayloads.upsert(anArtefact({ model: 'Interaction', id: 'same' }));
        const session = anArtefact({ model: 'Session', id: 'same' });
        await storage().oidcPayloads.upsert(session);
        await storage().oidcPayloads.destroy('Interaction', 'same');
        assert.equal(await storage().oidcPayloads.find('Interaction', 'same'), undefined);
        assert.deepEqual(await storage().oidcPayloads.find('Session', 'same'), session);
        await storage().oidcPayloads.destroy('Interaction', 'same');
      });

      it('revokes every artefact of a grant, of any model, and nothing of another grant or of none', async () => {
        const ofGrant = ['AccessToken', 'AuthorizationCode', 'RefreshToken'].map((model) => anArtefact({ model, grantId: 'grant-a' }));
        const otherGrant = anArtefact({ model: 'AccessToken', grantId: 'grant-b' });
        const noGrant = anArtefact({ model: 'Session', grantId: null });
        for (const row of [...ofGrant, otherGrant, noGrant]) await storage().oidcPayloads.upsert(row);

        await storage().oidcPayloads.revokeByGrantId('grant-a');

        for (const row of ofGrant) assert.equal(await storage().oidcPayloads.find(row.model, row.id), undefined, row.model);
        assert.deepEqual(await storage().oidcPayloads.find(otherGrant.model, otherGrant.id), otherGrant);
        assert.deepEqual(await storage().oidcPayloads.find(noGrant.model, noGrant.id), noGrant);
      });

      it('revokes what one account holds for one website, or for all its websites, and nothing of anyone else', async () => {
        const ofSite = ['Grant', 'AccessToken', 'RefreshToken'].map((model) => anArtefact({ model, accountId: 'anna', clientId: 'shop' }));
        const otherSite = anArtefact({ model: 'RefreshToken', accountId: 'anna', clientId: 'library' });
        const otherAccount = anArtefact({ model: 'RefreshToken', accountId: 'bertil', clientId: 'shop' });
        const untagged = anArtefact({ model: 'Session' });
        for (const row of [...ofSite, otherSite, otherAccount, untagged]) await storage().oidcPayloads.upsert(row);

        assert.equal(await storage().oidcPayloads.revokeForAccount('anna', 'shop'), 3);
        for (const row of ofSite) assert.equal(await storage().oidcPayloads.find(row.model, row.id), undefined, row.model);
        assert.deepEqual(await storage().oidcPayloads.find(otherSite.model, otherSite.id), otherSite);
        assert.equal(await storage().oidcPayloads.revokeForAccount('anna', 'shop'), 0);

        assert.equal(await storage().oidcPayloads.revokeForAccount('anna'), 1, 'every website of the account');
        assert.equal(await storage().oidcPayloads.find(otherSite.model, otherSite.id), undefined);
        assert.deepEqual(await storage().oidcPayloads.find(otherAccount.model, otherAccount.id), otherAccount);
        assert.deepEqual(await storage().oidcPayloads.find(untagged.model, untagged.id), untagged);
      });

      it('prunes only artefacts that expired before the given time, never those without expiry', async () => {
        const old = anArtefact({ expiresAt: T0 + 1000 });
        const boundary = anArtefact({ expiresAt: T0 + 2000 });
        const live = anArtefact({ expiresAt: T0 + 60_000 });
        const forever = anArtefact({ expiresAt: null });
        for (const row of [old, boundary, live, forever]) await storage().oidcPayloads.upsert(row);

        assert.equal(await storage().oidcPayloads.prune(T0 + 2000), 1);

        assert.equal(await storage().oidcPayloads.find(old.model, old.id), undefined, 'pruned');
        for (const kept of [boundary, live, forever]) assert.deepEqual(await storage().oidcPayloads.find(kept.model, kept.id), kept);
        assert.equal(await storage().oidcPayloads.prune(T0 + 2000), 0);
        assert.equal(await storage().oidcPayloads.prune(Number.MAX_SAFE_INTEGER), 2, 'the row without expiry stays whatever the time');
        assert.deepEqual(await storage().oidcPayloads.find(forever.model, forever.id), forever);
      });
    });

    describe('OpenID Connect signing keys', () => {
      it('lists signing keys newest generation first', async () => {
        const keys = [1, 3, 2].map((generation) => aSigningKey({ generation }));
        for (const key of keys) assert.equal(await storage().signingKeys.insertIfNew(key), true);
        assert.deepEqual(await storage().signingKeys.list(), [...keys].sort((a, b) => b.generation - a.generation));
      });

      it('refuses a second key of a generation already taken, keeping the first', async () => {
        const first = aSigningKey({ generation: 1 });
        assert.equal(await storage().signingKeys.insertIfNew(first), true);
        assert.equal(await storage().signingKeys.insertIfNew(aSigningKey({ generation: 1 })), false);
        assert.deepEqual(await storage().signingKeys.list(), [first]);
      });

      it('lets exactly one of several instances adding the first key at once succeed', async () => {
        const candidates = Array.from({ length: 10 }, () => aSigningKey({ generation: 1 }));
        const results = await Promise.all(candidates.map((key) => storage().signingKeys.insertIfNew(key)));
        assert.equal(results.filter(Boolean).length, 1);
        const winner = candidates[results.indexOf(true)];
        assert.deepEqual(await storage().signingKeys.list(), [winner]);
      });

      it('removes keys older than a generation, saying how many', async () => {
        const keys = [1, 2, 3, 4].map((generation) => aSigningKey({ generation }));
        for (const key of keys) await storage().signingKeys.insertIfNew(key);
        assert.equal(await storage().signingKeys.removeOlderThan(3), 2);
        assert.deepEqual((await storage().signingKeys.list()).map((k) => k.generation), [4, 3]);
        assert.equal(await storage().signingKeys.removeOlderThan(3), 0);
      });
    });

    describe('OpenID Connect clients', () => {
      it('finds an inserted client by id, and nothing for an unknown id', async () => {
        const client = aClient();
        await storage().clients.insert(client);
        assert.deepEqual(await storage().clients.find(client.clientId), client);
        assert.equal(await storage().clients.find('unknown-client'), undefined);
      });

      it('lists clients in the order they were registered', async () => {
        const later = aClient({ createdAt: T0 + 2000 });
        const earlier = aClient({ createdAt: T0 + 1000 });
        assert.deepEqual(await storage().clients.list(), []);
        await storage().clients.insert(later);
        await storage().clients.insert(earlier);
        assert.deepEqual(await storage().clients.list(), [earlier, later]);
      });

      it('removes a client once, saying whether it removed one', async () => {
        const gone = aClient();
        const kept = aClient();
        await storage().clients.insert(gone);
        await storage().clients.insert(kept);
        assert.equal(await storage().clients.remove(gone.clientId), true);
        assert.equal(await storage().clients.find(gone.clientId), undefined);
        assert.equal(await storage().clients.remove(gone.clientId), false);
        assert.equal(await storage().clients.remove('unknown-client'), false);
        assert.deepEqual(await storage().clients.list(), [kept]);
      });
    });

    describe('OpenID Connect consents', () => {
      it('saves a consent per account and website, and finds it with its scopes and claims', async () => {
        const anna = await inserted(storage(), anAccount());
        const consent = aConsent(anna.id, { claims: ['email_verified'] });
        await storage().consents.save(consent);
        assert.deepEqual(await storage().consents.find(anna.id, consent.clientId), consent);
        assert.equal(await storage().consents.find(anna.id, 'another-site'), undefined);
        assert.equal(await storage().consents.find(randomUUID(), consent.clientId), undefined);
      });

      it('replaces the consent for the same website when saved again', async () => {
        const anna = await inserted(storage(), anAccount());
        await storage().consents.save(aConsent(anna.id, { clientId: 'shop', scopes: ['openid'] }));
        const wider = aConsent(anna.id, { clientId: 'shop', scopes: ['openid', 'email', 'phone'], givenAt: T0 + 5000, expiresAt: T0 + 9000 });
        await storage().consents.save(wider);
        assert.deepEqual(await storage().consents.listByAccount(anna.id), [wider]);
      });

      it("lists an account's consents oldest first, and no one else's", async () => {
        const anna = await inserted(storage(), anAccount());
        const bertil = await inserted(storage(), anAccount());
        const later = aConsent(anna.id, { clientId: 'later', givenAt: T0 + 2000 });
        const earlier = aConsent(anna.id, { clientId: 'earlier', givenAt: T0 + 1000 });
        await storage().consents.save(later);
        await storage().consents.save(earlier);
        await storage().consents.save(aConsent(bertil.id, { clientId: 'later' }));
        assert.deepEqual(await storage().consents.listByAccount(anna.id), [earlier, later]);
      });

      it('removes one consent saying whether there was one, or all of an account saying how many', async () => {
        const anna = await inserted(storage(), anAccount());
        const bertil = await inserted(storage(), anAccount());
        for (const clientId of ['shop', 'library', 'bank']) await storage().consents.save(aConsent(anna.id, { clientId }));
        const kept = aConsent(bertil.id, { clientId: 'shop' });
        await storage().consents.save(kept);

        assert.equal(await storage().consents.remove(anna.id, 'shop'), true);
        assert.equal(await storage().consents.remove(anna.id, 'shop'), false);
        assert.equal(await storage().consents.find(anna.id, 'shop'), undefined);
        assert.equal(await storage().consents.removeByAccount(anna.id), 2);
        assert.deepEqual(await storage().consents.listByAccount(anna.id), []);
        assert.deepEqual(await storage().consents.listByAccount(bertil.id), [kept]);
      });

      it('prunes only consents that expired before the given time', async () => {
        const anna = await inserted(storage(), anAccount());
        const old = aConsent(anna.id, { clientId: 'old', expiresAt: T0 + 1000 });
        const boundary = aConsent(anna.id, { clientId: 'boundary', expiresAt: T0 + 2000 });
        for (const row of [old, boundary]) await storage().consents.save(row);
        assert.equal(await storage().consents.prune(T0 + 2000), 1);
        assert.deepEqual(await storage().consents.listByAccount(anna.id), [boundary]);
      });
    });

    describe('transactions', () => {
      it('never lets concurrent transactions checking and recording one limit key exceed the limit', async () => {
        const rule = { bucket: 'contract', limit: 5, windowMs: 24 * 3600_000 };
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, () =>
            storage().transaction(async (stores) => {
              const check = await checkRollingLimit(stores.limits, rule, 'one-key', T0);
              if (check.limited) return false;
              await stores.limits.record(rule.bucket, 'one-key', T0);
              return true;
            }),
          ),
        );
        assert.equal(outcomes.filter(Boolean).length, 5);
        assert.equal(await storage().limits.nthNewestSince(rule.bucket, 'one-key', 0, 6), undefined);
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
        assert.equal(await s.limits.nthNewestSince('otp:email', anna.id, 0, 1), T0);
        assert.deepEqual(await s.outbox.operator.countByStatus(), { queued: 1 });
        assert.equal((await s.devInbox.list({ limit: 10 })).length, 1);
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
              assert.deepEqual((await stores.outbox.queue.claimDue(T0, 30_000, 10)).map((m) => m.id), [id]);
              throw new Error('work failed after claiming');
            }),
            /work failed after claiming/,
          );
          const claimed = await storage().outbox.queue.claimDue(T0, 30_000, 10);
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
        assert.equal(await s.limits.nthNewestSince('otp:email', anna.id, 0, 1), undefined);
        assert.deepEqual(await s.outbox.operator.countByStatus(), {});
        assert.deepEqual(await s.devInbox.list({ limit: 10 }), []);
        // The database is still fit for work after the rollback.
        assert.equal(await s.accounts.insert(anna), 'created');
      });
    });
  });
}

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

const signIn = (accountId: string): CodeSubject => ({ accountId, purpose: 'sign_in' });

const anAccount = (overrides: Partial<Account> = {}): Account => ({
  id: randomUUID(),
  email: `${randomUUID()}@example.se`,
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$not-a-real-hash',
  createdAt: T0,
  ...overrides,
});

async function inserted(storage: Stores, account: Account): Promise<Account> {
  assert.equal(await storage.accounts.insert(account), 'created');
  return account;
}

const aPhone = (accountId: string, overrides: Partial<Phone> = {}): Phone => ({
  id: randomUUID(),
  accountId,
  region: 'SE',
  e164: '+46701234567',
  verifiedAt: null,
  createdAt: T0,
  ...overrides,
});

const aCode = (overrides: Partial<StoredCode> & Pick<StoredCode, 'accountId'>): StoredCode => ({
  id: randomUUID(),
  phoneId: null,
  purpose: 'sign_in',
  codeHmac: `hmac-${randomUUID()}`,
  createdAt: T0,
  expiresAt: T0 + 10 * 60_000,
  attempts: 0,
  ...overrides,
});

const aSession = (accountId: string, overrides: Partial<Session> = {}): Session => ({
  id: randomUUID(),
  tokenHash: `hash-${randomUUID()}`,
  accountId,
  method: 'otp',
  createdAt: T0,
  lastSeenAt: T0,
  expiresAt: T0 + 24 * 60 * 60_000,
  revokedAt: null,
  ...overrides,
});

const anArtefact = (overrides: Partial<OidcPayloadRow> = {}): OidcPayloadRow => ({
  model: 'AccessToken',
  id: randomUUID(),
  payload: JSON.stringify({ jti: randomUUID(), kind: 'AccessToken' }),
  grantId: null,
  accountId: null,
  clientId: null,
  userCode: null,
  uid: null,
  expiresAt: T0 + 3600_000,
  consumedAt: null,
  ...overrides,
});

const aConsent = (accountId: string, overrides: Partial<ConsentRow> = {}): ConsentRow => ({
  accountId,
  clientId: randomUUID(),
  scopes: ['openid', 'email'],
  claims: [],
  givenAt: T0,
  expiresAt: T0 + 365 * 24 * 3600_000,
  ...overrides,
});

const aSigningKey = (overrides: Partial<SigningKeyRow> = {}): SigningKeyRow => ({
  kid: randomUUID(),
  generation: 1,
  sealedJwk: `sealed-${randomUUID()}`,
  createdAt: T0,
  ...overrides,
});

const aClient = (overrides: Partial<ClientRow> = {}): ClientRow => ({
  clientId: randomUUID(),
  metadata: `sealed-${randomUUID()}`,
  createdAt: T0,
  ...overrides,
});

/** One write to each store, as a transaction's work would do. */
async function writeToEveryStore(stores: Stores, rows: { anna: Account; phone: Phone; code: StoredCode }): Promise<void> {
  const { anna, phone, code } = rows;
  assert.equal(await stores.accounts.insert(anna), 'created');
  assert.equal(await stores.phones.insert(phone), 'created');
  await stores.codes.insert(code);
  await stores.sessions.insert(aSession(anna.id, { tokenHash: `token-of-${anna.id}` }));
  await stores.limits.record('otp:email', anna.id, T0);
  const messageId = await stores.outbox.queue.enqueue(aMessage({ codeId: code.id }), T0);
  await stores.devInbox.add({ messageId, to: phone.e164, body: 'hej', at: T0 });
}
