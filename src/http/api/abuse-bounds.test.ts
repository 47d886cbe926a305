import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { apiClient, type Reply } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import type { Config } from '../../config/config.ts';
import { strangersShare } from '../../domain/code-delivery/code-delivery.ts';
import { PROVEN_CEILING_FACTOR } from '../../domain/rate-limits/abuse-throttles.ts';

/*
 * The abuse bounds docs/SECURITY.md promises, each computed from the live configuration and
 * then shown to hold by driving the real app over HTTP. Unless a test says otherwise (and why),
 * every setting is its default (but for the response-time floor, which the test helper turns
 * off: it changes when an answer leaves, not what it says).
 */

type Api = ReturnType<typeof apiClient>;
const DAY_SECONDS = 24 * 3600;
const DAY_MS = DAY_SECONDS * 1000;

/**
 * The hourly throttles (per IP, per prefix) are fixed one-hour windows that start at a key's
 * first request, so a day holds 24 of them back to back, and any 24-hour span can touch 25.
 */
const HOURLY_WINDOWS_PER_DAY = 24;
const HOURLY_WINDOWS_IN_ANY_24_HOURS = 25;

/**
 * A guesser's chance of signing in to one account within a rolling day.
 *
 * Only the newest code works, and at most OTP_DAILY_LIMIT are issued per email in a rolling day
 * (plus the one that may still be live as the day starts). A code is refused once it has had
 * OTP_MAX_ATTEMPTS wrong entries, and after OTP_ACCOUNT_FAILURE_LIMIT wrong codes in a rolling
 * day no guess for the account is compared at all. Each compared guess rules out one of
 * 10^OTP_LENGTH equally likely codes, so the chance is at most guesses / 10^OTP_LENGTH.
 */
function guessingBound(config: Config) {
  const { length, dailyLimit, maxAttempts, accountFailureLimit } = config.otp;
  const codeSpace = 10 ** length;
  const codesPerDay = dailyLimit + 1;
  const guessesPerDayByCodeCaps = codesPerDay * maxAttempts;
  const guessesPerDay = Math.min(accountFailureLimit, guessesPerDayByCodeCaps);
  // One IP guessing at many accounts at once is held by the redeem throttle; for one account
  // the account's own cap is the tighter one.
  const guessesPerIpPerDay = config.limits.redeemPerIpPerHour * HOURLY_WINDOWS_IN_ANY_24_HOURS;
  return {
    guessesPerDay,
    chancePerAccountPerDay: guessesPerDay / codeSpace,
    // What holds even when simultaneous guesses all pass the account pause before any failure
    // is recorded (docs/SECURITY.md, finding F2): the per-code cap is one conditional update.
    chanceIgnoringAccountPause: guessesPerDayByCodeCaps / codeSpace,
    guessesPerIpPerDay,
    chanceFromOneIpPerDay: Math.min(guessesPerDay, guessesPerIpPerDay) / codeSpace,
  };
}

/**
 * Sign-in texts one client IP can cause in a day, the most any one number can receive, and the
 * most that strangers (browsers its holder never signed in on) can make it receive. Past its
 * free allowance a client goes on only with a proof of work for each request, up to the ceiling.
 */
function textsFromOneIp(config: Config) {
  const perHour = config.ipLimitPerHour * PROVEN_CEILING_FACTOR;
  return {
    perDay: perHour * HOURLY_WINDOWS_PER_DAY,
    inAny24Hours: perHour * HOURLY_WINDOWS_IN_ANY_24_HOURS,
    perNumberPerDay: config.limits.smsPerNumberDaily,
    fromStrangersPerNumberPerDay: strangersShare(config.limits.smsPerNumberDaily),
  };
}

/** Sign-in texts any number of IPs together can cause to one destination prefix in a day. */
function textsToOnePrefix(config: Config) {
  return {
    perDay: config.limits.prefixPerHour * HOURLY_WINDOWS_PER_DAY,
    inAny24Hours: config.limits.prefixPerHour * HOURLY_WINDOWS_IN_ANY_24_HOURS,
  };
}

