import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { ManualClock } from '../../lib/clock.ts';
import { cryptoRandom, type Random } from '../../lib/random.ts';
import { hmac } from '../../lib/secrets.ts';
import { openSqlite } from '../../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../../storage/storage.ts';
import type { CodeSubject } from './code-store.ts';
import { isWellFormedCode, normalizeCode, OneTimeCodes } from './one-time-codes.ts';

const settings = { length: 8, ttlSeconds: 600, maxAttempts: 5 };
const secretKey = Buffer.from('k'.repeat(32));

/** Hands out the given codes in order, then random ones, so a test knows a code it never saw issued. */
const scriptedRandom = (...codes: string[]): Random => ({
  digits: (length) => codes.shift() ?? cryptoRandom.digits(length),
  token: (bytes) => cryptoRandom.token(bytes),
});

/** The same code with its last digit changed: equally long, equally formed, wrong. */
const otherCode = (code: string) => code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

describe('one-time codes', () => {
  let folder: string;
  let path: string;
  let storage: Storage;
  let clock: ManualClock;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'engangskod-otp-'));
    path = join(folder, 'db.sqlite');
    storage = await openSqlite(path);
    clock = new ManualClock();
  });
  afterEach(async () => {
    await storage.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const codesWith = (random: Random = cryptoRandom) =>
    new OneTimeCodes({ clock, random, secretKey, settings });

  /** A sign-in subject for a new account (codes belong to an account that exists). */
  const newSubject = async (): Promise<CodeSubject> => {
    const id = randomUUID();
    await storage.accounts.insert({ id, email: `${id}@example.se`, passwordHash: 'hash', createdAt: clock.now(), emailVerifiedAt: clock.now() });
    return { accountId: id, purpose: 'sign_in' };
  };

  it('accepts a code once and refuses it the second time', async () => {
    const codes = codesWith();
    const subject = await newSubject();
    const issued = await codes.issue(storage.codes, subject, randomUUID());
    assert.match(issued.code, /^\d{8}$/);
    assert.equal(await codes.redeem(storage.codes, subject, issued.code), 'redeemed');
    assert.equal(await codes.redeem(storage.codes, subject, issued.code), 'no_usable_code');
  });

  it('stops accepting the older code once a newer one is issued', async () => {
    const codes = codesWith(scriptedRandom('11111111', '22222222'));
    const subject = await newSubject();
    const older = await codes.issue(storage.codes, subject, randomUUID());
    clock.advanceSeconds(1);
    const newer = await codes.issue(storage.codes, subject, randomUUID());
    assert.notEqual(await codes.redeem(storage.codes, subject, older.code), 'redeemed');
    assert.equal(await codes.redeem(storage.codes, subject, newer.code), 'redeemed');
    assert.equal(await storage.codes.state(older.id, clock.now(), settings.maxAttempts), 'void');
  });

  it('accepts a code one second before its lifetime ends', async () => {
    const codes = codesWith();
    const subject = await newSubject();
    const issued = await codes.issue(storage.codes, subject, randomUUID());
    assert.equal(issued.expiresAt, clock.now() + settings.ttlSeconds * 1000);
    clock.advanceSeconds(settings.ttlSeconds - 1);
    assert.equal(await codes.redeem(storage.codes, subject, issued.code), 'redeemed');
  });

  it('accepts a code issued just before SECRET_KEY was rotated, while the old key is among the previous ones', async () => {
    const subject = await newSubject();
    const issued = await codesWith().issue(storage.codes, subject, randomUUID());
    const newKey = Buffer.from('the rotated secret key, 32 bytes or more');
    const withoutOld = new OneTimeCodes({ clock, random: cryptoRandom, secretKey: newKey, settings });
    assert.equal(await withoutOld.redeem(storage.codes, subject, issued.code), 'wrong');
    const rotated = new OneTimeCodes({ clock, random: cryptoRandom, secretKey: newKey, previousKeys: [secretKey], settings });
    assert.equal(await rotated.redeem(storage.codes, subject, issued.code), 'redeemed');
  });

  it('refuses a code once its lifetime has passed', async () => {
    const codes = codesWith();
    const subject = await newSubject();
    const issued = await codes.issue(storage.codes, subject, randomUUID());
    clock.advanceSeconds(settings.ttlSeconds);
    assert.equal(await codes.redeem(storage.codes, subject, issued.code), 'no_usable_code');
  });

  it('rejects a different code of the same length', async () => {
    const codes = codesWith();
    const subject = await newSubject();
    const issued = await codes.issue(storage.codes, subject, randomUUID());
    const wrong = otherCode(issued.code);
    assert.equal(wrong.length, issued.code.length);
    assert.equal(await codes.redeem(storage.codes, subject, wrong), 'wrong');
    assert.equal(await codes.redeem(storage.codes, subject, issued.code), 'redeemed', 'one wrong entry does not spend the code');
  });

  it('refuses a code that is too short, too long or not digits', async () => {
    const codes = codesWith(scriptedRandom('12345678'));
    const subject = await newSubject();
    await codes.issue(storage.codes, subject, randomUUID());
    for (const candidate of ['1234567', '123456789', '1234567x', '']) {
      assert.equal(await codes.redeem(storage.codes, subject, candidate), 'wrong', JSON.stringify(candidate));
    }
  });

  it('still accepts the right code after one wrong entry fewer than the limit', async () => {
    const codes = codesWith();
    const subject = await newSubject();
    const issued = await codes.issue(storage.codes, subject, randomUUID());
    for (let i = 0; i < settings.maxAttempts - 1; i++) {
      assert.equal(await codes.redeem(storage.codes, subject, otherCode(issued.code)), 'wrong');
    }
    assert.equal(await codes.redeem(storage.codes, subject, issued.code), 'redeemed');
  });

  it('refuses even the right code after the maximum number of wrong entries', async () => {
    const codes = codesWith();
    const subject = await newSubject();
    const issued = await codes.issue(storage.codes, subject, randomUUID());
    for (let i = 0; i < settings.maxAttempts; i++) {
      assert.equal(await codes.redeem(storage.codes, subject, otherCode(issued.code)), 'wrong');
    }
    assert.equal(await codes.redeem(storage.codes, subject, issued.code), 'no_usable_code');
  });

  it('ignores the spaces and dashes people copy along with a code', async () => {
    const codes = codesWith(scriptedRandom('12345678', '87654321', '24681357'));
    for (const [entered, issuedCode] of [
      ['1234 5678', '12345678'],
      ['87-65-43-21', '87654321'],
      [' 2468\t1357 \n', '24681357'],
    ] as const) {
      const subject = await newSubject();
      const issued = await codes.issue(storage.codes, subject, randomUUID());
      assert.equal(issued.code, issuedCode);
      assert.equal(await codes.redeem(storage.codes, subject, entered), 'redeemed', JSON.stringify(entered));
    }
  });

  it('redeems a code exactly once when 50 redeem it at the same time', async () => {
    const codes = codesWith();
    const subject = await newSubject();
    const issued = await codes.issue(storage.codes, subject, randomUUID());
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => codes.redeem(storage.codes, subject, issued.code)));
    assert.equal(outcomes.filter((o) => o === 'redeemed').length, 1);
    assert.deepEqual(new Set(outcomes.filter((o) => o !== 'redeemed')), new Set(['no_usable_code']));
  });

  it('does not accept a code issued for another account', async () => {
    const codes = codesWith();
    const anna = await newSubject();
    const bo = await newSubject();
    const annas = await codes.issue(storage.codes, anna, randomUUID());
    assert.equal(await codes.redeem(storage.codes, bo, annas.code), 'no_usable_code');
    assert.equal(await codes.redeem(storage.codes, anna, annas.code), 'redeemed');
  });

  it('verifies only the number a verification code was sent to', async () => {
    const codes = codesWith();
    const { accountId } = await newSubject();
    const [phoneA, phoneB] = [randomUUID(), randomUUID()];
    const forA = await codes.issue(storage.codes, { accountId, purpose: 'verify_phone', phoneId: phoneA }, phoneA);
    const forB = await codes.issue(storage.codes, { accountId, purpose: 'verify_phone', phoneId: phoneB }, phoneB);
    assert.notEqual(await codes.redeem(storage.codes, { accountId, purpose: 'verify_phone', phoneId: phoneB }, forA.code), 'redeemed');
    assert.equal(await codes.redeem(storage.codes, { accountId, purpose: 'verify_phone', phoneId: phoneA }, forA.code), 'redeemed', 'a code for B does not replace A’s');
    assert.equal(await codes.redeem(storage.codes, { accountId, purpose: 'sign_in' }, forB.code), 'no_usable_code', 'not a sign-in code');
  });

  it('never redeems a decoy', async () => {
    const codes = codesWith(scriptedRandom('13572468'));
    await codes.issueDecoy(storage.codes);
    const raw = new SQLite(path, { readonly: true });
    let decoy: { id: string; account_id: string | null; code_hmac: string };
    try {
      decoy = raw.prepare('select id, account_id, code_hmac from one_time_codes').get() as typeof decoy;
    } finally {
      raw.close();
    }
    assert.equal(decoy.account_id, null);
    assert.equal(decoy.code_hmac, hmac(secretKey, 'one-time-code', `${decoy.id}:13572468`), 'the decoy holds a real code');
    assert.equal(await codes.redeem(storage.codes, { accountId: decoy.id, purpose: 'sign_in' }, '13572468'), 'no_usable_code');
    assert.equal(await codes.redeem(storage.codes, await newSubject(), '13572468'), 'no_usable_code');
  });

  it('stores a code only as an HMAC bound to its row', async () => {
    const codes = codesWith(scriptedRandom('31415926', '31415926'));
    const first = await codes.issue(storage.codes, await newSubject(), randomUUID());
    const second = await codes.issue(storage.codes, await newSubject(), randomUUID());
    assert.equal(first.code, second.code);
    const raw = new SQLite(path, { readonly: true });
    try {
      const rows = raw.prepare('select * from one_time_codes').all() as { id: string; code_hmac: string }[];
      assert.equal(rows.length, 2);
      for (const row of rows) {
        assert.ok(!row.code_hmac.includes(first.code), 'the HMAC does not hold the code');
        assert.ok(!JSON.stringify(row).includes(first.code), 'no column holds the code');
        assert.match(row.code_hmac, /^[\w-]{43}$/, 'a base64url SHA-256 HMAC');
      }
      assert.notEqual(rows[0]?.code_hmac, rows[1]?.code_hmac, 'equal codes of two rows store differently');
    } finally {
      raw.close();
    }
  });
});

describe('a typed code', () => {
  it('drops the spaces and dashes it was copied with', () => {
    assert.equal(normalizeCode('8596 5119'), '85965119');
    assert.equal(normalizeCode(' 8596-5119 '), '85965119');
  });

  it('is well formed only as OTP_LENGTH digits once cleaned: a typo of length is not a guess', () => {
    assert.equal(isWellFormedCode('8596 5119', 8), true);
    assert.equal(isWellFormedCode('8596-511', 8), false);
    assert.equal(isWellFormedCode('8596 51190', 8), false);
    assert.equal(isWellFormedCode('8596 511x', 8), false);
  });
});
