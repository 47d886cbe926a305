import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { provenAccount } from '../../../test/helpers/accounts.ts';
import { codeIn } from '../../../test/helpers/api-client.ts';
import { latestMail, latestMailLink } from '../../../test/helpers/mail.ts';
import { pageClient } from '../../../test/helpers/page-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

const PASSWORD = 'correct horse battery staple';

describe('pages: change the email address, and undo it from the old address', () => {
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

  it('changes the address with the mailed code, then the old address’s link undoes it after asking, ending every session', async () => {
    await provenAccount(t, 'sida.gammal@example.se', PASSWORD);
    const other = await signedIn('sida.gammal@example.se');
    const client = await signedIn('sida.gammal@example.se');
    assert.match((await client.get('/account')).body, /href="\/account\/email">Byt e-postadress/);
    const page = await client.get('/account/email');
    assert.equal(page.status, 200);
    assert.match(page.body, /Du loggar in med sida\.gammal@example\.se/);
    const asked = await client.post('/account/email', { email: 'sida.ny@example.se' });
    assert.equal(asked.status, 303);
    assert.equal(asked.location, '/account/email/verify?email=sida.ny%40example.se');
    const step = await client.get(asked.location!);
    assert.match(step.body, /autocomplete="one-time-code"/);

    const wrong = await client.follow(await client.post('/account/email/verify', { email: 'sida.ny@example.se', code: '00000000' }));
    assert.equal(wrong.status, 422);
    assert.match(wrong.body, /Koden är fel eller har gått ut/);
    const code = codeIn((await latestMail(t, 'sida.ny@example.se')).text);
    const done = await client.post('/account/email/verify', { email: 'sida.ny@example.se', code });
    assert.equal(done.location, '/account?email=1');
    const overview = (await client.get('/account?email=1')).body;
    assert.match(overview, /Du är inloggad som sida\.ny@example\.se/);
    assert.match(overview, /Din e-postadress är bytt/);
    assert.equal((await other.get('/account')).status, 303, 'the other browser is signed out');

    const link = await latestMailLink(t, 'sida.gammal@example.se', '/account/email/undo');
    const stranger = pageClient(t);
    const question = await stranger.get(link);
    assert.equal(question.status, 200);
    assert.match(question.body, /Ångra bytet av e-postadress\?/);
    assert.equal((await t.app.storage.accounts.findByEmail('sida.ny@example.se'))?.email, 'sida.ny@example.se', 'opening the link changes nothing');
    const token = new URL(link, 'http://x').searchParams.get('code')!;
    const undone = await stranger.post('/account/email/undo', { code: token });
    assert.equal(undone.status, 303);
    assert.equal(undone.location, '/account/email/undone');
    assert.match((await stranger.get('/account/email/undone')).body, /Välj ett nytt lösenord/);
    assert.equal((await client.get('/account')).status, 303, 'the browser that made the change is signed out too');
    assert.equal((await pageClient(t).submit('/sign-in', '/sign-in', { email: 'sida.gammal@example.se', password: PASSWORD })).location, '/account');

    const used = await pageClient(t).get(link);
    assert.equal(used.status, 404);
    assert.match(used.body, /Länken fungerar inte/);
  });

  it('shows the same code step for a taken address, and a bad address at its field, in English', async () => {
    await provenAccount(t, 'page.taken@example.se', PASSWORD);
    await provenAccount(t, 'page.mover@example.se', PASSWORD);
    const client = await signedIn('page.mover@example.se', 'en');
    await client.get('/account/email');
    const taken = await client.post('/account/email', { email: 'page.taken@example.se' });
    assert.equal(taken.status, 303);
    assert.match((await client.get(taken.location!)).body, /If the address page\.taken@example\.se can be used, we have sent a mail/);
    assert.equal((await latestMail(t, 'page.taken@example.se')).subject, 'Someone tried to change to your email address');
    const bad = await client.follow(await client.post('/account/email', { email: 'not an address' }));
    assert.equal(bad.status, 422);
    assert.match(bad.body, /href="#email"/);
    const same = await client.follow(await client.post('/account/email', { email: 'page.mover@example.se' }));
    assert.equal(same.status, 422);
    assert.match(same.body, /This already is the address of the account/);
  });

  it('asks to sign in again when the sign-in is over ten minutes old, and refuses a forged form', async () => {
    await provenAccount(t, 'page.stale@example.se', PASSWORD);
    const client = await signedIn('page.stale@example.se');
    await client.get('/account/email');
    const forged = await client.post('/account/email', { email: 'page.forged@example.se' }, { csrf: 'forged' });
    assert.equal(forged.status, 403);
    t.clock.advanceSeconds(601);
    const stale = await client.get('/account/email');
    assert.equal(stale.status, 303);
    assert.equal(stale.location, '/sign-in?reason=reauthenticate&return_to=%2Faccount%2Femail');
    assert.equal((await client.post('/account/email', { email: 'page.later@example.se' })).status, 303);
    assert.equal((await t.app.storage.devMail.list({ to: 'page.later@example.se', limit: 5 })).length, 0);
  });

  it('answers a link that is not a token, or never was, with the same page that says it does not work', async () => {
    for (const code of ['', 'bcdf', '1234', '<script>']) {
      const page = await pageClient(t, { acceptLanguage: 'en' }).get(`/account/email/undo?code=${encodeURIComponent(code)}`);
      assert.equal(page.status, 404, code);
      assert.match(page.body, /The link does not work/);
    }
  });
});
