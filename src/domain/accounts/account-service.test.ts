import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient, codeIn } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

/** Sign-up and the proof of the address at the service, on the real app's wiring (SQLite, argon2id, the mail outbox). */
describe('AccountService', () => {
  let t: TestApp;
  let mails: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    mails = apiClient(t);
  });
  after(() => t.close());
  const accounts = () => t.app.services.accounts;
  const PASSWORD = 'correct horse battery staple';
  const signUp = (email: string, password = PASSWORD) => accounts().signUp({ email, password, locale: 'sv' });

  it('keeps a new account unproven, under the normal form of the email, with the password only as an argon2id hash', async () => {
    assert.ok((await signUp('  Anna@Example.SE ')).ok);
    const stored = await t.app.storage.accounts.findByEmail('anna@example.se');
    assert.ok(stored);
    assert.equal(stored.emailVerifiedAt, null);
    assert.match(stored.passwordHash, /^\$argon2id\$/);
    assert.doesNotMatch(stored.passwordHash, /correct horse/);
    assert.deepEqual(await accounts().find(stored.id), { id: stored.id, email: 'anna@example.se', emailVerified: false });
  });

  it('proves the address with the mailed code, signs in, and records both', async () => {
    assert.ok((await signUp('bea@example.se')).ok);
    const mail = await mails.latestMail('bea@example.se');
    const verified = await accounts().verifyEmail('BEA@example.se', codeIn(mail.text), { clientIp: '192.0.2.1' });
    assert.ok(verified.ok);
    const session = await t.app.services.sessions.authenticate(verified.value.token);
    assert.ok(session.ok);
    const account = await accounts().find(session.value.accountId);
    assert.equal(account?.emailVerified, true);
    const kinds = (await t.app.services.activity.list(session.value.accountId)).map((row) => row.kind);
    assert.deepEqual(kinds.sort(), ['account_created', 'email_verified', 'signed_in']);
  });

  it('mails the owner of a proven address instead of a code, and changes nothing on the account', async () => {
    assert.ok((await signUp('cai@example.se')).ok);
    assert.ok((await accounts().verifyEmail('cai@example.se', codeIn((await mails.latestMail('cai@example.se')).text))).ok);
    const before = await t.app.storage.accounts.findByEmail('cai@example.se');
    assert.ok((await signUp('cai@example.se', 'another fine passphrase')).ok);
    const told = await mails.latestMail('cai@example.se');
    assert.match(told.subject, /konto/i);
    assert.doesNotMatch(told.text, /\d{6,}/);
    assert.deepEqual(await t.app.storage.accounts.findByEmail('cai@example.se'), before);
  });

  it('refuses a weak password and a malformed email with their own errors', async () => {
    const weak = await signUp('dan@example.se', 'password');
    assert.equal(weak.ok ? 'created' : weak.error.startsWith('password_'), true);
    const malformed = await signUp('not an email');
    assert.equal(malformed.ok ? 'created' : malformed.error, 'email_invalid');
  });

  it('removes an account whose address was not proven within a day, so the address can sign up again', async () => {
    assert.ok((await signUp('eva@example.se')).ok);
    const stale = await t.app.storage.accounts.findByEmail('eva@example.se');
    t.clock.advanceSeconds(24 * 3600 + 1);
    const { unverifiedAccounts } = await t.app.housekeeping.runOnce();
    assert.ok(unverifiedAccounts >= 1);
    assert.equal(await t.app.storage.accounts.findByEmail('eva@example.se'), undefined);
    assert.ok((await signUp('eva@example.se')).ok);
    assert.notEqual((await t.app.storage.accounts.findByEmail('eva@example.se'))?.id, stale?.id);
  });

  it('finds nothing for an id that is no account', async () => {
    assert.equal(await accounts().find('00000000-0000-4000-8000-000000000000'), undefined);
  });
});
