import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import pino from 'pino';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { createTestDatabase, postgresUnavailable } from '../../../test/helpers/postgres.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { provenAccount } from '../../../test/helpers/accounts.ts';
import { settings } from '../../config/schema.ts';
import type { Phone } from '../security-info/phone-store.ts';
import type { Sender } from './code-delivery.ts';
import { guardTarget } from './pumping-guard.ts';

const PASSWORD = 'correct horse battery staple';
const noPostgres = await postgresUnavailable();
const MINUTE = 60;

/**
 * The pumping guard on the real app's wiring: texts through the gate, codes redeemed through
 * the sign-in service, the counts and suspensions in the database.
 */
describe('the pumping guard', () => {
  let apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
  });
  // The guard's own rules, without the caps that would otherwise stop the same texts.
  const start = async (env: Record<string, string> = {}, options: Parameters<typeof startTestApp>[1] = {}) => {
    const t = await startTestApp({ PREFIX_LIMIT_PER_HOUR: '1000', SMS_PER_NUMBER_DAILY: '1000', SMS_GUARD_MIN_TEXTS: '8', ...env }, options);
    apps.push(t);
    return t;
  };

  let accounts = 0;
  const newPhone = async (t: TestApp, e164: string, region = 'SE'): Promise<Phone & { email: string }> => {
    const email = `person${accounts++}@example.se`;
    const account = await provenAccount(t, email, PASSWORD);
    assert.ok(account.ok);
    const phone: Phone = { id: `phone-${e164}`, accountId: account.value.id, region, e164, verifiedAt: 1, createdAt: 1 };
    await t.app.storage.phones.insert(phone);
    return { ...phone, email };
  };
  /** A sign-in code texted to `phone` through the gate, asked by a stranger unless told; its code, or undefined when withheld. */
  const sendOne = async (t: TestApp, phone: Phone, sender: Sender = 'stranger') => {
    const sending = t.app.domain.delivery.begin();
    const issued = await t.app.domain.transaction((stores) =>
      sending.code(stores, { accountId: phone.accountId, purpose: 'sign_in' }, phone, 'sv', { sender }),
    );
    await sending.settle();
    return issued?.code;
  };
  const redeem = async (t: TestApp, phone: { email: string }, code: string) => {
    assert.ok((await t.app.services.codeSignIn.redeem(phone.email, code)).ok);
  };
  const series = async (t: TestApp) => {
    const metrics = t.app.services.metrics;
    const values = async (metric: { get(): Promise<{ values: Array<{ labels: Record<string, unknown>; value: number }> }> }, label: string) =>
      Object.fromEntries((await metric.get()).values.filter((v) => v.value > 0).map((v) => [v.labels[label], v.value]));
    return { withheld: await values(metrics.textsWithheld, 'reason'), suspensions: await values(metrics.guardSuspensions, 'scope') };
  };
  /** A prefix and four digits: a number of that prefix. */
  const inPrefix = (prefix: string, i: number) => `${prefix}${String(i).padStart(4, '0')}`;

  it('suspends a prefix pumped with texts no one uses within the hour, for an hour, however the texts are spread, and tells the operator', async () => {
    const lines: string[] = [];
    const t = await start({}, { logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }) });
    const sent = [];
    // Eight texts over 49 minutes, each to another number of the prefix: all inside one sliding hour.
    for (let i = 0; i < 8; i++) {
      sent.push(await sendOne(t, await newPhone(t, inPrefix('+4670400', i))));
      t.clock.advanceSeconds(7 * MINUTE);
    }
    assert.ok(sent.every(Boolean), 'the guard judges once the prefix has SMS_GUARD_MIN_TEXTS texts');
    const ninth = await newPhone(t, inPrefix('+4670400', 8));
    assert.equal(await sendOne(t, ninth), undefined, 'withheld: no code issued');
    assert.deepEqual(await series(t), { withheld: { guard: 1 }, suspensions: { prefix: 1 } });
    assert.deepEqual((await t.app.domain.guard.list()).map((s) => [s.scope, s.key, s.tally]), [['prefix', '+4670400', { texts: 8, codeTexts: 8, conversions: 0 }]]);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => String(line.msg).startsWith('pumping guard'));
    assert.deepEqual(logged.map((line) => [line.level, line.scope, line.key, line.texts, line.conversions]), [[40, 'prefix', '+4670400', 8, 0]]);
    const suspended = await t.app.services.metrics.all().getSingleMetric('engangskod_guard_suspended')?.get();
    assert.deepEqual(suspended?.values.map((v) => [v.labels.scope, v.value]), [['prefix', 1], ['region', 0]]);
    // Suspended at the eighth text, 49 minutes in; it is now 56.
    t.clock.advanceSeconds(52 * MINUTE);
    assert.equal(await sendOne(t, ninth), undefined, 'still within its hour');
    t.clock.advanceSeconds(MINUTE);
    assert.ok(await sendOne(t, ninth), 'an hour later the prefix gets texts again');
  });

  it('with the default settings, stops a pumped prefix before PREFIX_LIMIT_PER_HOUR would', async () => {
    const defaults = { SMS_GUARD_MIN_TEXTS: settings.SMS_GUARD_MIN_TEXTS.default, PREFIX_LIMIT_PER_HOUR: settings.PREFIX_LIMIT_PER_HOUR.default };
    const t = await start(defaults);
    const prefixCap = Number(defaults.PREFIX_LIMIT_PER_HOUR);
    let sent = 0;
    for (let i = 0; i < prefixCap; i++) if (await sendOne(t, await newPhone(t, inPrefix('+4670450', i)))) sent++;
    assert.equal(sent, Number(defaults.SMS_GUARD_MIN_TEXTS));
    assert.deepEqual((await series(t)).withheld, { guard: prefixCap - sent }, 'the guard, not the cap, withheld the rest');
  });

  it('never suspends a prefix whose codes are used, however many texts it gets', async () => {
    const t = await start();
    for (let i = 0; i < 40; i++) {
      const phone = await newPhone(t, inPrefix('+4670500', i));
      const code = await sendOne(t, phone);
      assert.ok(code, `text ${i} went`);
      // Most people enter their code; a third never do.
      if (i % 3 !== 0) await redeem(t, phone, code);
      t.clock.advanceSeconds(MINUTE);
    }
    assert.deepEqual(await series(t), { withheld: {}, suspensions: {} });
  });

  it('counts verified numbers as used codes, like redeemed sign-in codes', async () => {
    const t = await start({ SMS_GUARD_MIN_TEXTS: '2' });
    const api = apiClient(t);
    // Each verification code is a text to the prefix, and each is used.
    for (let i = 0; i < 4; i++) await api.accountWithVerifiedPhone(`verifier${i}@example.se`, 'SE', inPrefix('+4670600', i));
    const phone = await newPhone(t, inPrefix('+4670600', 9));
    assert.ok(await sendOne(t, phone));
    assert.ok(await sendOne(t, phone), '4 of 5 codes used: the prefix converts');
    assert.deepEqual((await series(t)).suspensions, {});
  });

  it('still texts the holder\'s own browser in a suspended prefix: a stranger cannot use the guard to lock the holder out', async () => {
    const t = await start();
    for (let i = 0; i < 8; i++) await sendOne(t, await newPhone(t, inPrefix('+4670410', i)));
    const holder = await newPhone(t, inPrefix('+4670410', 9));
    assert.equal(await sendOne(t, holder), undefined, 'a stranger asking gets nothing sent');
    const code = await sendOne(t, holder, 'holder');
    assert.ok(code, 'the holder\'s own browser gets its code');
    await redeem(t, holder, code);
  });

  it('leaves the other prefixes, and other regions, alone when one prefix is suspended', async () => {
    const t = await start();
    for (let i = 0; i < 8; i++) await sendOne(t, await newPhone(t, inPrefix('+4670700', i)));
    assert.equal(await sendOne(t, await newPhone(t, inPrefix('+4670700', 8))), undefined);
    assert.ok(await sendOne(t, await newPhone(t, inPrefix('+4670701', 0))), 'the next prefix of the same region');
    assert.ok(await sendOne(t, await newPhone(t, '+4791234567', 'NO')), 'another region');
  });

  it('suspends a region at ten times the prefix count, when the pumping is spread over its prefixes', async () => {
    const t = await start({ SMS_GUARD_MIN_TEXTS: '2' });
    // One text to each of 20 prefixes: no prefix reaches its 2, the region reaches its 20.
    for (let i = 0; i < 20; i++) assert.ok(await sendOne(t, await newPhone(t, `+46708${String(i).padStart(2, '0')}0000`)));
    assert.equal(await sendOne(t, await newPhone(t, '+46708500000')), undefined, 'a fresh prefix of the region');
    assert.ok(await sendOne(t, await newPhone(t, '+4791234567', 'NO')), 'another region');
    assert.deepEqual(await series(t), { withheld: { guard: 1 }, suspensions: { region: 1 } });
  });

  it('sends again at once when an operator lifts the suspension, and judges the prefix afresh', async () => {
    const t = await start();
    for (let i = 0; i < 8; i++) await sendOne(t, await newPhone(t, inPrefix('+4670900', i)));
    const next = await newPhone(t, inPrefix('+4670900', 8));
    assert.equal(await sendOne(t, next), undefined);
    const target = guardTarget('+4670900');
    assert.ok(target);
    assert.equal(await t.app.domain.guard.lift(target), true);
    assert.deepEqual(await t.app.domain.guard.list(), []);
    assert.ok(await sendOne(t, next), 'its old hour no longer counts against it');
  });

  it('withholds the text to a suspended prefix with an answer byte-identical to one that sent it', async () => {
    const t = await start({ SMS_GUARD_MIN_TEXTS: '2' });
    const api = apiClient(t);
    const ask = (phone: { email: string; e164: string }, ip: string) =>
      api.post('/api/v1/one-time-codes', { email: phone.email, region: 'SE', number: phone.e164 }, { ip });
    for (let i = 0; i < 2; i++) assert.equal((await ask(await newPhone(t, inPrefix('+4673100', i)), `198.51.100.${i}`)).status, 202);
    assert.deepEqual((await t.app.domain.guard.list()).map((s) => s.key), ['+4673100'], 'two texts, no code used');
    const suspended = await newPhone(t, inPrefix('+4673100', 2));
    const elsewhere = await newPhone(t, inPrefix('+4673101', 0));
    const [withheld, sent] = [await ask(suspended, '198.51.100.10'), await ask(elsewhere, '198.51.100.11')];
    assert.equal(withheld.status, sent.status);
    assert.equal(withheld.raw, sent.raw);
    const { date: _a, ...withheldHeaders } = withheld.headers;
    const { date: _b, ...sentHeaders } = sent.headers;
    assert.deepEqual(withheldHeaders, sentHeaders);
    assert.deepEqual(await api.texts(suspended.e164), [], 'no text to the suspended prefix');
    assert.equal((await api.texts(elsewhere.e164)).length, 1);
  });

  it('holds a suspension made by one instance on every instance sharing its PostgreSQL database', { skip: noPostgres }, async () => {
    const database = await createTestDatabase();
    try {
      const env = { DATABASE_URL: database.url };
      const [one, two] = [await start(env), await start(env)];
      for (let i = 0; i < 8; i++) assert.ok(await sendOne(one, await newPhone(one, inPrefix('+4671100', i))));
      const next = await newPhone(two, inPrefix('+4671100', 8));
      assert.equal(await sendOne(two, next), undefined, 'the other instance withholds it too');
      assert.deepEqual((await series(two)).withheld, { guard: 1 });
      assert.ok(await sendOne(two, await newPhone(two, inPrefix('+4671101', 0))));
      const target = guardTarget('+4671100');
      assert.ok(target);
      assert.equal(await two.app.domain.guard.lift(target), true);
      assert.ok(await sendOne(one, next), 'lifted on one instance, lifted on all');
    } finally {
      await Promise.all(apps.map((app) => app.close()));
      apps = [];
      await database.drop();
    }
  });
});

describe('guardTarget', () => {
  it('takes a prefix by its plus sign and a region by its two letters, and nothing else', () => {
    assert.deepEqual(guardTarget('+4670222'), { scope: 'prefix', key: '+4670222' });
    assert.deepEqual(guardTarget('se'), { scope: 'region', key: 'SE' });
    for (const wrong of ['4670222', '+46 70', 'SWE', '', '+0123']) assert.equal(guardTarget(wrong), undefined, wrong);
  });
});
