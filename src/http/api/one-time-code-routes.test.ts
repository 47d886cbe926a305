import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { solveChallenge } from 'altcha-lib/v1';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

const requestCode = (api: ReturnType<typeof apiClient>, body: object, options: { ip?: string; headers?: Record<string, string> } = {}) =>
  api.post('/api/v1/one-time-codes', body, options);
const redeem = (api: ReturnType<typeof apiClient>, email: string, code: string) =>
  api.post('/api/v1/sessions/one-time-code', { email, code });
const otherCode = (code: string) => code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

describe('one-time-code sign-in over the API', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    // The rules of the codes themselves, without the limits on how often (tested below).
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '100000', PREFIX_LIMIT_PER_HOUR: '100000', CODE_RESEND_SECONDS: '0', SMS_PER_NUMBER_DAILY: '1000', OTP_DAILY_LIMIT: '1000' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('sends a code to the verified number and signs in with it exactly once', async () => {
    const anna = await api.accountWithVerifiedPhone('anna@example.se');
    const requested = await requestCode(api, { email: 'anna@example.se', region: 'SE', number: '0701234567' });
    assert.equal(requested.status, 202);
    const code = await api.latestCode(anna.phone.e164);
    assert.equal(code.length, 8);
    const first = await redeem(api, 'anna@example.se', code);
    assert.equal(first.status, 201);
    assert.deepEqual(Object.keys(first.body).sort(), ['expiresAt', 'token']);
    assert.equal((await api.get('/api/v1/me', { token: first.body.token })).body.id, anna.id);
    const again = await redeem(api, 'anna@example.se', code);
    assert.equal(again.status, 401);
  });

  it('writes the text in the language of the request, ending with the WebOTP line', async () => {
    const sv = await api.accountWithVerifiedPhone('språk@example.se', 'SE', '070-765 43 21');
    await requestCode(api, { email: 'språk@example.se', region: 'SE', number: '0707654321' }, { headers: { 'accept-language': 'sv-SE' } });
    const swedish = await api.latestText(sv.phone.e164);
    assert.match(swedish, /^Din engångskod för att logga in är (\d{8})\. Den gäller i 10 minuter\./);
    await requestCode(api, { email: 'språk@example.se', region: 'SE', number: '0707654321' }, { headers: { 'accept-language': 'en-US,en;q=0.8' } });
    const english = await api.latestText(sv.phone.e164);
    assert.match(english, /^Your one-time code to sign in is (\d{8})\./);
    const lines = english.split('\n');
    const code = /is (\d{8})/.exec(english)?.[1];
    assert.equal(lines.at(-1), `@localhost #${code}`);
  });

  it('answers byte-identical 202s for a match, a wrong number, an unverified number and an unknown email', async () => {
    await api.accountWithVerifiedPhone('match@example.se', 'SE', '070-300 00 01');
    const unverified = await api.signUp('unverified@example.se');
    await api.post('/api/v1/me/phones', { region: 'SE', number: '070-300 00 02' }, { token: unverified.token });
    const replies = [
      await requestCode(api, { email: 'match@example.se', region: 'SE', number: '070-300 00 01' }),
      await requestCode(api, { email: 'match@example.se', region: 'SE', number: '070-300 00 03' }),
      await requestCode(api, { email: 'unverified@example.se', region: 'SE', number: '070-300 00 02' }),
      await requestCode(api, { email: 'nobody@example.se', region: 'SE', number: '070-300 00 04' }),
    ];
    for (const reply of replies) {
      assert.equal(reply.status, 202);
      assert.equal(reply.raw, replies[0]?.raw);
      assert.equal(reply.headers['content-length'], replies[0]?.headers['content-length']);
      assert.equal(reply.headers['content-type'], replies[0]?.headers['content-type']);
    }
    await t.app.dispatcher.drain();
    assert.equal((await t.app.storage.devInbox.list({ to: '+46703000001', limit: 10 })).length, 2, 'verification + sign-in');
    for (const to of ['+46703000002', '+46703000003', '+46703000004']) {
      const texts = await t.app.storage.devInbox.list({ to, limit: 10 });
      assert.ok(texts.every((text) => !text.body.includes('logga in')), `no sign-in text to ${to}`);
    }
  });

  it('answers 422 for malformed input and unsupported regions', async () => {
    const cases: [object, string][] = [
      [{ email: 'a@example.se', region: 'SE' }, 'validation_failed'],
      [{ email: 'a@example.se', region: 'SE', number: 701234567 }, 'validation_failed'],
      [{ email: 'not-an-email', region: 'SE', number: '0701234567' }, 'email_invalid'],
      [{ email: '\u0430nna@example.se', region: 'SE', number: '0701234567' }, 'email_confusable'],
      [{ email: 'a@example.se', region: 'DE', number: '+49 1512 3456789' }, 'region_unsupported'],
      [{ email: 'a@example.se', region: 'SE', number: '1' }, 'number_invalid'],
      [{ email: 'a@example.se', region: 'SE', number: '070\u0000123' }, 'number_invalid'],
    ];
    for (const [body, code] of cases) {
      const reply = await requestCode(api, body);
      assert.equal(reply.status, 422, JSON.stringify(body));
      assert.equal(reply.body.code, code, JSON.stringify(body));
    }
  });

  it('makes every older code stop working when a new one is asked for: the newest wins', async () => {
    const nils = await api.accountWithVerifiedPhone('nils@example.se', 'SE', '070-400 00 01');
    const body = { email: 'nils@example.se', region: 'SE', number: '0704000001' };
    await requestCode(api, body);
    const older = await api.latestCode(nils.phone.e164);
    await requestCode(api, body);
    const newest = await api.latestCode(nils.phone.e164);
    assert.equal((await redeem(api, 'nils@example.se', older)).status, 401);
    assert.equal((await redeem(api, 'nils@example.se', newest)).status, 201);
  });

  it('keeps only the newest code when several requests arrive at once; a replaced code is not texted, or no longer works', async () => {
    // On SQLite requests finishing in one turn commit together (group commit); on PostgreSQL
    // they run side by side. Either way each must replace the one before it.
    const ines = await api.accountWithVerifiedPhone('ines@example.se', 'SE', '070-400 00 09');
    const body = { email: 'ines@example.se', region: 'SE', number: '0704000009' };
    const { storage } = t.app;
    const textsBefore = (await storage.devInbox.list({ to: ines.phone.e164, limit: 50 })).length;
    const cancelledBefore = (await storage.outbox.operator.countByStatus()).cancelled ?? 0;
    const replies = await Promise.all(Array.from({ length: 4 }, () => requestCode(api, body)));
    assert.deepEqual(replies.map((r) => r.status), [202, 202, 202, 202]);
    const newest = await api.latestCode(ines.phone.e164);
    // Newest first. A text the dispatcher took while its code was still the newest went out.
    const inbox = await storage.devInbox.list({ to: ines.phone.e164, limit: 50 });
    const texts = inbox.slice(0, inbox.length - textsBefore);
    const cancelled = ((await storage.outbox.operator.countByStatus()).cancelled ?? 0) - cancelledBefore;
    assert.equal(texts.length + cancelled, 4, 'every code was either texted or its text cancelled');
    for (const text of texts.slice(1)) {
      const older = /#(\d+)$/.exec(text.body)?.[1] ?? '';
      assert.equal((await redeem(api, 'ines@example.se', older)).status, 401);
    }
    assert.equal((await redeem(api, 'ines@example.se', newest)).status, 201);
  });

  it('refuses a code at its expiry and takes it a second before', async () => {
    const ebba = await api.accountWithVerifiedPhone('ebba@example.se', 'SE', '070-400 00 02');
    const body = { email: 'ebba@example.se', region: 'SE', number: '0704000002' };
    await requestCode(api, body);
    const expiring = await api.latestCode(ebba.phone.e164);
    t.clock.advanceSeconds(600);
    assert.equal((await redeem(api, 'ebba@example.se', expiring)).status, 401);
    await requestCode(api, body);
    const fresh = await api.latestCode(ebba.phone.e164);
    t.clock.advanceSeconds(599);
    assert.equal((await redeem(api, 'ebba@example.se', fresh)).status, 201);
  });

  it('refuses even the right code after OTP_MAX_ATTEMPTS wrong entries', async () => {
    const gus = await api.accountWithVerifiedPhone('gus@example.se', 'SE', '070-400 00 03');
    await requestCode(api, { email: 'gus@example.se', region: 'SE', number: '0704000003' });
    const code = await api.latestCode(gus.phone.e164);
    for (let i = 0; i < 5; i++) assert.equal((await redeem(api, 'gus@example.se', otherCode(code))).status, 401);
    assert.equal((await redeem(api, 'gus@example.se', code)).status, 401);
  });

  it('gives the same 401 problem for wrong, used, older, expired and over-guessed codes and unknown emails', async () => {
    const vera = await api.accountWithVerifiedPhone('vera@example.se', 'SE', '070-400 00 04');
    const body = { email: 'vera@example.se', region: 'SE', number: '0704000004' };
    const problems: string[] = [];
    const collect = async (email: string, code: string) => {
      const reply = await redeem(api, email, code);
      assert.equal(reply.status, 401);
      assert.equal(reply.body.code, 'code_invalid');
      problems.push(JSON.stringify({ type: reply.body.type, title: reply.body.title, code: reply.body.code, detail: reply.body.detail }));
      return reply;
    };
    await requestCode(api, body);
    const used = await api.latestCode(vera.phone.e164);
    await collect('vera@example.se', otherCode(used)); // wrong
    assert.equal((await redeem(api, 'vera@example.se', used)).status, 201);
    await collect('vera@example.se', used); // used
    await requestCode(api, body);
    const older = await api.latestCode(vera.phone.e164);
    await requestCode(api, body);
    await collect('vera@example.se', older); // older
    await requestCode(api, body);
    const expired = await api.latestCode(vera.phone.e164);
    t.clock.advanceSeconds(601);
    await collect('vera@example.se', expired); // expired
    await collect('nobody-at-all@example.se', expired); // unknown email
    await collect('vera@example.se', 'abc'); // not even digits
    await requestCode(api, body);
    const live = await api.latestCode(vera.phone.e164);
    await collect('v\u0435ra@example.se', live); // a look-alike of the email (Cyrillic е), with the right code
    assert.equal(new Set(problems).size, 1, problems.join('\n'));
    // Typed in fullwidth letters, the email is the same one (NFKC), and the code still works.
    assert.equal((await redeem(api, '\uFF56\uFF45\uFF52\uFF41@example.se', live)).status, 201);
  });

  it('lets exactly one of 50 simultaneous redeems of one code succeed', async () => {
    const kim = await api.accountWithVerifiedPhone('kim@example.se', 'SE', '070-400 00 05');
    await requestCode(api, { email: 'kim@example.se', region: 'SE', number: '0704000005' });
    const code = await api.latestCode(kim.phone.e164);
    const replies = await Promise.all(Array.from({ length: 50 }, () => redeem(api, 'kim@example.se', code)));
    assert.equal(replies.filter((r) => r.status === 201).length, 1);
    assert.equal(replies.filter((r) => r.status === 401).length, 49);
  });

  it('accepts the code typed with spaces or a dash, as phones show them', async () => {
    const lo = await api.accountWithVerifiedPhone('lo@example.se', 'SE', '070-400 00 06');
    await requestCode(api, { email: 'lo@example.se', region: 'SE', number: '0704000006' });
    const code = await api.latestCode(lo.phone.e164);
    assert.equal((await redeem(api, ' LO@example.se', `${code.slice(0, 4)} ${code.slice(4)}`)).status, 201);
  });

  it('keeps sign-in codes and verification codes apart', async () => {
    const ida = await api.signUp('ida@example.se');
    const added = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-400 00 07' }, { token: ida.token });
    const verification = await api.latestCode(added.body.e164);
    assert.equal((await redeem(api, 'ida@example.se', verification)).status, 401, 'a verification code does not sign in');
    assert.equal((await api.post(`/api/v1/me/phones/${added.body.id}/verify`, { code: verification }, { token: ida.token })).status, 200);
    await requestCode(api, { email: 'ida@example.se', region: 'SE', number: '0704000007' });
    const signIn = await api.latestCode(added.body.e164);
    assert.equal((await redeem(api, 'ida@example.se', signIn)).status, 201);
  });

  it('pauses code sign-in for an account after too many wrong codes, with the wrong-code answer, whatever new codes are asked for', async () => {
    const max = t.app.config.otp.accountFailureLimit;
    const bert = await api.accountWithVerifiedPhone('bert@example.se', 'SE', '070-400 00 08');
    const body = { email: 'bert@example.se', region: 'SE', number: '0704000008' };
    let failures = 0;
    while (failures < max) {
      await requestCode(api, body);
      const code = await api.latestCode(bert.phone.e164);
      for (let i = 0; i < 4 && failures < max; i++, failures++) await redeem(api, 'bert@example.se', otherCode(code));
      t.clock.advanceSeconds(60);
    }
    await requestCode(api, body);
    const right = await api.latestCode(bert.phone.e164);
    const paused = await redeem(api, 'bert@example.se', right);
    assert.equal(paused.status, 401);
    assert.equal(paused.body.code, 'code_invalid');
    t.clock.advanceSeconds(24 * 3600);
    await requestCode(api, body);
    assert.equal((await redeem(api, 'bert@example.se', await api.latestCode(bert.phone.e164))).status, 201, 'the pause rolls off after a day');
  });
});

