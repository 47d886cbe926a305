import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { CodeSubject, StoredCode } from '../../domain/sign-in/code-store.ts';
import type { Storage } from '../storage.ts';
import { aCode, anAccount, aPhone, inserted, signIn, T0 } from './store-fixtures.ts';

/**
 * What the one-time codes store owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function codeContract(storage: () => Storage): void {
  describe('one-time codes', () => {
    const MAX = 5;

    it('finds an inserted code as usable for its subject', async () => {
      const anna = await inserted(storage(), anAccount());
      const code = aCode({ accountId: anna.id });
      await storage().codes.insert(code);
      assert.deepEqual(await storage().codes.findUsable(signIn(anna.id), T0, MAX), { ...code, sentTo: null });
      assert.equal(await storage().codes.state(code.id, T0, MAX), 'usable');
    });

    it('finds a texted code with the number and region it went to', async () => {
      const anna = await inserted(storage(), anAccount());
      const phone = aPhone(anna.id, { region: 'FI', e164: '+358401234567', verifiedAt: T0 });
      assert.equal(await storage().phones.insert(phone), 'created');
      const code = aCode({ accountId: anna.id, phoneId: phone.id });
      await storage().codes.insert(code);
      assert.deepEqual(await storage().codes.findUsable(signIn(anna.id), T0, MAX), { ...code, sentTo: { e164: '+358401234567', region: 'FI' } });
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

    it('replaces: the subject’s outstanding codes made unusable, the new one inserted and usable', async () => {
      const anna = await inserted(storage(), anAccount());
      const phoneA = randomUUID();
      const older = aCode({ accountId: anna.id });
      const verification = aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: phoneA });
      for (const code of [older, verification]) await storage().codes.insert(code);
      const newer = aCode({ accountId: anna.id, createdAt: T0 + 5 });

      await storage().codes.replace(signIn(anna.id), newer, T0 + 5);

      assert.equal(await storage().codes.state(older.id, T0 + 10, MAX), 'void');
      assert.equal(await storage().codes.state(newer.id, T0 + 10, MAX), 'usable', 'not invalidated by its own replace');
      assert.equal(await storage().codes.state(verification.id, T0 + 10, MAX), 'usable', 'another subject');
      assert.deepEqual(await storage().codes.findUsable(signIn(anna.id), T0 + 10, MAX), { ...newer, sentTo: null });

      const subjectA: CodeSubject = { accountId: anna.id, purpose: 'verify_phone', phoneId: phoneA };
      const nextVerification = aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: phoneA, createdAt: T0 + 6 });
      await storage().codes.replace(subjectA, nextVerification, T0 + 6);
      assert.equal(await storage().codes.state(verification.id, T0 + 10, MAX), 'void');
      assert.equal((await storage().codes.findUsable(subjectA, T0 + 10, MAX))?.id, nextVerification.id);
      assert.equal((await storage().codes.findUsable(signIn(anna.id), T0 + 10, MAX))?.id, newer.id, 'the sign-in code stays');

      const decoy = aCode({ accountId: null, phoneId: null });
      await storage().codes.replace(signIn(randomUUID()), decoy, T0 + 7);
      assert.equal(await storage().codes.state(decoy.id, T0 + 10, MAX), 'usable', 'a decoy row is stored as any code');
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

    it('tells the states of several codes in one read, an unknown one as void', async () => {
      const anna = await inserted(storage(), anAccount());
      const usable = aCode({ accountId: anna.id, expiresAt: T0 + 1000 });
      const expired = aCode({ accountId: anna.id, purpose: 'reset_password', expiresAt: T0 });
      const used = aCode({ accountId: anna.id, purpose: 'verify_phone', phoneId: randomUUID() });
      for (const code of [usable, expired, used]) await storage().codes.insert(code);
      await storage().codes.consume(used.id, T0 - 1, MAX);
      const unknown = randomUUID();
      const states = await storage().codes.states([usable.id, expired.id, used.id, unknown, usable.id], T0, MAX);
      assert.deepEqual(Object.fromEntries(states), { [usable.id]: 'usable', [expired.id]: 'expired', [used.id]: 'void', [unknown]: 'void' });
      assert.deepEqual(await storage().codes.states([], T0, MAX), new Map());
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
}
