import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

/*
 * Verifying a number's code has the guess caps of sign-in codes: wrong codes per account in a
 * rolling day (OTP_ACCOUNT_FAILURE_LIMIT) and guesses per client (REDEEM_IP_LIMIT_PER_HOUR,
 * shared with sign-in). Past either, every code gets the wrong-code answer.
 */
describe('guess caps on verifying a number: POST /api/v1/me/phones/{id}/verify', () => {
  let t: TestApp;
  afterEach(() => t.close());
  const otherCode = (code: string) => code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

  /** An account with an unverified number, and the code texted to it. */
  async function withNewNumber(api: ReturnType<typeof apiClient>, email: string, number: string) {
    const account = await api.signUp(email);
    const added = await api.post('/api/v1/me/phones', { region: 'SE', number }, { token: account.token });
    assert.equal(added.status, 201);
    return { ...account, phoneId: added.body.id as string, code: await api.latestCode(added.body.e164) };
  }

  it('refuses even the right code once the account had OTP_ACCOUNT_FAILURE_LIMIT wrong ones in a rolling day, and shows them grouped', async () => {
    t = await startTestApp({ OTP_ACCOUNT_FAILURE_LIMIT: '3' });
    const api = apiClient(t);
    const holder = await withNewNumber(api, 'verifierad@example.se', '070-510 00 01');
    const verify = (code: string, ip: string) => api.post(`/api/v1/me/phones/${holder.phoneId}/verify`, { code }, { token: holder.token, ip });
    // A new address each time: the per-client throttle plays no part.
    for (let i = 1; i <= 3; i++) {
      const wrong = await verify(otherCode(holder.code), `198.51.100.${i}`);
      assert.equal(wrong.status, 422);
      assert.equal(wrong.body.code, 'verification_code_invalid');
    }
    const right = await verify(holder.code, '198.51.100.9');
    assert.equal(right.status, 422, 'paused: the right code gets the wrong-code answer');
    assert.equal(right.body.code, 'verification_code_invalid');

    const activity = (await api.get('/api/v1/me/activity', { token: holder.token })).body as { kind: string; count: number; addresses?: number }[];
    const failed = activity.find((e) => e.kind === 'verification_code_failed');
    assert.deepEqual([failed?.count, failed?.addresses], [3, 3], 'the wrong codes, one group; the paused try compared nothing');

    // A rolling day later the pause is over: a new code proves the number.
    t.clock.advanceSeconds(24 * 3600 + 1);
    const fresh = await api.post('/api/v1/sessions', { email: 'verifierad@example.se', password: 'correct horse battery staple' });
    assert.equal((await api.post(`/api/v1/me/phones/${holder.phoneId}/verification-code`, {}, { token: fresh.body.token })).status, 202);
    const code = await api.latestCode('+46705100001');
    assert.equal((await api.post(`/api/v1/me/phones/${holder.phoneId}/verify`, { code }, { token: fresh.body.token, ip: '198.51.100.9' })).status, 200);
  });

  it('holds one client guessing at many accounts with the sign-in redeem throttle', async () => {
    t = await startTestApp({ REDEEM_IP_LIMIT_PER_HOUR: '3' });
    const api = apiClient(t);
    const guesser = '203.0.113.66';
    const accounts = [];
    for (let i = 1; i <= 4; i++) accounts.push(await withNewNumber(api, `konto${i}@example.se`, `070-520 00 0${i}`));
    for (const account of accounts.slice(0, 3)) {
      const wrong = await api.post(`/api/v1/me/phones/${account.phoneId}/verify`, { code: otherCode(account.code) }, { token: account.token, ip: guesser });
      assert.equal(wrong.status, 422);
    }
    const last = accounts[3]!;
    const held = await api.post(`/api/v1/me/phones/${last.phoneId}/verify`, { code: last.code }, { token: last.token, ip: guesser });
    assert.equal(held.status, 422, 'the client is held: even the right code gets the wrong-code answer');
    assert.equal(held.body.code, 'verification_code_invalid');
    const elsewhere = await api.post(`/api/v1/me/phones/${last.phoneId}/verify`, { code: last.code }, { token: last.token, ip: '203.0.113.67' });
    assert.equal(elsewhere.status, 200, 'another client is not held, and the code was not spent');
  });
});