describe('the account pause counts only guesses at a real code', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  it('ignores guesses while no code is outstanding, so knowing an email is not enough to pause it', async () => {
    const owner = await api.accountWithVerifiedPhone('oskadd@example.se', 'SE', '070-410 00 01');
    for (let i = 0; i <= t.app.config.otp.accountFailureLimit; i++) {
      assert.equal((await redeem(api, 'oskadd@example.se', String(10_000_000 + i))).status, 401);
    }
    await requestCode(api, { email: 'oskadd@example.se', region: 'SE', number: '0704100001' });
    assert.equal((await redeem(api, 'oskadd@example.se', await api.latestCode(owner.phone.e164))).status, 201);
  });
});

describe('limits on code requests', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp({ OTP_DAILY_LIMIT: '3', IP_LIMIT_PER_HOUR: '100000', PREFIX_LIMIT_PER_HOUR: '100000' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('answers 202 alike past OTP_DAILY_LIMIT and sends nothing more; the last text says so, and no header counts', async () => {
    const daily = await api.accountWithVerifiedPhone('daily@example.se', 'SE', '070-500 00 01');
    const known = [];
    const unknown = [];
    for (let i = 0; i < 5; i++) {
      known.push(await requestCode(api, { email: 'daily@example.se', region: 'SE', number: '0705000001' }, { headers: { 'accept-language': 'en' } }));
      unknown.push(await requestCode(api, { email: 'ghost@example.se', region: 'SE', number: `070500001${i}` }, { headers: { 'accept-language': 'en' } }));
      await api.texts(daily.phone.e164);
      t.clock.advanceSeconds(60);
    }
    assert.deepEqual(known.map((r) => r.status), [202, 202, 202, 202, 202]);
    for (const reply of [...known, ...unknown]) {
      assert.equal(reply.raw, known[0]?.raw);
      assert.deepEqual(Object.keys(reply.headers).filter((h) => /ratelimit|retry-after/.test(h)), [], 'no count on the wire');
    }
    const texts = (await api.texts(daily.phone.e164)).slice(0, -1).reverse();
    assert.equal(texts.length, 3, 'OTP_DAILY_LIMIT sign-in texts, not one more');
    assert.deepEqual(texts.map((text) => text.includes('This is the last code for today.')), [false, false, true]);
  });

  it('counts nothing against a number for requests with other emails: they send nothing', async () => {
    const nils = await api.accountWithVerifiedPhone('holder99@example.se', 'SE', '070-500 00 99');
    for (let i = 0; i < 12; i++) {
      assert.equal((await requestCode(api, { email: `person${i}@example.se`, region: 'SE', number: '0705000099' }, { ip: `198.51.100.${i}` })).status, 202);
    }
    const before = (await api.texts(nils.phone.e164)).length;
    assert.equal((await requestCode(api, { email: 'holder99@example.se', region: 'SE', number: '0705000099' })).status, 202);
    assert.equal((await api.texts(nils.phone.e164)).length, before + 1, 'the holder still gets a code');
  });

  it('frees a text exactly when the oldest leaves the rolling day', async () => {
    const rolling = await api.accountWithVerifiedPhone('rolling@example.se', 'SE', '070-500 00 50');
    const body = { email: 'rolling@example.se', region: 'SE', number: '0705000050' };
    const sent = async () => (await api.texts(rolling.phone.e164)).length;
    const start = await sent();
    for (let i = 0; i < 3; i++) {
      assert.equal((await requestCode(api, body)).status, 202);
      await sent(); // handed over before the next code replaces it
      t.clock.advanceSeconds(3600);
    }
    for (let i = 0; i < 5; i++) {
      assert.equal((await requestCode(api, body)).status, 202);
      t.clock.advanceSeconds(60);
    }
    assert.equal(await sent(), start + 3);
    t.clock.advanceSeconds(24 * 3600 - 3 * 3600 - 5 * 60 - 1);
    assert.equal((await requestCode(api, body)).status, 202);
    assert.equal(await sent(), start + 3, 'a second before the first text is a day old');
    t.clock.advanceSeconds(60);
    assert.equal((await requestCode(api, body)).status, 202);
    assert.equal(await sent(), start + 4, 'the requests that sent nothing did not count');
  });

  it('limits verification codes separately from sign-in codes', async () => {
    const sara = await api.accountWithVerifiedPhone('sara@example.se', 'SE', '070-500 00 60');
    const body = { email: 'sara@example.se', region: 'SE', number: '0705000060' };
    for (let i = 0; i < 4; i++) {
      assert.equal((await requestCode(api, body)).status, 202);
      t.clock.advanceSeconds(60);
    }
    const added = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-500 00 61' }, { token: sara.token });
    assert.equal(added.status, 201, 'a new number can still be verified');
    assert.match(await api.latestText('+46705000061'), /confirm|bekräfta/);
  });
});

describe("one number's day under code requests that arrive at once", () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp({ SMS_PER_NUMBER_DAILY: '6', CODE_RESEND_SECONDS: '0', IP_LIMIT_PER_HOUR: '100000', PREFIX_LIMIT_PER_HOUR: '100000', OTP_DAILY_LIMIT: '1000' });
    api = apiClient(t);
  });
  after(() => t.close());

  it("lets strangers' requests side by side take no more than their share of the number's day", async () => {
    // On PostgreSQL they run side by side, each reading the number's count with its account
    // in one round trip; the number is held from that read to the commit, so no two take its last slot.
    const vera = await api.accountWithVerifiedPhone('vera@example.se', 'SE', '070-600 00 01');
    const { storage } = t.app;
    const outbox = async () => {
      const counts = await storage.outbox.operator.countByStatus();
      return Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
    };
    const before = await outbox();
    const body = { email: 'vera@example.se', region: 'SE', number: '0706000001' };
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => requestCode(api, body, { ip: `198.51.100.${i + 1}` })));
    assert.deepEqual(new Set(replies.map((r) => r.status)), new Set([202]));
    // Half of 6 for strangers, one of them the text that verified the number.
    assert.equal((await outbox()) - before, 2, 'two texts queued, however the requests interleaved');
    assert.equal((await redeem(api, 'vera@example.se', await api.latestCode(vera.phone.e164))).status, 201);
  });
});

