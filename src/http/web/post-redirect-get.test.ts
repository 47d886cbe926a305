import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { provenAccount } from '../../../test/helpers/accounts.ts';
import { apiClient, codeIn } from '../../../test/helpers/api-client.ts';
import { latestMail } from '../../../test/helpers/mail.ts';
import { pageClient, type PageReply } from '../../../test/helpers/page-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

const PASSWORD = 'correct horse battery staple';
const fieldIds = (body: string) => [...body.matchAll(/<li><a href="#([A-Za-z_]+)">/g)].map((m) => m[1]);
const summaryOf = (body: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(body)?.[0] ?? '';
type Client = ReturnType<typeof pageClient>;

/**
 * A refused form, as a browser sees it: the POST answers 303 with no body, the page it leads to
 * says why with the status the refusal has, and reloading that page is a GET that shows the form
 * again (read once: the next person at a shared computer does not see it) and posts nothing.
 */
async function refused(client: Client, o: { page: string; action: string; fields: Record<string, string>; to?: string; status: number }) {
  await client.get(o.page);
  const posted = await client.post(o.action, o.fields);
  assert.equal(posted.status, 303, `${o.action} answers a refusal with a redirect: ${posted.body.slice(0, 200)}`);
  assert.equal(posted.location, o.to ?? o.page);
  assert.equal(posted.body, '');
  const shown = await client.follow(posted);
  assert.equal(shown.status, o.status, `the page after ${o.action}`);
  const reloaded = await client.get(posted.location ?? '');
  return { shown, reloaded };
}

/** The reload: the form again, without the refusal (and nothing posted: it is a GET). */
function formAgain(reloaded: PageReply, action: string): void {
  assert.equal(reloaded.status, 200);
  assert.match(reloaded.body, new RegExp(`<form method="post" action="${action.replace(/[/?]/g, '\\$&')}"`));
  assert.doesNotMatch(reloaded.body, /data-error-summary/);
}

describe('every page form answers a refusal with a redirect to a page that says why (Post/Redirect/Get)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const signedIn = async (email: string, acceptLanguage?: string): Promise<Client> => {
    await provenAccount(t, email, PASSWORD);
    const client = pageClient(t, acceptLanguage ? { acceptLanguage } : {});
    assert.equal((await client.submit('/sign-in', '/sign-in', { email, password: PASSWORD })).location, '/account');
    return client;
  };

  it('"Skapa konto": every field’s error at once, the address kept, the password never; a reload sends nothing', async () => {
    const client = pageClient(t);
    const { shown, reloaded } = await refused(client, { page: '/create-account', action: '/create-account', fields: { email: 'prg@', password: 'kort' }, status: 422 });
    assert.deepEqual(fieldIds(shown.body), ['email', 'password']);
    assert.match(shown.body, /id="email"[^>]*value="prg@"/);
    assert.doesNotMatch(shown.body, /kort"/);
    formAgain(reloaded, '/create-account');
    assert.equal((await t.app.storage.devMail.list({ to: 'prg@', limit: 5 })).length, 0);
  });

  it('keeps the refusal when what was typed is too long to carry back in a cookie', async () => {
    const client = pageClient(t);
    const { shown } = await refused(client, { page: '/create-account', action: '/create-account', fields: { email: `${'€'.repeat(1000)}@`, password: 'kort' }, status: 422 });
    assert.deepEqual(fieldIds(shown.body), ['email', 'password']);
    assert.doesNotMatch(shown.body, /€€€/, 'the typed address is dropped, not the errors');
  });

  it('"Glömt lösenordet?": every field’s error at once and the choices kept; a reload asks for no code', async () => {
    const client = pageClient(t, { acceptLanguage: 'en' });
    const { shown, reloaded } = await refused(client, { page: '/forgot-password', action: '/forgot-password', fields: { email: 'not an address', via: 'text', region: 'SE', number: '12' }, status: 422 });
    assert.deepEqual(fieldIds(shown.body), ['email', 'number']);
    assert.match(shown.body, /value="not an address"/);
    assert.match(shown.body, /value="text" checked/);
    assert.match(shown.body, /id="number"[^>]*value="12"/);
    formAgain(reloaded, '/forgot-password');
  });

  it('the new password page: the code and the password at once, the code kept and the password never', async () => {
    const client = pageClient(t);
    const page = '/forgot-password/code?email=prg.reset%40example.se&via=mail';
    const { shown, reloaded } = await refused(client, { page, action: '/forgot-password/code', fields: { email: 'prg.reset@example.se', via: 'mail', code: '', password: 'kort' }, status: 422 });
    assert.deepEqual(fieldIds(shown.body), ['code', 'password']);
    assert.doesNotMatch(shown.body, /value="kort"/);
    formAgain(reloaded, '/forgot-password/code');
  });

  it('"Byt lösenord": both fields’ errors at once, no password kept; a reload counts no second wrong password', async () => {
    const client = await signedIn('prg.password@example.se', 'en');
    t.clock.advanceSeconds(700);
    const both = await refused(client, { page: '/account/password', action: '/account/password', fields: { currentPassword: '', password: 'short' }, status: 422 });
    assert.deepEqual(fieldIds(both.shown.body), ['currentPassword', 'password']);
    formAgain(both.reloaded, '/account/password');
    const wrong = await refused(client, { page: '/account/password', action: '/account/password', fields: { currentPassword: 'not my password at all', password: 'a perfectly fine passphrase' }, status: 422 });
    assert.match(summaryOf(wrong.shown.body), /This is not your current password\./);
    assert.ok(!wrong.shown.body.includes('not my password at all') && !wrong.shown.body.includes('a perfectly fine passphrase'));
    formAgain(wrong.reloaded, '/account/password');
  });

  it('adding a number: the refusal at its field with the number kept (409 for one already added); a reload sends no text', async () => {
    const client = await signedIn('prg.phone@example.se');
    const invalid = await refused(client, { page: '/account/security/add', action: '/account/security/add', fields: { region: 'SE', number: '12' }, status: 422 });
    assert.deepEqual(fieldIds(invalid.shown.body), ['number']);
    assert.match(invalid.shown.body, /id="number"[^>]*value="12"/);
    formAgain(invalid.reloaded, '/account/security/add');

    const added = await client.submit('/account/security/add', '/account/security/add', { region: 'SE', number: '070-555 01 01' });
    assert.match(added.location ?? '', /\/verify$/);
    const texts = (await apiClient(t).texts('+46705550101')).length;
    const twice = await refused(client, { page: '/account/security/add', action: '/account/security/add', fields: { region: 'SE', number: '070-555 01 01' }, status: 409 });
    assert.deepEqual(fieldIds(twice.shown.body), ['number']);
    formAgain(twice.reloaded, '/account/security/add');
    assert.equal((await apiClient(t).texts('+46705550101')).length, texts, 'no text for the refusal or its reload');

    // The number's code page: an empty code, then a wrong one, each after a redirect.
    const verify = added.location ?? '';
    const empty = await refused(client, { page: verify, action: verify, fields: { code: '' }, status: 422 });
    assert.deepEqual(fieldIds(empty.shown.body), ['code']);
    assert.match(summaryOf(empty.shown.body), /Ange koden från textmeddelandet\./);
    formAgain(empty.reloaded, verify);
  });

  it('"Byt e-postadress" and its code: the address kept at its field, the code kept to correct', async () => {
    const client = await signedIn('prg.mover@example.se', 'en');
    const bad = await refused(client, { page: '/account/email', action: '/account/email', fields: { email: 'not an address' }, status: 422 });
    assert.deepEqual(fieldIds(bad.shown.body), ['email']);
    assert.match(bad.shown.body, /value="not an address"/);
    formAgain(bad.reloaded, '/account/email');

    const asked = await client.post('/account/email', { email: 'prg.moved@example.se' });
    const step = asked.location ?? '';
    assert.equal(step, '/account/email/verify?email=prg.moved%40example.se');
    const wrong = await refused(client, { page: step, action: '/account/email/verify', fields: { email: 'prg.moved@example.se', code: '0000 0000' }, to: step, status: 422 });
    assert.deepEqual(fieldIds(wrong.shown.body), ['code']);
    assert.match(wrong.shown.body, /value="0000 0000"/);
    formAgain(wrong.reloaded, '/account/email/verify');
    // Neither the reload nor the refusal's page spent the code.
    const code = codeIn((await latestMail(t, 'prg.moved@example.se')).text);
    assert.equal((await client.post('/account/email/verify', { email: 'prg.moved@example.se', code })).location, '/account?email=1');
  });

  it('"Ta bort kontot": a wrong address at its field, kept; a reload deletes nothing', async () => {
    const client = await signedIn('prg.delete@example.se', 'en');
    const { shown, reloaded } = await refused(client, { page: '/account/delete', action: '/account/delete', fields: { email: 'someone@example.se' }, status: 422 });
    assert.deepEqual(fieldIds(shown.body), ['email']);
    assert.match(shown.body, /That is not the email address of your account\./);
    assert.match(shown.body, /value="someone@example\.se"/);
    formAgain(reloaded, '/account/delete');
    assert.ok(await t.app.storage.accounts.findByEmail('prg.delete@example.se'));
  });

  it('"Lägg till en nyckel": a refused answer says what to try on a page with a new challenge, the name kept', async () => {
    const client = await signedIn('prg.passkey@example.se', 'en');
    const { shown, reloaded } = await refused(client, { page: '/account/security/passkeys/add', action: '/account/security/passkeys/add', fields: { name: 'Min telefon', credential: 'not json' }, status: 422 });
    assert.match(summaryOf(shown.body), /The passkey could not be added\./);
    assert.match(shown.body, /id="name"[^>]*value="Min telefon"/);
    assert.match(shown.body, /data-passkey-options="/);
    formAgain(reloaded, '/account/security/passkeys/add');
  });

  it('"Logga in med en nyckel": a refused passkey is said on the sign-in page, 401, and the page keeps where to return', async () => {
    const client = pageClient(t, { acceptLanguage: 'en' });
    const { shown, reloaded } = await refused(client, { page: '/sign-in?return_to=%2Faccount%2Fsessions', action: '/sign-in/passkey', fields: { credential: '{}', return_to: '/account/sessions' }, status: 401 });
    assert.match(summaryOf(shown.body), /Signing in with the passkey did not work\./);
    assert.match(shown.body, /name="return_to" value="\/account\/sessions"/);
    formAgain(reloaded, '/sign-in');
  });

  it('forms for something already gone redirect to a page that says so, 404, and say it again on a reload', async () => {
    const client = await signedIn('prg.gone@example.se', 'en');
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [page, action] of [
      [`/account/security/phones/${missing}/remove`, `/account/security/phones/${missing}/remove`],
      [`/account/security/passkeys/${missing}/remove`, `/account/security/passkeys/${missing}/remove`],
      [`/account/security/phones/${missing}/verify`, `/account/security/phones/${missing}/verify`],
    ] as const) {
      await client.get('/account/security');
      const posted = await client.post(action, { code: '12345678' });
      assert.equal(posted.status, 303, action);
      assert.equal(posted.location, page);
      const shown = await client.follow(posted);
      assert.equal(shown.status, 404, page);
      assert.match(shown.body, /Page not found/);
      assert.equal((await client.get(page)).status, 404);
    }

    const session = await refused(client, { page: '/account/sessions', action: `/account/sessions/${missing}/sign-out`, fields: {}, to: '/account/sessions', status: 404 });
    assert.match(summaryOf(session.shown.body), /That sign-in is no longer there\./);
    assert.match(session.shown.body, /This browser/, 'the list is still shown');
    assert.equal(session.reloaded.status, 200);

    const website = await refused(client, { page: '/account', action: '/account/websites/never-allowed/withdraw', fields: {}, to: '/account', status: 404 });
    assert.match(summaryOf(website.shown.body), /That website has no access to your account/);
    assert.equal(website.reloaded.status, 200);

    const undo = await refused(pageClient(t, { acceptLanguage: 'en' }), { page: '/sign-in', action: '/account/email/undo', fields: { code: 'bcdf' }, to: '/account/email/undo', status: 404 });
    assert.match(undo.shown.body, /The link does not work/);
    assert.equal(undo.reloaded.status, 404);

    const consent = await refused(pageClient(t, { acceptLanguage: 'en' }), { page: '/sign-in', action: '/oidc/interaction/over/consent', fields: { decision: 'allow' }, to: '/oidc/interaction/over', status: 400 });
    assert.match(consent.shown.body, /The sign-in has ended/);
  });
});

