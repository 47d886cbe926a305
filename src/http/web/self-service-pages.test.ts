import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { provenAccount } from '../../../test/helpers/accounts.ts';
import { pageClient } from '../../../test/helpers/page-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

const PASSWORD = 'correct horse battery staple';
const fieldIds = (body: string) => [...body.matchAll(/<li><a href="#([A-Za-z_]+)">/g)].map((m) => m[1]);

describe('self-service pages: change password, where you are signed in, download your data', () => {
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

  it('links the three from the overview, in Swedish and in English', async () => {
    await provenAccount(t, 'oversikt@example.se', PASSWORD);
    const sv = (await (await signedIn('oversikt@example.se')).get('/account')).body;
    for (const text of ['href="/account/password">Byt lösenord', 'href="/account/sessions">Där du är inloggad', 'Ladda ned dina uppgifter']) assert.ok(sv.includes(text), text);
    const en = (await (await signedIn('oversikt@example.se', 'en')).get('/account')).body;
    for (const text of ['Change password', 'Where you are signed in', 'Download your data']) assert.ok(en.includes(text), text);
  });

  it('changes the password: every other session ends and the overview says so', async () => {
    await provenAccount(t, 'byt@example.se', PASSWORD);
    const other = await signedIn('byt@example.se');
    t.clock.advanceSeconds(700);
    const client = await signedIn('byt@example.se');
    t.clock.advanceSeconds(700);
    const page = await client.get('/account/password');
    assert.equal(page.status, 200);
    assert.match(page.body, /autocomplete="current-password"/);
    const changed = await client.post('/account/password', { currentPassword: PASSWORD, password: 'ett helt nytt lösenord' });
    assert.equal(changed.status, 303);
    assert.equal(changed.location, '/account?password=1');
    assert.match((await client.get(changed.location)).body, /Ditt lösenord är bytt\. Du är utloggad överallt annars\./);
    assert.equal((await other.get('/account')).status, 303, 'the other browser is signed out');
    assert.equal((await pageClient(t).submit('/sign-in', '/sign-in', { email: 'byt@example.se', password: 'ett helt nytt lösenord' })).location, '/account');
  });

  it('shows every field error at once, and a wrong current password at its field', async () => {
    await provenAccount(t, 'fel@example.se', PASSWORD);
    const client = await signedIn('fel@example.se', 'en');
    t.clock.advanceSeconds(700);
    await client.get('/account/password');
    const both = await client.follow(await client.post('/account/password', { currentPassword: '', password: 'short' }));
    assert.equal(both.status, 422);
    assert.deepEqual(fieldIds(both.body), ['currentPassword', 'password']);
    assert.match(both.body, /Type your current password/);
    const wrong = await client.follow(await client.post('/account/password', { currentPassword: 'not my password at all', password: 'a perfectly fine passphrase' }));
    assert.equal(wrong.status, 422);
    assert.deepEqual(fieldIds(wrong.body), ['currentPassword']);
    assert.match(wrong.body, /This is not your current password\./);
  });

  it('lists where the person is signed in and signs out one, then every other', async () => {
    await provenAccount(t, 'platser@example.se', PASSWORD);
    const first = await signedIn('platser@example.se');
    const second = await signedIn('platser@example.se');
    const client = await signedIn('platser@example.se');
    const page = await client.get('/account/sessions');
    assert.equal(page.status, 200);
    assert.match(page.body, /Där du är inloggad/);
    assert.match(page.body, /Den här webbläsaren/);
    assert.match(page.body, /<p><span class="nowrap">127\.0\.0\.1<\/span>, med lösenord<\/p>/, 'an address is never broken across lines');
    assert.equal((page.body.match(/med lösenord/g) ?? []).length, 3);
    const actions = [...page.body.matchAll(/action="(\/account\/sessions\/[0-9a-f-]{36}\/sign-out)"/g)].map((m) => m[1]!);
    assert.equal(actions.length, 2);
    const ended = await client.post(actions[0]!, {});
    assert.equal(ended.status, 303);
    assert.equal(ended.location, '/account/sessions?ended=1');
    assert.match((await client.get(ended.location)).body, /Inloggningen är avslutad\./);
    const stillIn = [(await first.get('/account')).status, (await second.get('/account')).status];
    assert.deepEqual(stillIn.sort(), [200, 303]);
    const all = await client.post('/account/sessions/sign-out-others', {});
    assert.equal(all.location, '/account/sessions?ended=all');
    assert.match((await client.get(all.location)).body, /Du är inte inloggad någon annanstans\./);
    assert.equal((await first.get('/account')).status, 303);
    assert.equal((await second.get('/account')).status, 303);
    assert.equal((await client.get('/account')).status, 200);
  });

  it('refuses a forged sign-out form and a session of another account', async () => {
    await provenAccount(t, 'annan@example.se', PASSWORD);
    await provenAccount(t, 'egen@example.se', PASSWORD);
    const stranger = await signedIn('annan@example.se');
    const strangers = /action="(\/account\/sessions\/[0-9a-f-]{36}\/sign-out)"/.exec((await (await signedIn('annan@example.se')).get('/account/sessions')).body)?.[1];
    assert.ok(strangers);
    const client = await signedIn('egen@example.se');
    await client.get('/account/sessions');
    assert.equal((await client.follow(await client.post(strangers, {}))).status, 404);
    assert.equal((await client.post('/account/sessions/sign-out-others', {}, { csrf: 'forged' })).status, 403);
    assert.equal((await stranger.get('/account')).status, 200);
  });

  it('downloads the data as a JSON attachment', async () => {
    const account = await provenAccount(t, 'ladda@example.se', PASSWORD);
    const client = await signedIn('ladda@example.se');
    const file = await client.get('/account/export');
    assert.equal(file.status, 200);
    assert.match(String(file.headers['content-type']), /^application\/json/);
    assert.equal(file.headers['content-disposition'], 'attachment; filename="engangskod-export.json"');
    assert.equal(file.headers['cache-control'], 'no-store');
    const data = JSON.parse(file.body);
    assert.equal(data.format, 'engangskod-export/1');
    assert.deepEqual([data.account.id, data.account.email], [account.ok && account.value.id, 'ladda@example.se']);
    assert.equal((await pageClient(t).get('/account/export')).status, 303, 'signed out: sent to sign in');
  });
});

