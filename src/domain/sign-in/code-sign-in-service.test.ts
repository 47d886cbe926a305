import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

/** One-time-code sign-in at the service, on the real app's wiring (SQLite, outbox, dev inbox). */
describe('CodeSignInService', () => {
  let t: TestApp;
  afterEach(() => t.close());

  const ask = { region: 'SE', clientIp: '192.0.2.10', locale: 'sv' as const };
  /** An account with one verified number; returns its email and E.164. */
  const holder = async (email: string, number: string) => {
    const account = await t.app.services.accounts.signUp(email, 'correct horse battery staple');
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

  it('refuses code requests past OTP_DAILY_LIMIT for one email, alike whether it has an account', async () => {
    t = await startTestApp({ OTP_DAILY_LIMIT: '2' });
    const fia = await holder('fia@example.se', '070-555 00 06');
    for (const email of [fia.email, 'ghost@example.se']) {
      const outcomes = [];
      for (let i = 0; i < 3; i++) {
        const result = await codeSignIn().request({ ...ask, email, number: `07055501${i}0`, clientIp: `198.51.100.${i}` });
        outcomes.push(result.ok ? 'ok' : result.error);
      }
      assert.deepEqual(outcomes, ['ok', 'ok', 'rate_limited'], email);
    }
  });
});
