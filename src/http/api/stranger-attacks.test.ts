import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient, type Reply } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

/*
 * The attacks of issue 17, each played as a stranger would: from many client addresses (the
 * test app trusts the loopback proxy, so each request names its own), on the default settings
 * unless a test says why not. After each, the account's holder still gets a code and signs in.
 */

type Api = ReturnType<typeof apiClient>;

const withCookie = (ip: string, cookie?: string) => ({ ip, ...(cookie ? { headers: { cookie } } : {}) });
const requestCode = (api: Api, email: string, number: string, ip: string, cookie?: string, region = 'SE') =>
  api.post('/api/v1/one-time-codes', { email, region, number }, withCookie(ip, cookie));
const redeem = (api: Api, email: string, code: string, ip: string, cookie?: string) =>
  api.post('/api/v1/sessions/one-time-code', { email, code }, withCookie(ip, cookie));
const otherCode = (code: string) => code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

/** The holder, from `ip` (and their browser's cookie, if given): asks for a code and signs in with it. */
async function holderSignsIn(t: TestApp, api: Api, email: string, number: string, e164: string, ip: string, cookie?: string): Promise<Reply> {
  const before = (await api.texts(e164)).length;
  const asked = await requestCode(api, email, number, ip, cookie);
  assert.equal(asked.status, 202, asked.raw);
  await t.app.dispatcher.drain();
  assert.equal((await api.texts(e164)).length, before + 1, 'the holder got a text');
  return redeem(api, email, await api.latestCode(e164), ip, cookie);
}

describe('attacks by strangers, from many addresses, on the default settings', () => {
  let t: TestApp;
  let api: Api;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  it('the holder\'s email with thirty random numbers: the holder, even on a new browser, still gets a code and signs in', async () => {
    const holder = await api.accountWithVerifiedPhone('email-flood@example.se', 'SE', '070-500 00 01');
    for (let i = 0; i < 30; i++) {
      assert.equal((await requestCode(api, 'email-flood@example.se', `070-501 ${String(i).padStart(2, '0')} 00`, `203.0.113.${i}`)).status, 202);
    }
    const signedIn = await holderSignsIn(t, api, 'email-flood@example.se', '070-500 00 01', holder.phone.e164, '192.0.2.1');
    assert.equal(signedIn.status, 201, signedIn.raw);
  });

  it('thirty random emails with the holder\'s number: the holder still gets a code and signs in, and the number got no text from them', async () => {
    const holder = await api.accountWithVerifiedPhone('number-flood@example.se', 'SE', '070-500 00 02');
    const before = (await api.texts(holder.phone.e164)).length;
    for (let i = 0; i < 30; i++) {
      assert.equal((await requestCode(api, `stranger${i}@example.se`, '070-500 00 02', `203.0.113.${40 + i}`)).status, 202);
    }
    await t.app.dispatcher.drain();
    assert.equal((await api.texts(holder.phone.e164)).length, before, 'misses send nothing');
    const signedIn = await holderSignsIn(t, api, 'number-flood@example.se', '070-500 00 02', holder.phone.e164, '192.0.2.2');
    assert.equal(signedIn.status, 201, signedIn.raw);
  });

  it('many misses in the holder\'s number block (+46 70 40…): an unrelated account in the block still gets its code', async () => {
    const holder = await api.accountWithVerifiedPhone('block@example.se', 'SE', '070-400 12 34');
    const { prefixPerHour } = t.app.config.limits;
    for (let i = 0; i < 3 * prefixPerHour; i++) {
      assert.equal((await requestCode(api, `block${i}@example.se`, `070-400 ${String(i).padStart(2, '0')} 99`, `203.0.113.${100 + i}`)).status, 202);
    }
    const signedIn = await holderSignsIn(t, api, 'block@example.se', '070-400 12 34', holder.phone.e164, '192.0.2.3');
    assert.equal(signedIn.status, 201, signedIn.raw);
  });

  it('wrong passwords from many addresses: the right password stays open on the holder\'s browser while new browsers wait', async () => {
    const { passwordFreeFailures } = t.app.config.limits;
    await api.signUp('passwords@example.se', 'the right password');
    const ownBrowser = await api.deviceCookie('passwords@example.se', 'the right password');
    for (let i = 0; i <= passwordFreeFailures + 3; i++) {
      const wrong = await api.post('/api/v1/sessions', { email: 'passwords@example.se', password: `guess ${i}` }, { ip: `203.0.113.${160 + i}` });
      assert.ok([401, 429].includes(wrong.status), wrong.raw);
    }
    const stranger = await api.post('/api/v1/sessions', { email: 'passwords@example.se', password: 'the right password' }, { ip: '198.51.100.9' });
    assert.equal(stranger.status, 429, 'a browser the holder never used waits out the delay');
    const holder = await api.post('/api/v1/sessions', { email: 'passwords@example.se', password: 'the right password' }, withCookie('192.0.2.4', ownBrowser));
    assert.equal(holder.status, 201, holder.raw);
  });

  it('wrong codes from many addresses until code sign-in pauses for strangers: the holder\'s browser still gets a code and signs in', async () => {
    const { accountFailureLimit, maxAttempts, resendSeconds } = t.app.config.otp;
    const holder = await api.accountWithVerifiedPhone('guessed@example.se', 'SE', '070-500 00 05');
    const ownBrowser = await api.deviceCookie('guessed@example.se');
    // Only guesses at a live code count toward the pause, so the stranger asks for codes as well.
    let guesses = 0;
    for (let round = 0; guesses < accountFailureLimit; round++) {
      assert.equal((await requestCode(api, 'guessed@example.se', '070-500 00 05', `203.0.113.${200 + round}`)).status, 202);
      await t.app.dispatcher.drain();
      const code = await api.latestCode(holder.phone.e164);
      for (let i = 0; i < maxAttempts && guesses < accountFailureLimit; i++, guesses++) {
        assert.equal((await redeem(api, 'guessed@example.se', otherCode(code), `198.51.100.${guesses}`)).status, 401);
      }
      t.clock.advanceSeconds(resendSeconds);
    }
    const signedIn = await holderSignsIn(t, api, 'guessed@example.se', '070-500 00 05', holder.phone.e164, '192.0.2.5', ownBrowser);
    assert.equal(signedIn.status, 201, signedIn.raw);
  });
});

describe('a region\'s day spent by misses from a handful of addresses and an IPv6 /56', () => {
  let t: TestApp;
  let api: Api;
  before(async () => {
    // Lowered so the misses can outnumber it many times over in a test.
    t = await startTestApp({ REGION_DAILY_LIMIT: '5' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('leaves code sign-in open in the region: misses count toward no region cap', async () => {
    const holder = await api.accountWithVerifiedPhone('region-holder@example.se', 'SE', '070-600 00 01');
    const sources = [...Array.from({ length: 4 }, (_, i) => `203.0.113.${i}`), ...Array.from({ length: 16 }, (_, i) => `2001:db8:0:${(0xab00 + i).toString(16)}::1`)];
    for (const [i, ip] of sources.entries()) {
      for (let j = 0; j < 3; j++) {
        assert.equal((await requestCode(api, `region${i}-${j}@example.se`, `070-61${i % 10} ${String(j).padStart(2, '0')} ${String(i).padStart(2, '0')}`, ip)).status, 202);
      }
    }
    const signedIn = await holderSignsIn(t, api, 'region-holder@example.se', '070-600 00 01', holder.phone.e164, '192.0.2.6');
    assert.equal(signedIn.status, 201, signedIn.raw);
  });
});