describe('"Byt lösenord" after wrong current passwords', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ PASSWORD_FREE_FAILURES: '1' });
  });
  after(() => t.close());

  it('says, in the page’s own words, that it waits and when to try again, never Retry-After', async () => {
    for (const [acceptLanguage, said] of [
      ['sv', /Du har skrivit fel nuvarande lösenord för många gånger, så du behöver vänta lite\. Lösenordet är inte bytt\. Du kan försöka igen om \d sekunder?\./],
      ['en', /You have typed a wrong current password too many times, so you need to wait a little\. Your password is not changed\. You can try again in \d seconds?\./],
    ] as const) {
      const email = `vanta.${acceptLanguage}@example.se`;
      await provenAccount(t, email, PASSWORD);
      const client = pageClient(t, { acceptLanguage });
      assert.equal((await client.submit('/sign-in', '/sign-in', { email, password: PASSWORD })).location, '/account');
      await client.get('/account/password');
      // The first wrong one is free; the second makes the next try wait (two seconds).
      for (let i = 0; i < 2; i++) {
        assert.equal((await client.follow(await client.post('/account/password', { currentPassword: 'not my password at all', password: 'a perfectly fine passphrase' }))).status, 422);
      }
      const paused = await client.follow(await client.post('/account/password', { currentPassword: PASSWORD, password: 'a perfectly fine passphrase' }));
      assert.equal(paused.status, 429);
      assert.ok(Number(paused.headers['retry-after']) > 0);
      assert.match(paused.body, said);
      assert.doesNotMatch(paused.body, /Retry-After/i);
    }
  });
});