const requestCode = (api: Api, email: string, number: string, ip: string, cookie?: string) =>
  api.post('/api/v1/one-time-codes', { email, region: 'SE', number }, { ip, ...(cookie ? { headers: { cookie } } : {}) });
const redeem = (api: Api, email: string, code: string, ip: string, cookie?: string) =>
  api.post('/api/v1/sessions/one-time-code', { email, code }, { ip, ...(cookie ? { headers: { cookie } } : {}) });
const passwordSignIn = (api: Api, email: string, password: string, ip: string) =>
  api.post('/api/v1/sessions', { email, password }, { ip });
const otherCode = (code: string) => code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

/** Sign-in texts handed to the (dev) gateway for `to`, once the dispatcher has sent all that is due. */
async function signInTextsTo(t: TestApp, to: string): Promise<number> {
  await t.app.dispatcher.drain();
  const texts = await t.app.storage.devInbox.list({ to, limit: 1000 });
  return texts.filter((text) => text.body.includes('logga in')).length;
}

/** An account with a verified number, written straight to storage: no argon2, no verification text. */
async function seedAccount(t: TestApp, email: string, e164: string): Promise<string> {
  const now = t.clock.now();
  const accountId = randomUUID();
  await t.app.storage.transaction(async (stores) => {
    await stores.accounts.insert({ id: accountId, email, passwordHash: 'not used', createdAt: now, emailVerifiedAt: now });
    await stores.phones.insert({ id: randomUUID(), accountId, region: 'SE', e164, verifiedAt: now, createdAt: now });
  });
  return accountId;
}

/** What a client can tell answers apart by: status, body bytes and the headers that vary by content. */
const visible = (reply: Reply) => ({
  status: reply.status,
  raw: reply.raw,
  contentType: reply.headers['content-type'],
  contentLength: reply.headers['content-length'],
  retryAfter: reply.headers['retry-after'],
  wwwAuthenticate: reply.headers['www-authenticate'],
  cacheControl: reply.headers['cache-control'],
  setCookie: reply.headers['set-cookie'],
});

function assertAllAlike(replies: Record<string, Reply>, status: number) {
  const [first, ...rest] = Object.entries(replies);
  assert.ok(first);
  assert.equal(first[1].status, status, `${first[0]}: ${first[1].raw}`);
  for (const [kind, reply] of rest) assert.deepEqual(visible(reply), visible(first[1]), `${kind} differs from ${first[0]}`);
}

