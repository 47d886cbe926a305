import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { provenAccount } from '../../../test/helpers/accounts.ts';
import { apiClient, codeIn } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

/** "Glömt lösenordet?" at the service, on the real app's wiring (SQLite, argon2id, both outboxes). */
describe('PasswordResetService', () => {
  let t: TestApp;
  let inbox: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    inbox = apiClient(t);
  });
  after(() => t.close());
  const reset = () => t.app.services.passwordReset;
  const PASSWORD = 'correct horse battery staple';
  const NEW_PASSWORD = 'a brand new passphrase';
  const context = { clientIp: '192.0.2.7' };

  /** A proven account with a verified number, signed in once. */
  const person = async (email: string, e164: string) => {
    const account = await provenAccount(t, email, PASSWORD);
    assert.ok(account.ok);
    await t.app.storage.phones.insert({ id: randomUUID(), accountId: account.value.id, region: 'SE', e164, verifiedAt: t.clock.now(), createdAt: t.clock.now() });
    const signedIn = await t.app.services.passwordSignIn.signIn(email, PASSWORD, context);
    assert.ok(signedIn.ok);
    return { id: account.value.id, token: signedIn.value.token };
  };
  const signInWith = async (email: string, password: string) => {
    const result = await t.app.services.passwordSignIn.signIn(email, password, { clientIp: '192.0.2.99' });
    return result.ok ? 'signed_in' : result.error;
  };

  it('mails a code to the proven address; the code sets the new password, ends every session and tells the numbers', async () => {
    const anna = await person('anna@example.se', '+46701110001');
    assert.ok((await reset().request({ email: 'Anna@example.se', locale: 'sv', context })).ok);
    const code = codeIn((await inbox.latestMail('anna@example.se')).text);
    assert.ok((await reset().complete({ email: 'anna@example.se', code, password: NEW_PASSWORD, locale: 'sv', context })).ok);
    assert.equal((await t.app.services.sessions.authenticate(anna.token)).ok, false, 'the earlier session ended');
    assert.equal(await signInWith('anna@example.se', NEW_PASSWORD), 'signed_in');
    assert.equal(await signInWith('anna@example.se', PASSWORD), 'credentials_invalid');
    assert.match(await inbox.latestText('+46701110001'), /lösenord/);
    const kinds = (await t.app.services.activity.list(anna.id)).map((row) => row.kind);
    assert.ok(kinds.includes('password_reset_requested') && kinds.includes('password_reset'), kinds.join());
  });

  it('texts a code only to a verified number of the account, and mails the address once it was used', async () => {
    await person('bo@example.se', '+46701110002');
    assert.ok((await reset().request({ email: 'bo@example.se', region: 'SE', number: '070-111 00 99', locale: 'sv', context })).ok);
    assert.deepEqual(await inbox.texts('+46701110099'), [], 'a number not on the account gets nothing');
    assert.ok((await reset().request({ email: 'bo@example.se', region: 'SE', number: '070-111 00 02', locale: 'sv', context })).ok);
    const code = /#(\d+)$/.exec(await inbox.latestText('+46701110002'))?.[1] ?? '';
    assert.ok((await reset().complete({ email: 'bo@example.se', code, password: NEW_PASSWORD, locale: 'en', context })).ok);
    assert.match((await inbox.latestMail('bo@example.se')).text, /password/i);
    assert.equal(await signInWith('bo@example.se', NEW_PASSWORD), 'signed_in');
  });

  it('answers alike for an unknown email, and sends nothing anywhere', async () => {
    assert.deepEqual(await reset().request({ email: 'ghost@example.se', locale: 'sv', context }), { ok: true, value: undefined });
    assert.deepEqual(await reset().request({ email: 'ghost@example.se', region: 'SE', number: '0701110003', locale: 'sv', context }), { ok: true, value: undefined });
    assert.deepEqual(await inbox.mails('ghost@example.se'), []);
    assert.deepEqual(await inbox.texts('+46701110003'), []);
  });

  it('refuses a weak password before using the code, and a wrong code with code_invalid, leaving the password as it was', async () => {
    await person('cai@example.se', '+46701110004');
    assert.ok((await reset().request({ email: 'cai@example.se', locale: 'sv', context })).ok);
    const code = codeIn((await inbox.latestMail('cai@example.se')).text);
    const weak = await reset().complete({ email: 'cai@example.se', code, password: 'short', locale: 'sv', context });
    assert.equal(weak.ok ? 'reset' : weak.error, 'password_too_short');
    const wrong = code === '00000000' ? '11111111' : '00000000';
    const refused = await reset().complete({ email: 'cai@example.se', code: wrong, password: NEW_PASSWORD, locale: 'sv', context });
    assert.equal(refused.ok ? 'reset' : refused.error, 'code_invalid');
    assert.equal(await signInWith('cai@example.se', PASSWORD), 'signed_in');
    assert.ok((await reset().complete({ email: 'cai@example.se', code, password: NEW_PASSWORD, locale: 'sv', context })).ok, 'the right code still works after a weak password and a wrong guess');
    const again = await reset().complete({ email: 'cai@example.se', code, password: 'yet another passphrase', locale: 'sv', context });
    assert.equal(again.ok ? 'reset' : again.error, 'code_invalid', 'a code works once');
  });

  it('lets only the newest code work, whichever channel each came by', async () => {
    await person('dan@example.se', '+46701110005');
    assert.ok((await reset().request({ email: 'dan@example.se', locale: 'sv', context })).ok);
    const byMail = codeIn((await inbox.latestMail('dan@example.se')).text);
    assert.ok((await reset().request({ email: 'dan@example.se', region: 'SE', number: '0701110005', locale: 'sv', context })).ok);
    const byText = /#(\d+)$/.exec(await inbox.latestText('+46701110005'))?.[1] ?? '';
    const older = await reset().complete({ email: 'dan@example.se', code: byMail, password: NEW_PASSWORD, locale: 'sv', context });
    assert.equal(older.ok ? 'reset' : older.error, 'code_invalid', 'the mailed code was replaced by the texted one');
    assert.ok((await reset().complete({ email: 'dan@example.se', code: byText, password: NEW_PASSWORD, locale: 'sv', context })).ok);
  });

  it('mails no code to an address that was never proven', async () => {
    assert.ok((await t.app.services.accounts.signUp({ email: 'unproven@example.se', password: PASSWORD, locale: 'sv' })).ok);
    const before = (await inbox.mails('unproven@example.se')).length;
    assert.ok((await reset().request({ email: 'unproven@example.se', locale: 'sv', context })).ok);
    assert.equal((await inbox.mails('unproven@example.se')).length, before);
  });
});