describe('forms past the client’s limits redirect too, saying when to try again in words and clock time', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '1' });
  });
  after(() => t.close());

  // The test clock stands at 09:00 UTC, 10:00 in Stockholm; the client's hour ends at 11:00.
  const signedIn = async (email: string, acceptLanguage?: string): Promise<Client> => {
    const client = pageClient(t, acceptLanguage ? { acceptLanguage } : {});
    assert.equal((await client.submit('/sign-in', '/sign-in', { email, password: PASSWORD })).location, '/account');
    return client;
  };

  /** A person is told when, not pointed at a header only API clients see. */
  const saysWhen = (page: PageReply, when: RegExp) => {
    assert.ok(Number(page.headers['retry-after']) > 0);
    assert.match(summaryOf(page.body), when);
    assert.doesNotMatch(page.body, /Retry-After/i);
  };

  it('adding a number and "Skicka en ny kod" for it: 429 after the redirect, with the wait in words and clock time', async () => {
    await provenAccount(t, 'prg.limit@example.se', PASSWORD);
    const client = await signedIn('prg.limit@example.se');
    const added = await client.submit('/account/security/add', '/account/security/add', { region: 'SE', number: '070-555 02 01' });
    const verify = added.location ?? '';
    assert.match(verify, /\/verify$/);

    const resend = verify.replace(/verify$/, 'resend');
    const again = await refused(client, { page: verify, action: resend, fields: {}, to: verify, status: 429 });
    saysWhen(again.shown, /Många koder har skickats härifrån eller för ditt konto på kort tid\. Det finns en gräns för att förhindra missbruk\. Har du fått en kod kan du fortfarande använda den nyaste\. Du kan försöka igen om 1 timme, klockan 11:00\./);
    formAgain(again.reloaded, verify);

    const another = await refused(client, { page: '/account/security/add', action: '/account/security/add', fields: { region: 'SE', number: '070-555 02 02' }, status: 429 });
    saysWhen(another.shown, /Numret är inte tillagt\. Du kan försöka igen om 1 timme, klockan 11:00\./);
    assert.match(another.shown.body, /id="number"[^>]*value="070-555 02 02"/);
    formAgain(another.reloaded, '/account/security/add');
    assert.deepEqual(await apiClient(t).texts('+46705550202'), []);
  });

  it('in English too, and "Byt e-postadress" past the limit says when in both languages', async () => {
    await provenAccount(t, 'prg.limit.en@example.se', PASSWORD);
    const en = await signedIn('prg.limit.en@example.se', 'en');
    const number = await refused(en, { page: '/account/security/add', action: '/account/security/add', fields: { region: 'SE', number: '070-555 02 03' }, status: 429 });
    saysWhen(number.shown, /Many codes have been sent from here or for your account in a short while\. There is a limit, to prevent abuse\. The number has not been added\. You can try again in 1 hour, at 11:00\./);

    const email = await refused(en, { page: '/account/email', action: '/account/email', fields: { email: 'prg.limit.new@example.se' }, status: 429 });
    saysWhen(email.shown, /Many codes have been asked for from here in the last hour\. There is a limit, to prevent abuse\. Your address is not changed\. You can try again in 1 hour, at 11:00\./);
    assert.match(email.shown.body, /id="email"[^>]*value="prg\.limit\.new@example\.se"/);
    formAgain(email.reloaded, '/account/email');

    const sv = await signedIn('prg.limit.en@example.se');
    const svEmail = await refused(sv, { page: '/account/email', action: '/account/email', fields: { email: 'prg.limit.new@example.se' }, status: 429 });
    saysWhen(svEmail.shown, /Många koder har begärts härifrån den senaste timmen\. Det finns en gräns för att förhindra missbruk\. Adressen är inte bytt\. Du kan försöka igen om 1 timme, klockan 11:00\./);
    assert.equal((await t.app.storage.devMail.list({ to: 'prg.limit.new@example.se', limit: 5 })).length, 0);
  });

  it('a wait that ends on another day there gives the date too', async () => {
    await provenAccount(t, 'prg.limit.late@example.se', PASSWORD);
    // 23:30 in Stockholm on the test clock (the limiter keeps its own time: the client's hour still runs).
    t.clock.advanceSeconds(13 * 3600 + 30 * 60);
    const client = await signedIn('prg.limit.late@example.se');
    const another = await refused(client, { page: '/account/security/add', action: '/account/security/add', fields: { region: 'SE', number: '070-555 02 05' }, status: 429 });
    saysWhen(another.shown, /Du kan försöka igen om 1 timme, den 2 jan\. 2026 klockan 00:30\./);
  });
});