describe('abuse bounds with default settings', () => {
  let t: TestApp;
  let api: Api;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  it('runs on the documented defaults, so the bounds below are the defaults’ bounds', () => {
    const { otp, limits, ipLimitPerHour } = t.app.config;
    assert.deepEqual(
      { length: otp.length, maxAttempts: otp.maxAttempts, dailyLimit: otp.dailyLimit, accountFailureLimit: otp.accountFailureLimit },
      { length: 8, maxAttempts: 5, dailyLimit: 10, accountFailureLimit: 20 },
    );
    assert.deepEqual({ ipLimitPerHour, prefixPerHour: limits.prefixPerHour, redeemPerIpPerHour: limits.redeemPerIpPerHour }, { ipLimitPerHour: 100, prefixPerHour: 20, redeemPerIpPerHour: 200 });
  });

  describe('(a) guessing a code', () => {
    it('gives a guesser at most a 1 in 100 000 chance per account per day: 20 guesses at 10^8 codes, 2e-7', () => {
      const bound = guessingBound(t.app.config);
      assert.equal(bound.guessesPerDay, 20);
      assert.equal(bound.chancePerAccountPerDay, 2e-7);
      assert.ok(bound.chancePerAccountPerDay <= 1e-5);
      // Even without the account pause, 11 codes × 5 guesses: 5.5e-7.
      assert.equal(bound.chanceIgnoringAccountPause, 5.5e-7);
      assert.ok(bound.chanceIgnoringAccountPause <= 1e-5);
      assert.ok(bound.chanceFromOneIpPerDay <= bound.chancePerAccountPerDay);
    });

    it('compares no guess at all for an account once OTP_ACCOUNT_FAILURE_LIMIT wrong codes fell in a rolling day: the right code fails and the code is left untouched', async () => {
      const { maxAttempts, accountFailureLimit } = t.app.config.otp;
      const email = 'guessed@example.se';
      const victim = await api.accountWithVerifiedPhone(email, 'SE', '070-100 00 01');
      const liveCode = () => t.app.storage.codes.findUsable({ accountId: victim.id, purpose: 'sign_in' }, t.clock.now(), maxAttempts);
      let guesser = 0;
      const guesserIp = () => `198.51.100.${++guesser}`; // a new address for every guess: the per-IP throttle plays no part
      const owner = '192.0.2.1';
      // The holder asks from a browser they signed in on before; the guessers are strangers.
      const ownBrowser = await api.deviceCookie(email);

      // Wrong guesses in batches that keep each code under its own cap, so every one of them is
      // compared (the code's attempt count says so) and the account cap is what ends it.
      const firstFailureAt = t.clock.now();
      let compared = 0;
      while (compared < accountFailureLimit) {
        assert.equal((await requestCode(api, email, '0701000001', owner, ownBrowser)).status, 202);
        const code = await api.latestCode(victim.phone.e164);
        const batch = Math.min(maxAttempts - 1, accountFailureLimit - compared);
        for (let i = 0; i < batch; i++) assert.equal((await redeem(api, email, otherCode(code), guesserIp())).status, 401);
        assert.equal((await liveCode())?.attempts, batch, 'each wrong guess was compared with the code');
        compared += batch;
        t.clock.advanceSeconds(60);
      }
      assert.equal(compared, accountFailureLimit);

      // Paused: a fresh code, guessed and then entered right, from fresh addresses.
      assert.equal((await requestCode(api, email, '0701000001', owner, ownBrowser)).status, 202);
      const right = await api.latestCode(victim.phone.e164);
      const fresh = await liveCode();
      const wrongAnswers = [];
      for (let i = 0; i < 10; i++) wrongAnswers.push(await redeem(api, email, otherCode(right), guesserIp()));
      const rightAnswer = await redeem(api, email, right, guesserIp());
      assert.equal(rightAnswer.status, 401);
      assert.equal(rightAnswer.body.code, 'code_invalid');
      for (const answer of wrongAnswers) assert.equal(answer.raw, rightAnswer.raw, 'the paused answer is the wrong-code answer');
      const untouched = await liveCode();
      assert.equal(untouched?.id, fresh?.id, 'the code was neither used nor replaced');
      assert.equal(untouched?.attempts, 0, 'not one of the eleven guesses was compared with it');

      // The pause holds strangers only: the holder's own browser signs in meanwhile.
      t.clock.advanceSeconds(60);
      assert.equal((await requestCode(api, email, '0701000001', owner, ownBrowser)).status, 202);
      assert.equal((await redeem(api, email, await api.latestCode(victim.phone.e164), owner, ownBrowser)).status, 201);

      // The day is rolling: a second before the first failure is a day old other browsers are
      // still paused; once the first batch has aged out there is room again.
      t.clock.advanceSeconds((firstFailureAt + DAY_MS - 1000 - t.clock.now()) / 1000);
      assert.equal((await requestCode(api, email, '0701000001', owner, ownBrowser)).status, 202);
      assert.equal((await redeem(api, email, await api.latestCode(victim.phone.e164), guesserIp())).status, 401);
      t.clock.advanceSeconds(60);
      assert.equal((await requestCode(api, email, '0701000001', owner, ownBrowser)).status, 202);
      assert.equal((await redeem(api, email, await api.latestCode(victim.phone.e164), guesserIp())).status, 201);
    });
  });

  it('signs in exactly one of simultaneous redeems of one code from the holder’s browser and strangers’, and lands nothing of the rest', async () => {
    // The holder's browser and strangers' hold different failure keys, so on PostgreSQL their
    // sign-ins run side by side and may all read the code as usable: only one may use it, and
    // the others' sessions must roll back with their use of it.
    const email = 'raced@example.se';
    const holder = await api.accountWithVerifiedPhone(email, 'SE', '070-556 00 02');
    const ownBrowser = await api.deviceCookie(email);
    assert.equal((await requestCode(api, email, '0705560002', '198.51.100.161', ownBrowser)).status, 202);
    const code = await api.latestCode(holder.phone.e164);
    const since = t.clock.now();
    const byCode = async () => (await t.app.storage.activity.listByAccount(holder.id, 100)).filter((e) => e.kind === 'signed_in' && e.detail.method === 'otp').length;
    const signedInBefore = await byCode();
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => redeem(api, email, code, `198.51.102.${i}`, i % 2 === 0 ? ownBrowser : undefined)));
    assert.deepEqual(replies.map((r) => r.status).sort(), [201, 401, 401, 401, 401, 401, 401, 401, 401, 401]);
    assert.equal((await byCode()) - signedInBefore, 1, 'one sign-in by code in the activity log');
    const failed = (await t.app.storage.activity.listAttemptGroups(holder.id, since, 10)).filter((g) => g.kind === 'code_failed');
    assert.equal(failed.reduce((sum, g) => sum + g.count, 0), 9, 'each of the others is a failed attempt');
  });

  describe('(b) texts an attacker can cause', () => {
    it('lets one IP cause at most IP_LIMIT_PER_HOUR × 10 × 24 sign-in texts a day, 24 000 (25 000 in the worst 24 hours), nine in ten of them each behind a proof of work; one number receives at most SMS_PER_NUMBER_DAILY, 10, of which strangers cause at most 5', () => {
      assert.deepEqual(textsFromOneIp(t.app.config), { perDay: 24_000, inAny24Hours: 25_000, perNumberPerDay: 10, fromStrangersPerNumberPerDay: 5 });
    });

    it('sends one number no more than the strangers\' share of texts in a rolling day from browsers its holder never used, answering every request alike, and the holder\'s own browser still gets its codes', async () => {
      const { fromStrangersPerNumberPerDay } = textsFromOneIp(t.app.config);
      const { resendSeconds } = t.app.config.otp;
      const holder = await api.accountWithVerifiedPhone('pumped@example.se', 'SE', '070-111 00 01');
      const ownBrowser = await api.deviceCookie('pumped@example.se');
      const replies = [];
      for (let i = 0; i < 3 * fromStrangersPerNumberPerDay; i++) {
        // A new address every time, and the exact email and number: the strongest stranger.
        replies.push(await requestCode(api, 'pumped@example.se', '0701110001', `203.0.113.${10 + i}`));
        // Sent before the next request: a newer code cancels a text still waiting with an older one.
        await t.app.dispatcher.drain();
        t.clock.advanceSeconds(resendSeconds);
      }
      for (const reply of replies) assert.deepEqual(visible(reply), visible(replies[0]!));
      assert.equal(replies[0]?.status, 202);
      // The verification text is one of the strangers' share too: the number was not yet the account's.
      assert.equal(await signInTextsTo(t, holder.phone.e164), fromStrangersPerNumberPerDay - 1);
      assert.equal((await requestCode(api, 'pumped@example.se', '0701110001', '192.0.2.77', ownBrowser)).status, 202);
      const code = await api.latestCode(holder.phone.e164);
      assert.equal((await redeem(api, 'pumped@example.se', code, '192.0.2.77', ownBrowser)).status, 201, 'the holder still gets a code and signs in');
    });

    it('lets a stranger who knows the email and number cause one text per CODE_RESEND_SECONDS at most, however many addresses ask', async () => {
      await seedAccount(t, 'cooldown@example.se', '+46701120001');
      const statuses = [];
      for (let i = 0; i < 30; i++) statuses.push((await requestCode(api, 'cooldown@example.se', '0701120001', `203.0.114.${i}`)).status);
      assert.deepEqual(new Set(statuses), new Set([202]));
      assert.equal(await signInTextsTo(t, '+46701120001'), 1);
      // The first asker, asking again, is the only one told to wait: it is its own limit.
      const again = await requestCode(api, 'cooldown@example.se', '0701120001', '203.0.114.0');
      assert.equal(again.status, 429);
      assert.equal(again.body.code, 'resend_too_soon');
      assert.ok(Number(again.headers['retry-after']) > 0);
    });

    it('lets many IPs together cause at most PREFIX_LIMIT_PER_HOUR × 24 sign-in texts a day to one destination prefix, 480 (500 in the worst 24 hours)', () => {
      assert.deepEqual(textsToOnePrefix(t.app.config), { perDay: 480, inAny24Hours: 500 });
    });

    it('stops texting a destination prefix at PREFIX_LIMIT_PER_HOUR, however many IPs, emails and numbers the requests come from', async () => {
      const { prefixPerHour } = t.app.config.limits;
      // +4670222 and four digits: one prefix. Each number belongs to an account of its own, and
      // each request comes from an address of its own, so only the prefix is shared.
      const numbers = Array.from({ length: prefixPerHour + 3 }, (_, i) => `+4670222${String(i).padStart(4, '0')}`);
      for (const [i, e164] of numbers.entries()) await seedAccount(t, `range${i}@example.se`, e164);
      const statuses = [];
      for (const [i, e164] of numbers.entries()) statuses.push((await requestCode(api, `range${i}@example.se`, e164, `203.0.113.${100 + i}`)).status);
      assert.deepEqual(new Set(statuses), new Set([202]), 'the answer never changes');
      let texts = 0;
      for (const e164 of numbers) texts += await signInTextsTo(t, e164);
      assert.equal(texts, prefixPerHour, 'texts up to the prefix\'s hour, and none past it');
      await seedAccount(t, 'elsewhere@example.se', '+46702230000');
      assert.equal((await requestCode(api, 'elsewhere@example.se', '+46702230000', '203.0.113.200')).status, 202, 'another prefix is not held');
    });
  });

  describe('(c) the same answer whoever the email and number belong to', () => {
    it('POST /api/v1/one-time-codes answers the same 202 for an unknown email, a wrong number and the right number', async () => {
      await seedAccount(t, 'right@example.se', '+46703330001');
      await seedAccount(t, 'wrong@example.se', '+46703340001');
      const replies = {
        unknownEmail: await requestCode(api, 'nobody@example.se', '0703350001', '203.0.113.31'),
        wrongNumber: await requestCode(api, 'wrong@example.se', '0703360001', '203.0.113.32'),
        rightNumber: await requestCode(api, 'right@example.se', '0703330001', '203.0.113.33'),
      };
      assertAllAlike(replies, 202);
      assert.equal(await signInTextsTo(t, '+46703330001'), 1, 'only the right number got a text');
      assert.equal(await signInTextsTo(t, '+46703360001'), 0);
    });

    it('POST /api/v1/one-time-codes answers the same 202 past every allowance for an unknown email, a wrong number and the right number', async () => {
      const { dailyLimit } = t.app.config.otp;
      await seedAccount(t, 'daily-right@example.se', '+46703370001');
      await seedAccount(t, 'daily-wrong@example.se', '+46703380001');
      const kinds = {
        unknownEmail: () => requestCode(api, 'daily-nobody@example.se', '0703390001', '203.0.113.41'),
        wrongNumber: () => requestCode(api, 'daily-wrong@example.se', '0703400001', '203.0.113.42'),
        rightNumber: () => requestCode(api, 'daily-right@example.se', '0703370001', '203.0.113.43'),
      };
      // In step, so the oldest counted request of each is equally old when the limit answers.
      for (let i = 0; i < dailyLimit; i++) {
        for (const ask of Object.values(kinds)) assert.equal((await ask()).status, 202);
        await t.app.dispatcher.drain();
        t.clock.advanceSeconds(600);
      }
      const replies = { unknownEmail: await kinds.unknownEmail(), wrongNumber: await kinds.wrongNumber(), rightNumber: await kinds.rightNumber() };
      assertAllAlike(replies, 202);
      assert.equal(await signInTextsTo(t, '+46703370001'), strangersShare(t.app.config.limits.smsPerNumberDaily), 'texts only up to the strangers\' share');
    });

    it('POST /api/v1/sessions/one-time-code answers the same 401 for an unknown email, an email whose code went to no number, and a wrong code for the right number', async () => {
      await seedAccount(t, 'redeem-right@example.se', '+46703410001');
      await seedAccount(t, 'redeem-wrong@example.se', '+46703420001');
      await requestCode(api, 'redeem-right@example.se', '0703410001', '203.0.113.51');
      await requestCode(api, 'redeem-wrong@example.se', '0703430001', '203.0.113.52');
      await requestCode(api, 'redeem-nobody@example.se', '0703440001', '203.0.113.53');
      const sent = await api.latestCode('+46703410001');
      const guess = otherCode(sent);
      const replies = {
        unknownEmail: await redeem(api, 'redeem-nobody@example.se', guess, '203.0.113.54'),
        wrongNumber: await redeem(api, 'redeem-wrong@example.se', guess, '203.0.113.55'),
        rightNumber: await redeem(api, 'redeem-right@example.se', guess, '203.0.113.56'),
      };
      assertAllAlike(replies, 401);
      assert.equal(replies.rightNumber.body.code, 'code_invalid');
      assert.match(String(replies.rightNumber.headers['www-authenticate']), /^Bearer/);
    });

    it('POST /api/v1/sessions answers the same 401 for an unknown email and a wrong password, and the same 429 and Retry-After once either has to wait', async () => {
      const free = t.app.config.limits.passwordFreeFailures;
      await api.signUp('password@example.se', 'the right password');
      const wrong = { unknownEmail: [] as Reply[], wrongPassword: [] as Reply[] };
      // Each try from an address of its own, so the per-email delay is what answers.
      for (let i = 0; i <= free; i++) {
        wrong.wrongPassword.push(await passwordSignIn(api, 'password@example.se', `wrong password ${i}`, `203.0.113.${60 + 2 * i}`));
        wrong.unknownEmail.push(await passwordSignIn(api, 'no-account@example.se', `wrong password ${i}`, `203.0.113.${61 + 2 * i}`));
      }
      for (let i = 0; i <= free; i++) assertAllAlike({ wrongPassword: wrong.wrongPassword[i]!, unknownEmail: wrong.unknownEmail[i]! }, 401);
      const waiting = {
        wrongPassword: await passwordSignIn(api, 'password@example.se', 'the right password', '203.0.113.90'),
        unknownEmail: await passwordSignIn(api, 'no-account@example.se', 'the right password', '203.0.113.91'),
      };
      assertAllAlike(waiting, 429);
      assert.equal(waiting.wrongPassword.body.code, 'rate_limited');
      assert.equal(waiting.wrongPassword.headers['retry-after'], '2', 'the first wait is two seconds');
    });
  });
});

