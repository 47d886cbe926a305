import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { pageClient } from '../../../test/helpers/page-client.ts';
import { SoftwareAuthenticator } from '../../../test/helpers/software-authenticator.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

const PASSWORD = 'correct horse battery staple';

/**
 * An account an operator disabled (`engangskod users disable`) cannot sign in in any way and
 * gets no codes, and every answer about it is byte for byte the one for an address no one has.
 */
describe('a disabled account', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  let person: Awaited<ReturnType<ReturnType<typeof apiClient>['accountWithVerifiedPhone']>>;
  const email = 'avstangd@example.se';
  const unknown = 'ingen-alls@example.se';

  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
    person = await api.accountWithVerifiedPhone(email, 'SE', '070-123 45 80');
  });
  after(() => t.close());

  /** Status, content type and body: what a client can tell two answers apart by. */
  const seen = (reply: { status: number; headers: Record<string, unknown>; raw: string }) => ({ status: reply.status, type: reply.headers['content-type'], body: reply.raw });

  it('loses its sessions when disabled, and answers every sign-in and code request as an unknown address does', async () => {
    // A sign-in code sent before the account was disabled: not redeemable after.
    assert.equal((await api.post('/api/v1/one-time-codes', { email, region: 'SE', number: '070-123 45 80' })).status, 202);
    const code = await api.latestCode(person.phone.e164);
    const key = new SoftwareAuthenticator({ origin: t.app.config.publicUrl.origin });
    const keyOptions = await api.post('/api/v1/me/passkeys/options', undefined, { token: person.token });
    assert.equal((await api.post('/api/v1/me/passkeys', key.create(keyOptions.body), { token: person.token })).status, 201);
    const mailsBefore = (await api.mails(email)).length;
    const textsBefore = (await api.texts(person.phone.e164)).length;

    assert.equal(await t.app.accountOperator.disable(person.id), true);
    assert.equal((await api.get('/api/v1/me', { token: person.token })).status, 401, 'its sessions ended');
    // A passkey names no email: it fails as a removed one does.
    const byKey = await api.post('/api/v1/sessions/passkey', key.get((await api.post('/api/v1/sessions/passkey/options')).body));
    assert.equal(byKey.status, 401);
    assert.equal(byKey.body.code, 'passkey_invalid');

    const both = async (call: (address: string) => Promise<{ status: number; headers: Record<string, unknown>; raw: string }>) => {
      const disabled = seen(await call(email));
      assert.deepEqual(disabled, seen(await call(unknown)));
      return disabled;
    };
    assert.equal((await both((e) => api.post('/api/v1/sessions', { email: e, password: PASSWORD }))).status, 401);
    assert.equal((await both((e) => api.post('/api/v1/sessions/one-time-code', { email: e, code }))).status, 401);
    t.clock.advanceSeconds(120);
    assert.equal((await both((e) => api.post('/api/v1/one-time-codes', { email: e, region: 'SE', number: '070-123 45 80' }))).status, 202);
    t.clock.advanceSeconds(120);
    assert.equal((await both((e) => api.post('/api/v1/password-resets', { email: e }))).status, 202);
    assert.equal((await both((e) => api.post('/api/v1/password-resets', { email: e, region: 'SE', number: '070-123 45 80' }))).status, 202);
    assert.equal((await both((e) => api.post('/api/v1/password-resets/complete', { email: e, code, password: 'a brand new passphrase' }))).status, 401);

    assert.equal((await api.texts(person.phone.e164)).length, textsBefore, 'no text went to its number');
    assert.equal((await api.mails(email)).length, mailsBefore, 'no mail went to its address');

    // The sign-in page (websites' sign-ins go through it) says the same as for an unknown address.
    const page = async (address: string) => {
      const client = pageClient(t);
      // A refused sign-in redirects to the page that says why (Post/Redirect/Get).
      const reply = await client.follow(await client.submit('/sign-in', '/sign-in', { email: address, password: PASSWORD }));
      return { status: reply.status, body: reply.body.replaceAll(address, '(email)').replaceAll(encodeURIComponent(address), '(email)').replace(/name="csrf" value="[^"]*"/g, '').replace(/data-passkey-options="[^"]*"/g, '') };
    };
    const disabledPage = await page(email);
    assert.equal(disabledPage.status, 401);
    assert.deepEqual(disabledPage, await page(unknown));

    // Sign-up answers alike too (last: for the unknown address it makes an account), and mails
    // nothing; the address stays taken, so no one else can take it over.
    assert.equal((await both((e) => api.post('/api/v1/accounts', { email: e, password: PASSWORD }))).status, 202);
    assert.equal((await api.mails(email)).length, mailsBefore, 'no mail went to its address');
  });

  it('signs in again once enabled', async () => {
    assert.equal(await t.app.accountOperator.enable(person.id), true);
    assert.equal((await api.post('/api/v1/sessions', { email, password: PASSWORD })).status, 201);
  });
});