describe('the per-IP limit on code requests', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '3' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('answers 429 with Retry-After after IP_LIMIT_PER_HOUR requests from one address, not for another', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await requestCode(api, { email: `ip${i}@example.se`, region: 'SE', number: `070600000${i}` }, { ip: '198.51.100.7' })).status);
    }
    assert.deepEqual(statuses, [202, 202, 202, 429]);
    const limited = await requestCode(api, { email: 'ip9@example.se', region: 'SE', number: '0706000009' }, { ip: '198.51.100.7' });
    assert.ok(Number(limited.headers['retry-after']) > 0);
    const elsewhere = await requestCode(api, { email: 'ip9@example.se', region: 'SE', number: '0706000009' }, { ip: '198.51.100.8' });
    assert.equal(elsewhere.status, 202);
  });

  it('does not believe X-Forwarded-For from a client', async () => {
    const reply = await requestCode(api, { email: 'xff@example.se', region: 'SE', number: '0706000010' }, { ip: '198.51.100.7', headers: { 'x-forwarded-for': '203.0.113.99' } });
    assert.equal(reply.status, 429);
  });
});

/** Solves an ALTCHA challenge as the widget does, and packs the payload the widget would send. */
async function solve(challenge: { algorithm: string; challenge: string; salt: string; signature: string; maxnumber?: number }): Promise<string> {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  assert.ok(solution, 'the challenge has a solution within maxnumber');
  const { algorithm, salt, signature } = challenge;
  return Buffer.from(JSON.stringify({ algorithm, challenge: challenge.challenge, number: solution.number, salt, signature })).toString('base64');
}

