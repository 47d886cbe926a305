import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { provenAccount } from '../../../test/helpers/accounts.ts';
import { pageClient } from '../../../test/helpers/page-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

const PASSWORD = 'correct horse battery staple';

describe('the "Ta bort kontot" page', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const signedIn = async (email: string, acceptLanguage?: string) => {
    const client = pageClient(t, acceptLanguage ? { acceptLanguage } : {});
    const reply = await client.submit('/sign-in', '/sign-in', { email, password: PASSWORD });
    assert.equal(reply.location, '/account');
    return client;
  };

  it('is linked from the overview, in Swedish and in English', async () => {
    await provenAccount(t, 'lank@example.se', PASSWORD);
    assert.match((await (await signedIn('lank@example.se')).get('/account')).body, /href="\/account\/delete">Ta bort kontot</);
    assert.match((await (await signedIn('lank@example.se', 'en')).get('/account')).body, /href="\/account\/delete">Delete account</);
  });

  it('asks for a new sign-in when the last one is older than ten minutes, then comes back', async () => {
    await provenAccount(t, 'gammal@example.se', PASSWORD);
    const client = await signedIn('gammal@example.se');
    t.clock.advanceSeconds(700);
    const page = await client.get('/account/delete');
    assert.equal(page.status, 303);
    assert.match(page.location ?? '', /^\/sign-in\?.*reason=reauthenticate/);
    await client.get('/account');
    const posted = await client.post('/account/delete', { email: 'gammal@example.se' });
    assert.equal(posted.status, 303, 'nothing deleted without a recent sign-in');
    assert.match(posted.location ?? '', /^\/sign-in\?.*reason=reauthenticate/);
    assert.ok(await t.app.storage.accounts.findByEmail('gammal@example.se'), 'still there');
    const returnTo = new URL(page.location ?? '', 'http://x').searchParams.get('return_to') ?? '';
    const again = await client.submit(page.location ?? '', '/sign-in', { email: 'gammal@example.se', password: PASSWORD, return_to: returnTo });
    assert.equal(again.location, '/account/delete', 'back to the page after signing in again');
    assert.equal((await client.get('/account/delete')).status, 200);
  });

  it('refuses an email that is not the account\'s at its field, and a form without the CSRF token', async () => {
    await provenAccount(t, 'skriv@example.se', PASSWORD);
    const client = await signedIn('skriv@example.se', 'en');
    const page = await client.get('/account/delete');
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>Delete account<\/h1>/);
    assert.match(page.body, /name="csrf"/);
    const empty = await client.follow(await client.post('/account/delete', { email: '' }));
    assert.equal(empty.status, 422);
    assert.match(empty.body, /Type the email address of your account\./);
    const wrong = await client.follow(await client.post('/account/delete', { email: 'someone@example.se' }));
    assert.equal(wrong.status, 422);
    assert.match(wrong.body, /That is not the email address of your account\./);
    assert.match(wrong.body, /aria-invalid="true"/);
    const forged = await client.post('/account/delete', { email: 'skriv@example.se' }, { csrf: null });
    assert.equal(forged.status, 403);
    assert.equal((await client.get('/account')).status, 200, 'still there, still signed in');
  });

  it('deletes the account: the browser is signed out and told so, and the address can be used again', async () => {
    await provenAccount(t, 'hejda@example.se', PASSWORD);
    const other = await signedIn('hejda@example.se');
    const client = await signedIn('hejda@example.se');
    await client.get('/account/delete');
    const deleted = await client.post('/account/delete', { email: 'Hejda@Example.se' });
    assert.equal(deleted.status, 303);
    assert.equal(deleted.location, '/account-deleted');
    assert.ok(deleted.setCookies.some((c) => /session=;/.test(c) || /session=[^;]*;.*Max-Age=0/i.test(c)), `the session cookie is cleared: ${deleted.setCookies.join(' | ')}`);
    const gone = await client.get('/account-deleted');
    assert.equal(gone.status, 200);
    assert.match(gone.body, /<h1>Kontot är borttaget<\/h1>/);
    assert.doesNotMatch(gone.body, /Logga ut/, 'no one is signed in');
    assert.equal((await client.get('/account')).status, 303);
    assert.equal((await other.get('/account')).status, 303, 'every browser is signed out');
    assert.equal(await t.app.storage.accounts.findByEmail('hejda@example.se'), undefined);
    assert.match((await pageClient(t, { acceptLanguage: 'en' }).get('/account-deleted')).body, /The account is deleted/);
  });
});
