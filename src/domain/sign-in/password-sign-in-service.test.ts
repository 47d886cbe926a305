import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { provenAccount } from '../../../test/helpers/accounts.ts';

/** Password sign-in at the service, on the real app's wiring (SQLite, argon2id, throttles). */
describe('PasswordSignInService', () => {
  let t: TestApp;
  afterEach(() => t.close());
  const PASSWORD = 'correct horse battery staple';
  const signIn = (email: string, password: string, clientIp = '192.0.2.20') => t.app.services.passwordSignIn.signIn(email, password, { clientIp });
  const outcome = (result: Awaited<ReturnType<typeof signIn>>) => (result.ok ? 'signed_in' : result.error);

  it('signs in with the right password under any spelling of the email, and records it', async () => {
    t = await startTestApp();
    const account = await provenAccount(t, 'gus@example.se', PASSWORD);
    assert.ok(account.ok);
    const result = await signIn(' GUS@example.se', PASSWORD);
    assert.ok(result.ok);
    assert.equal((await t.app.services.sessions.authenticate(result.value.token)).ok, true);
    const activity = await t.app.services.activity.list(account.value.id);
    assert.equal(activity[0]?.kind, 'signed_in');
  });

  it('answers email_unverified only to the right password of an account whose address is not proven', async () => {
    t = await startTestApp();
    assert.ok((await t.app.services.accounts.signUp({ email: 'pending@example.se', password: PASSWORD, locale: 'sv' })).ok);
    assert.equal(outcome(await signIn('pending@example.se', 'wrong password here')), 'credentials_invalid');
    assert.equal(outcome(await signIn('pending@example.se', PASSWORD)), 'email_unverified');
  });

  it('answers a wrong password and an unknown email alike', async () => {
    t = await startTestApp();
    await provenAccount(t, 'hanna@example.se', PASSWORD);
    assert.deepEqual([outcome(await signIn('hanna@example.se', 'wrong password here')), outcome(await signIn('nobody@example.se', PASSWORD))], ['credentials_invalid', 'credentials_invalid']);
  });

  it('makes tries wait past PASSWORD_FREE_FAILURES, the right password too, alike for an unknown email', async () => {
    t = await startTestApp({ PASSWORD_FREE_FAILURES: '2' });
    await provenAccount(t, 'ida@example.se', PASSWORD);
    for (const email of ['ida@example.se', 'ghost@example.se']) {
      const outcomes = [];
      for (let i = 0; i < 3; i++) outcomes.push(outcome(await signIn(email, 'wrong password here', `198.51.100.${i}`)));
      outcomes.push(outcome(await signIn(email, PASSWORD, '198.51.100.9')));
      assert.deepEqual(outcomes, ['credentials_invalid', 'credentials_invalid', 'credentials_invalid', 'rate_limited'], email);
    }
  });

  it('pauses after PASSWORD_ACCOUNT_FAILURE_LIMIT wrong passwords in a row, and a right one before it starts the count again', async () => {
    t = await startTestApp({ PASSWORD_ACCOUNT_FAILURE_LIMIT: '3', PASSWORD_FREE_FAILURES: '100' });
    await provenAccount(t, 'jon@example.se', PASSWORD);
    for (let i = 0; i < 2; i++) await signIn('jon@example.se', 'wrong password here');
    assert.equal(outcome(await signIn('jon@example.se', PASSWORD)), 'signed_in', 'the third try is right');
    for (let i = 0; i < 3; i++) assert.equal(outcome(await signIn('jon@example.se', 'wrong password here')), 'credentials_invalid');
    assert.equal(outcome(await signIn('jon@example.se', PASSWORD)), 'rate_limited', 'paused, even for the right password');
    t.clock.advanceSeconds(24 * 3600 + 1);
    assert.equal(outcome(await signIn('jon@example.se', PASSWORD)), 'signed_in');
  });

  it('keeps the right password open on a browser the holder signed in on before, while strangers\' wrong passwords make others wait', async () => {
    t = await startTestApp({ PASSWORD_FREE_FAILURES: '2', PASSWORD_ACCOUNT_FAILURE_LIMIT: '4' });
    await provenAccount(t, 'kim@example.se', PASSWORD);
    const own = { clientIp: '192.0.2.30', deviceId: 'kims-laptop' };
    assert.ok((await t.app.services.passwordSignIn.signIn('kim@example.se', PASSWORD, own)).ok);
    for (let i = 0; i < 6; i++) {
      t.clock.advanceSeconds(3600);
      await signIn('kim@example.se', 'a stranger guessing', `198.51.100.${i}`);
    }
    assert.equal(outcome(await signIn('kim@example.se', PASSWORD, '203.0.113.1')), 'rate_limited', 'an unknown browser waits');
    const stranger = await t.app.services.passwordSignIn.signIn('kim@example.se', PASSWORD, { clientIp: '203.0.113.2', deviceId: 'never-signed-in' });
    assert.equal(outcome(stranger), 'rate_limited', 'a browser with a device cookie that never signed in here waits too');
    assert.equal(outcome(await t.app.services.passwordSignIn.signIn('kim@example.se', PASSWORD, own)), 'signed_in', 'the holder\'s own browser does not');
  });
});