describe('a proof of work past the free allowance (IP_LIMIT_PER_HOUR, POW_MAX_NUMBER)', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    // An allowance of 2 makes a ceiling of 20 a client can reach with proofs; an easy proof keeps the test quick.
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '2', POW_MAX_NUMBER: '1000' });
    api = apiClient(t);
  });
  after(() => t.close());

  let n = 0;
  const ask = (ip: string, altcha?: string) =>
    requestCode(api, { email: `pow${n}@example.se`, region: 'SE', number: `07050${String(n++).padStart(5, '0')}`, ...(altcha === undefined ? {} : { altcha }) }, { ip });

  it('answers 429 proof_of_work_required with a challenge and Retry-After, and a solved challenge lets the request through', async () => {
    const ip = '198.51.100.60';
    assert.deepEqual([(await ask(ip)).status, (await ask(ip)).status], [202, 202]);
    const refused = await ask(ip);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'proof_of_work_required');
    assert.equal(refused.body.type, 'urn:engangskod:problem:proof_of_work_required');
    assert.match(refused.headers['content-type'] as string, /^application\/problem\+json/);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.deepEqual(Object.keys(refused.body.altcha).sort(), ['algorithm', 'challenge', 'maxnumber', 'salt', 'signature']);
    assert.equal(refused.body.altcha.algorithm, 'SHA-256');
    assert.equal(refused.body.altcha.maxnumber, 1000);
    const proved = await ask(ip, await solve(refused.body.altcha));
    assert.equal(proved.status, 202);
  });

  it('refuses a proof used once already, a forged one and one that has expired', async () => {
    const ip = '198.51.100.61';
    await ask(ip);
    await ask(ip);
    const proof = await solve((await ask(ip)).body.altcha);
    assert.equal((await ask(ip, proof)).status, 202);
    const reused = await ask(ip, proof);
    assert.equal(reused.status, 429);
    assert.equal(reused.body.code, 'proof_of_work_required', 'a proof counts once');

    const fresh = JSON.parse(Buffer.from(await solve(reused.body.altcha), 'base64').toString());
    const forged = Buffer.from(JSON.stringify({ ...fresh, number: (fresh.number + 1) % 1000 })).toString('base64');
    for (const bad of [forged, 'not base64 json', Buffer.from('{"algorithm":"SHA-256"}').toString('base64')]) {
      assert.equal((await ask(ip, bad)).body.code, 'proof_of_work_required', bad);
    }
    const late = await solve((await ask(ip)).body.altcha);
    t.clock.advanceSeconds(301);
    assert.equal((await ask(ip, late)).body.code, 'proof_of_work_required', 'a challenge is good for five minutes');
    assert.equal((await ask(ip, Buffer.from(JSON.stringify(fresh)).toString('base64'))).body.code, 'proof_of_work_required');
  });

  it('answers 429 rate_limited past ten times the allowance, proof or not', async () => {
    const ip = '198.51.100.62';
    const ceiling = 10 * t.app.config.ipLimitPerHour;
    let challenge = undefined;
    const statuses: number[] = [];
    for (let i = 0; i < ceiling; i++) {
      const reply = await ask(ip, challenge === undefined ? undefined : await solve(challenge));
      statuses.push(reply.status);
      challenge = undefined;
      if (reply.status === 429) {
        assert.equal(reply.body.code, 'proof_of_work_required');
        challenge = reply.body.altcha;
        i--; // this one asked for a proof; the next brings it
      }
    }
    assert.equal(statuses.filter((s) => s === 202).length, ceiling);
    const unproved = await ask(ip);
    assert.equal(unproved.status, 429);
    assert.equal(unproved.body.code, 'rate_limited', 'no challenge is offered past the ceiling');
    assert.ok(Number(unproved.headers['retry-after']) > 0);
    const beyond = await ask(ip, await solve(await t.app.services.proofOfWork.challenge()));
    assert.equal(beyond.body.code, 'rate_limited', 'nor does a valid proof help');
  });
});

