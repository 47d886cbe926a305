import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { provenAccount } from '../../../test/helpers/accounts.ts';

/** One-time-code sign-in at the service, on the real app's wiring (SQLite, outbox, dev inbox). */
describe('CodeSignInService', () => {
  let t: TestApp;
  afterEach(() => t.close());

  const ask = { region: 'SE', clientIp: '192.0.2.10', locale: 'sv' as const };
  /** An account with one verified number; returns its email and E.164. */
  const holder = async (email: string, number: string) => {
    const account = await provenAccount(t, email, 'correct horse battery staple');
    assert.ok(account.ok);
    const phone = await t.app.services.securityInfo.add(account.value.id, 'SE', number, 'sv');
    assert.ok(phone.ok);
    const verified = await t.app.services.securityInfo.verify(account.value.id, phone.value.id, await latestCode(phone.value.e164));
    assert.ok(verified.ok);
    return { email, e164: phone.value.e164 };
  };
  const texts = async (to: string) => {
    await t.app.dispatcher.drain();
    return t.app.storage.devInbox.list({ to, limit: 20 });
  };
  const latestCode = async (to: string) => /#(\d+)$/.exec((await texts(to))[0]?.body ?? '')?.[1] ?? '';
  const codeSignIn = () => t.app.services.codeSignIn;
  const ok = { ok: true, value: undefined };

  it('texts a code to the verified number, and the code signs in once', async () => {
    t = await startTestApp();
    const anna = await holder('anna@example.se', '070-555 00 01');
    assert.ok((await codeSignIn().request({ ...ask, email: anna.email, number: '0705550001' })).ok);
    const code = await latestCode(anna.e164);
    const first = await codeSignIn().redeem(anna.email, code);
    assert.ok(first.ok);
    assert.equal((await codeSignIn().redeem(anna.email, code)).ok, false, 'a code works once');
  });

  it('lets only the newest code work, and none after it expires', async () => {
    t = await startTestApp();
    const bo = await holder('bo@example.se', '070-555 00 02');
    await codeSignIn().request({ ...ask, email: bo.email, number: '0705550002' });
    const older = await latestCode(bo.e164);
    t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    await codeSignIn().request({ ...ask, email: bo.email, number: '0705550002' });
    const newer = await latestCode(bo.e164);
    assert.equal((await codeSignIn().redeem(bo.email, older)).ok, false);
    t.clock.advanceSeconds(t.app.config.otp.ttlSeconds + 1);
    assert.equal((await codeSignIn().redeem(bo.email, newer)).ok, false, 'expired');
  });

  it('answers a request that matches nothing as one that matches, and texts no one', async () => {
    t = await startTestApp();
    const cai = await holder('cai@example.se', '070-555 00 03');
    const before = (await texts(cai.e164)).length;
    for (const request of [
      { ...ask, email: 'nobody@example.se', number: '0705550003' },
      { ...ask, email: cai.email, number: '0705559999' },
    ]) {
      assert.deepEqual(await codeSignIn().request(request), { ok: true, value: undefined });
    }
    assert.equal((await texts(cai.e164)).length, before);
    assert.deepEqual(await texts('+46705559999'), []);
  });

  it('refuses a code after OTP_MAX_ATTEMPTS wrong guesses, even the right one', async () => {
    t = await startTestApp({ OTP_MAX_ATTEMPTS: '2' });
    const dan = await holder('dan@example.se', '070-555 00 04');
    await codeSignIn().request({ ...ask, email: dan.email, number: '0705550004' });
    const code = await latestCode(dan.e164);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    for (let i = 0; i < 2; i++) assert.equal((await codeSignIn().redeem(dan.email, wrong)).ok, false);
    assert.equal((await codeSignIn().redeem(dan.email, code)).ok, false);
  });

  it('gives every failure the one answer code_invalid, whatever went wrong', async () => {
    t = await startTestApp();
    const eva = await holder('eva@example.se', '070-555 00 05');
    const failures = [await codeSignIn().redeem('nobody@example.se', '12345678'), await codeSignIn().redeem(eva.email, '12345678'), await codeSignIn().redeem('not an email', '1')];
    assert.deepEqual(failures.map((f) => (f.ok ? 'ok' : f.error)), ['code_invalid', 'code_invalid', 'code_invalid']);
  });

  /** Signs in with a code from `deviceId`'s browser, so it is a browser the holder signed in on before. */
  const signInOn = async (who: { email: string; e164: string }, number: string, deviceId: string) => {
    assert.ok((await codeSignIn().request({ ...ask, email: who.email, number, deviceId })).ok);
    assert.ok((await codeSignIn().redeem(who.email, await latestCode(who.e164), { deviceId })).ok);
    t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
  };

  it('spends nothing the holder needs on requests that match nothing', async () => {
    t = await startTestApp({ OTP_DAILY_LIMIT: '2', SMS_PER_NUMBER_DAILY: '4', PREFIX_LIMIT_PER_HOUR: '2' });
    const fia = await holder('fia@example.se', '070-555 00 06');
    const sent = (await texts(fia.e164)).length;
    for (let i = 0; i < 20; i++) {
      const clientIp = `198.51.100.${i}`;
      const answers = [
        await codeSignIn().request({ ...ask, email: fia.email, number: `07055571${String(i).padStart(2, '0')}`, clientIp }),
        await codeSignIn().request({ ...ask, email: `stranger${i}@example.se`, number: '0705550006', clientIp }),
        await codeSignIn().request({ ...ask, email: `stranger${i}@example.se`, number: `07055580${String(i).padStart(2, '0')}`, clientIp }),
      ];
      assert.deepEqual(answers, [ok, ok, ok]);
    }
    assert.equal((await texts(fia.e164)).length, sent, 'no text for a miss');
    assert.deepEqual(await codeSignIn().request({ ...ask, email: fia.email, number: '0705550006', clientIp: '203.0.113.9' }), ok);
    assert.equal((await texts(fia.e164)).length, sent + 1, 'the holder still gets a code');
    assert.ok((await codeSignIn().redeem(fia.email, await latestCode(fia.e164))).ok, 'and signs in');
  });

  it('makes the same browser wait CODE_RESEND_SECONDS between requests for one pair, and gives another no text meanwhile', async () => {
    t = await startTestApp({ CODE_RESEND_SECONDS: '60' });
    const gus = await holder('gus@example.se', '070-555 00 07');
    const request = (clientIp: string) => codeSignIn().request({ ...ask, email: gus.email, number: '0705550007', clientIp });
    assert.ok((await request('198.51.100.1')).ok);
    const again = await request('198.51.100.1');
    assert.ok(!again.ok && again.error === 'resend_too_soon' && again.retryAfterSeconds === 60, 'the same browser is told to wait');
    const ghost = await codeSignIn().request({ ...ask, email: 'ghost@example.se', number: '0705550007', clientIp: '198.51.100.1' });
    assert.ok(ghost.ok, 'another pair is not held up');
    const repeatGhost = await codeSignIn().request({ ...ask, email: 'ghost@example.se', number: '0705550007', clientIp: '198.51.100.1' });
    assert.ok(!repeatGhost.ok && repeatGhost.error === 'resend_too_soon', 'a miss waits alike');
    const before = (await texts(gus.e164)).length;
    assert.ok((await request('198.51.100.2')).ok, 'another browser gets the usual answer');
    assert.equal((await texts(gus.e164)).length, before, 'and no second text inside the wait');
    t.clock.advanceSeconds(60);
    assert.ok((await request('198.51.100.2')).ok);
    assert.equal((await texts(gus.e164)).length, before + 1);
  });

  it('keeps OTP_DAILY_LIMIT for unknown browsers together and one for each browser the holder signed in on', async () => {
    t = await startTestApp({ OTP_DAILY_LIMIT: '2', SMS_PER_NUMBER_DAILY: '10' });
    const hal = await holder('hal@example.se', '070-555 00 08');
    await signInOn(hal, '0705550008', 'hals-laptop');
    const strangerAnswers = [];
    for (let i = 0; i < 4; i++) {
      strangerAnswers.push((await codeSignIn().request({ ...ask, email: hal.email, number: '0705550008', clientIp: `198.51.100.${i}` })).ok);
      await t.app.dispatcher.drain();
      t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    }
    assert.deepEqual(strangerAnswers, [true, true, true, true], 'the answer never changes');
    const bodies = (await texts(hal.e164)).map((text) => text.body);
    assert.equal(bodies.length, 1 + 2, 'one for the sign-in, then the unknown browsers\' two');
    assert.match(bodies[0] ?? '', /dagens sista kod/, 'the text that used the allowance up says so');
    assert.ok((await codeSignIn().request({ ...ask, email: hal.email, number: '0705550008', deviceId: 'hals-laptop' })).ok);
    assert.ok((await codeSignIn().redeem(hal.email, await latestCode(hal.e164), { deviceId: 'hals-laptop' })).ok, 'the holder\'s own browser still signs in');
  });

  it('pauses code sign-in after OTP_ACCOUNT_FAILURE_LIMIT wrong codes only for browsers other than the holder\'s', async () => {
    t = await startTestApp({ OTP_ACCOUNT_FAILURE_LIMIT: '3', OTP_MAX_ATTEMPTS: '10' });
    const ida = await holder('ida@example.se', '070-555 00 09');
    await signInOn(ida, '0705550009', 'idas-phone');
    assert.ok((await codeSignIn().request({ ...ask, email: ida.email, number: '0705550009', clientIp: '198.51.100.7' })).ok);
    const code = await latestCode(ida.e164);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    for (let i = 0; i < 3; i++) assert.equal((await codeSignIn().redeem(ida.email, wrong, { clientIp: '198.51.100.7' })).ok, false);
    assert.equal((await codeSignIn().redeem(ida.email, code, { clientIp: '203.0.113.1' })).ok, false, 'unknown browsers are paused, even with the right code');
    t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    assert.ok((await codeSignIn().request({ ...ask, email: ida.email, number: '0705550009', deviceId: 'idas-phone' })).ok);
    assert.ok((await codeSignIn().redeem(ida.email, await latestCode(ida.e164), { deviceId: 'idas-phone' })).ok, 'the holder\'s own browser is not');
  });
});