describe('(b) the per-IP bound, shown with IP_LIMIT_PER_HOUR lowered', () => {
  let t: TestApp;
  let api: Api;
  before(async () => {
    // Lowered from 100 so that one IP's hourly allowance is spent in a handful of requests; the
    // mechanism is the same at any value, and every other limit keeps its default.
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '4' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('accepts IP_LIMIT_PER_HOUR requests from one IP, asks a proof of work for the rest with Retry-After, and sends no text for a refused one', async () => {
    const limit = t.app.config.ipLimitPerHour;
    const people = [
      { email: 'one@example.se', e164: '+46704440001' },
      { email: 'two@example.se', e164: '+46704450001' },
      { email: 'three@example.se', e164: '+46704460001' },
    ];
    for (const person of people) await seedAccount(t, person.email, person.e164);
    const attacker = '198.51.100.99';
    const replies = [];
    for (let i = 0; i < limit + 3; i++) {
      const person = people[i % people.length]!;
      replies.push(await requestCode(api, person.email, person.e164, attacker));
      // Sent before the next request: a newer code cancels a text still waiting with an older one.
      await t.app.dispatcher.drain();
      t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    }
    assert.deepEqual(replies.map((r) => r.status), [...Array.from({ length: limit }, () => 202), 429, 429, 429]);
    for (const refused of replies.slice(limit)) {
      assert.equal(refused.body.code, 'proof_of_work_required');
      assert.equal(typeof refused.body.altcha?.challenge, 'string');
      assert.ok(Number(refused.headers['retry-after']) > 0);
    }
    let texts = 0;
    for (const person of people) texts += await signInTextsTo(t, person.e164);
    assert.equal(texts, limit, 'one text per accepted request, none for the refused ones');
    assert.equal((await requestCode(api, people[0]!.email, people[0]!.e164, '198.51.100.100')).status, 202, 'another IP is not held');
  });
});

/*
 * Open findings (docs/SECURITY.md). Each is written as the behaviour it should have and marked
 * todo: it runs, and is reported, but does not fail the suite until the finding is fixed.
 */
describe('open findings, as the behaviour they should have', () => {
  let t: TestApp;
  let api: Api;
  before(async () => {
    // Lowered so that a handful of texts crosses them; every other limit keeps its default.
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '2', PREFIX_LIMIT_PER_HOUR: '2' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('counts the texts that verify new numbers against the per-IP and per-prefix limits too', async () => {
    const ip = '198.51.100.150';
    const pumper = await api.signUp('pumper@example.se');
    const added = [];
    for (let i = 0; i < 3; i++) added.push(await api.post('/api/v1/me/phones', { region: 'SE', number: `070-555 10 0${i}` }, { token: pumper.token, ip }));
    await t.app.dispatcher.drain();
    const texts = (await t.app.storage.devInbox.list({ limit: 100 })).filter((text) => text.to.startsWith('+4670555'));
    assert.equal(texts.length, 2, `${added.map((r) => r.status).join(',')}: texts to one prefix from one IP past both limits`);
  });

  it('compares at most OTP_MAX_ATTEMPTS guesses with one code, even when they all arrive at once', async () => {
    // On PostgreSQL a sign-in reads its code in the round trip of the account's failure key,
    // sent after the key's hold; sent before it, 14 of these guesses were compared.
    const { maxAttempts } = t.app.config.otp;
    const accountId = await seedAccount(t, 'burst@example.se', '+46705560001');
    assert.equal((await requestCode(api, 'burst@example.se', '0705560001', '198.51.100.160')).status, 202);
    const code = await api.latestCode('+46705560001');
    const guesses = Array.from({ length: 60 }, (_, i) => String((Number(code) + 1 + i) % 10 ** code.length).padStart(code.length, '0'));
    await Promise.all(guesses.map((guess, i) => redeem(api, 'burst@example.se', guess, `198.51.101.${i}`)));
    const afterBurst = await t.app.storage.codes.findUsable({ accountId, purpose: 'sign_in' }, t.clock.now(), 1_000_000);
    assert.ok((afterBurst?.attempts ?? 0) <= maxAttempts, `${afterBurst?.attempts} guesses were compared with one code`);
  });

  it('tells an unauthenticated /metrics scraper nothing about whether a code request matched', async () => {
    await seedAccount(t, 'scraped@example.se', '+46705570001');
    const scrape = async () => (await api.get('/metrics')).raw.split('\n').filter((line) => line.startsWith('engangskod_sms_'));
    const before = await scrape();
    assert.equal((await requestCode(api, 'nobody-scraped@example.se', '0705580001', '198.51.100.170')).status, 202);
    const afterMiss = await scrape();
    assert.equal((await requestCode(api, 'scraped@example.se', '0705570001', '198.51.100.171')).status, 202);
    const afterMatch = await scrape();
    assert.deepEqual(afterMiss, before);
    assert.deepEqual(afterMatch, afterMiss, 'the text series moved for the match only');
  });
});