describe('the client IP behind a trusted proxy (TRUST_PROXY)', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '2', TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('limits per forwarded client address when the request comes through a trusted proxy', async () => {
    const viaProxy = (client: string, i: number) =>
      requestCode(api, { email: `proxied${i}@example.se`, region: 'SE', number: `07070000${String(i).padStart(2, '0')}` }, { ip: '10.1.2.3', headers: { 'x-forwarded-for': client } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await viaProxy('203.0.113.10', i)).status);
    assert.deepEqual(statuses, [202, 202, 429]);
    assert.equal((await viaProxy('203.0.113.11', 3)).status, 202, 'another client behind the same proxy has its own count');
  });

  it('ignores X-Forwarded-For from an address that is not a trusted proxy', async () => {
    const direct = (i: number) =>
      requestCode(api, { email: `direct${i}@example.se`, region: 'SE', number: `07080000${String(i).padStart(2, '0')}` }, { ip: '198.51.100.50', headers: { 'x-forwarded-for': `203.0.113.${100 + i}` } });
    assert.deepEqual([(await direct(0)).status, (await direct(1)).status, (await direct(2)).status], [202, 202, 429]);
  });

  it('takes no made-up string from X-Forwarded-For as a client address: each would get a fresh allowance', async () => {
    // A proxy that passes the client's header on unchanged: the client writes anything it likes.
    const forged = (i: number) =>
      requestCode(api, { email: `forged${i}@example.se`, region: 'SE', number: `07090000${String(i).padStart(2, '0')}` }, { ip: '10.9.9.9', headers: { 'x-forwarded-for': `client-${i}` } });
    assert.deepEqual([(await forged(0)).status, (await forged(1)).status, (await forged(2)).status], [202, 202, 429]);
  });
});

describe('the response-time floor (CODE_REQUEST_MIN_MS)', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp({ CODE_REQUEST_MIN_MS: '40' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('answers a match, a miss and a refusal no sooner than the floor', async () => {
    await api.accountWithVerifiedPhone('golv@example.se', 'SE', '070-800 00 01');
    const bodies = [
      { email: 'golv@example.se', region: 'SE', number: '0708000001' },
      { email: 'nobody@example.se', region: 'SE', number: '0708000001' },
      { email: 'golv@example.se', region: 'SE', number: '0708000009' },
    ];
    for (const body of bodies) {
      const started = performance.now();
      const reply = await requestCode(api, body);
      // A lower bound only: how much later it may come depends on the machine.
      assert.ok(performance.now() - started >= 39, `${JSON.stringify(body)} answered after ${performance.now() - started} ms`);
      assert.equal(reply.status, 202);
    }
  });
});
