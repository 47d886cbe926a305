import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

/** Sign-up and account lookup at the service, on the real app's wiring (SQLite, argon2id). */
describe('AccountService', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());
  const accounts = () => t.app.services.accounts;

  it('creates an account under the normal form of the email, with the password stored only as an argon2id hash', async () => {
    const created = await accounts().signUp('  Anna@Example.SE ', 'correct horse battery staple');
    assert.ok(created.ok);
    assert.equal(created.value.email, 'anna@example.se');
    const stored = await t.app.storage.accounts.findById(created.value.id);
    assert.match(stored?.passwordHash ?? '', /^\$argon2id\$/);
    assert.doesNotMatch(stored?.passwordHash ?? '', /correct horse/);
    assert.deepEqual(await accounts().find(created.value.id), { id: created.value.id, email: 'anna@example.se' });
  });

  it('refuses a taken email in any spelling of it, and the account stays as it was', async () => {
    const first = await accounts().signUp('bo@example.se', 'correct horse battery staple');
    assert.ok(first.ok);
    for (const email of ['bo@example.se', 'BO@example.se', 'ｂｏ@example.se']) {
      const again = await accounts().signUp(email, 'another fine passphrase');
      assert.equal(again.ok ? 'created' : again.error, 'email_taken', email);
    }
    const signedIn = await t.app.services.passwordSignIn.signIn('bo@example.se', 'correct horse battery staple', {});
    assert.ok(signedIn.ok, 'the first password still works');
  });

  it('refuses a weak password and a malformed email with their own errors', async () => {
    const weak = await accounts().signUp('cai@example.se', 'password');
    assert.equal(weak.ok ? 'created' : weak.error.startsWith('password_'), true);
    const malformed = await accounts().signUp('not an email', 'correct horse battery staple');
    assert.equal(malformed.ok ? 'created' : malformed.error, 'email_invalid');
  });

  it('finds nothing for an id that is no account', async () => {
    assert.equal(await accounts().find('00000000-0000-4000-8000-000000000000'), undefined);
  });
});
