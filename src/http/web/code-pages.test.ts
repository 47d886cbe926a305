import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { pageClient } from '../../../test/helpers/page-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

/**
 * The one-time-code pages' unhappy paths over HTTP: codes typed in groups, what the page says
 * about a code's life and the tries left, the wait before a new code, Post/Redirect/Get, every
 * field's error at once and numbers from another country. In a browser: test/e2e/unhappy-paths.test.ts.
 */
describe('the one-time-code pages when things go wrong', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '100000', OTP_TTL_SECONDS: '420', CODE_RESEND_SECONDS: '90', OTP_MAX_ATTEMPTS: '3', REGIONS: 'SE,NO,DK,FI,IS' });
  });
  after(() => t.close());

  /** A client on the code page for a fresh account, and the code texted to it. */
  async function onCodePage(email: string, number: string, region = 'SE', acceptLanguage = 'sv') {
    const api = apiClient(t);
    const account = await api.accountWithVerifiedPhone(email, region, number);
    const client = pageClient(t, { acceptLanguage });
    const sent = await client.submit('/sign-in/code', '/sign-in/code', { email, region, number });
    assert.equal(sent.location, '/sign-in/code/enter');
    return { client, api, code: await api.latestCode(account.phone.e164) };
  }

  it('take a code typed in groups with a space or a dash, and let the box hold it', async () => {
    for (const [i, group] of [(c: string) => `${c.slice(0, 4)} ${c.slice(4)}`, (c: string) => `${c.slice(0, 4)}-${c.slice(4)}`].entries()) {
      const { client, code } = await onCodePage(`grupp${i}@example.se`, `070-400 00 0${i}`);
      const page = await client.get('/sign-in/code/enter');
      const maxlength = Number(/id="code"[^>]* maxlength="(\d+)"/.exec(page.body)?.[1]);
      assert.ok(maxlength >= group(code).length, `maxlength ${maxlength} holds "${group(code)}"`);
      const signedIn = await client.post('/sign-in/code/enter', { code: group(code) });
      assert.equal(signedIn.location, '/account');
    }
  });

  it('say how long the code works, and base the wait hint on OTP_TTL_SECONDS', async () => {
    const { client, api } = await onCodePage('livslangd@example.se', '070-400 00 10');
    const page = await client.get('/sign-in/code/enter');
    assert.match(page.body, /Koden gäller i 7 minuter och kan bara användas en gång\./);
    assert.match(page.body, /Om du väntat i mer än 7 minuter/);
    assert.doesNotMatch(page.body, /15 minuter/);
    assert.match(await api.latestText('+46704000010'), /7 minuter/);
  });

  it('after a wrong code: try again with the tries left, no second guess on reload, then a new code', async () => {
    const { client, code } = await onCodePage('fel@example.se', '070-400 00 20');
    const wrong = code.startsWith('1') ? `2${code.slice(1)}` : `1${code.slice(1)}`;
    const first = await client.post('/sign-in/code/enter', { code: wrong });
    assert.equal(first.status, 303, 'Post/Redirect/Get');
    assert.equal(first.location, '/sign-in/code/enter');
    const shown = await client.get('/sign-in/code/enter');
    assert.equal(shown.status, 401);
    assert.match(shown.body, /Kontrollera siffrorna och försök igen: du har 2 försök kvar/);
    assert.doesNotMatch(shown.body, /Begär en ny kod\./);
    // A reload is a GET: it says the same and guesses nothing.
    const reloaded = await client.get('/sign-in/code/enter');
    assert.match(reloaded.body, /du har 2 försök kvar/);
    // A code of the wrong length is a typo, not a guess.
    await client.post('/sign-in/code/enter', { code: code.slice(1) });
    const typo = await client.get('/sign-in/code/enter');
    assert.equal(typo.status, 422);
    assert.match(typo.body, /Koden har 8 siffror\..*Det räknas inte som ett försök\./);
    await client.post('/sign-in/code/enter', { code: wrong });
    assert.match((await client.get('/sign-in/code/enter')).body, /du har 1 försök kvar/);
    // The right code still works: neither the reloads nor the typo counted.
    assert.equal((await client.post('/sign-in/code/enter', { code })).location, '/account');
  });

  it('say to ask for a new code once the tries are spent', async () => {
    const { client, code } = await onCodePage('slut@example.se', '070-400 00 30');
    const wrong = code.startsWith('1') ? `2${code.slice(1)}` : `1${code.slice(1)}`;
    for (let i = 0; i < 3; i++) await client.post('/sign-in/code/enter', { code: wrong });
    assert.match((await client.get('/sign-in/code/enter')).body, /den här koden går inte att försöka med fler gånger\. Begär en ny kod\./);
  });

  it('show the wait before "Skicka en ny kod" in words and clock time in the zone of the number', async () => {
    const { client } = await onCodePage('vanta@example.fi', '040 123 4567', 'FI', 'en');
    const page = await client.get('/sign-in/code/enter');
    // 09:00 UTC is 11:00 in Helsinki; the wait of 90 seconds ends at 11:01:30, said as 11:02.
    assert.match(page.body, /You can ask for a new code in 2 minutes, at 11:02\./);
    assert.match(page.body, /data-countdown="90"/);
    t.clock.advanceSeconds(30);
    assert.match((await client.get('/sign-in/code/enter')).body, /data-countdown="60"/);
    // Pressed early anyway (no script): a redirect, then the wait; reloading that sends nothing.
    const early = await client.post('/sign-in/code/resend', {});
    assert.equal(early.status, 303);
    const refused = await client.get('/sign-in/code/enter');
    assert.equal(refused.status, 429);
    assert.match(refused.body, /Wait 1 minute before asking for a new one/);
    t.clock.advanceSeconds(61);
    const open = await client.get('/sign-in/code/enter');
    assert.equal(open.status, 200);
    assert.doesNotMatch(open.body, /data-countdown=/);
    const again = await client.post('/sign-in/code/resend', {});
    assert.equal(again.status, 303);
    assert.match((await client.get('/sign-in/code/enter')).body, /We have sent a new code/);
  });

  it('redirect a refused code request and show every field error at once', async () => {
    const client = pageClient(t);
    const empty = await client.submit('/sign-in/code', '/sign-in/code', { email: '', region: 'SE', number: '' });
    assert.equal(empty.status, 303);
    assert.equal(empty.location, '/sign-in/code');
    const page = await client.get('/sign-in/code');
    assert.equal(page.status, 422);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(page.body)?.[0] ?? '';
    assert.match(summary, /href="#email"/);
    assert.match(summary, /href="#number"[^>]*>Ange ditt mobiltelefonnummer\./);
    // Read once: a reload shows the empty form, not the old errors.
    assert.equal((await client.get('/sign-in/code')).status, 200);
  });

  it('name a number from another country, and say whether that country is offered', async () => {
    const client = pageClient(t, { acceptLanguage: 'en' });
    await client.submit('/sign-in/code', '/sign-in/code', { email: 'tysk@example.se', region: 'SE', number: '+49 151 23456789' });
    const german = await client.get('/sign-in/code');
    assert.match(german.body, /This looks like a number from Germany\. We cannot send one-time codes there/);
    assert.match(german.body, /value="\+49 151 23456789"/, 'filled in again');
    await client.submit('/sign-in/code', '/sign-in/code', { email: 'finsk@example.se', region: 'SE', number: '+358 40 123 4567' });
    assert.match((await client.get('/sign-in/code')).body, /This looks like a number from Finland, not from Sweden\. Choose Finland in the list above\./);
  });

  it('name a number from another country when adding a number and on "Glömt lösenordet?" too', async () => {
    const { client, code } = await onCodePage('lagg-till@example.se', '070-400 00 50');
    await client.post('/sign-in/code/enter', { code });
    const added = await client.follow(await client.submit('/account/security/add', '/account/security/add', { region: 'SE', number: '+47 412 34 567' }));
    assert.equal(added.status, 422);
    assert.match(added.body, /Det här ser ut som ett nummer från Norge, inte från Sverige\. Välj Norge i listan ovan\./);
    const forgetful = pageClient(t);
    const forgot = await forgetful.follow(await forgetful.submit('/forgot-password', '/forgot-password', { email: 'lagg-till@example.se', via: 'text', region: 'SE', number: '+49 151 23456789' }));
    assert.match(forgot.body, /Det här ser ut som ett nummer från Tyskland\. Dit kan vi inte skicka engångskoder/);
  });

  it('flag every empty sign-in field at once, and redirect a wrong number confirmation code', async () => {
    const client = pageClient(t);
    const empty = await client.follow(await client.submit('/sign-in', '/sign-in', { email: '', password: '' }));
    assert.equal(empty.status, 422);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(empty.body)?.[0] ?? '';
    assert.match(summary, /href="#email"/);
    assert.match(summary, /href="#password"/);

    const { client: signedIn, code } = await onCodePage('bekrafta@example.se', '070-400 00 60');
    await signedIn.post('/sign-in/code/enter', { code });
    const added = await signedIn.submit('/account/security/add', '/account/security/add', { region: 'SE', number: '070-400 00 61' });
    const verifyPath = added.location ?? '';
    assert.match(verifyPath, /^\/account\/security\/phones\/[^/]+\/verify$/);
    // The number is one unit in the running text: a narrow screen breaks the line around it, never inside.
    assert.match((await signedIn.get(verifyPath)).body, /textmeddelande till <span class="nowrap">\+46 70 400 00 61<\/span>\. Ange koden/);
    const wrong = await signedIn.post(verifyPath, { code: '00000000' });
    assert.equal(wrong.status, 303, 'Post/Redirect/Get: a reload guesses nothing');
    assert.equal(wrong.location, verifyPath);
    const shown = await signedIn.follow(wrong);
    assert.equal(shown.status, 422);
    assert.match(shown.body, /id="code-error"/);
  });

  it('on a shared computer: say who is signed in, offer "not you?", focus the code box, forget the language with the session', async () => {
    const { client, code } = await onCodePage('delad@example.se', '070-400 00 40');
    const entry = await client.get('/sign-in/code/enter');
    assert.match(entry.body, /id="code"[^>]* autofocus/, 'the code box is focused');
    const chosen = await client.get('/language/en?return_to=/sign-in/code/enter');
    assert.doesNotMatch(chosen.setCookies.find((c) => c.startsWith('ek_lang=')) ?? 'none', /Max-Age/, 'chosen on the code journey: a browser-session cookie');
    // Chosen before, for a year; a code sign-in makes it last only the browser session.
    client.jar.set('ek_lang', 'en');
    const signedIn = await client.post('/sign-in/code/enter', { code });
    assert.equal(signedIn.location, '/account');
    const lang = signedIn.setCookies.find((c) => c.startsWith('ek_lang='));
    assert.ok(lang, 'the language cookie is set again');
    assert.doesNotMatch(lang, /Max-Age|Expires/);
    for (const path of ['/sign-in', '/sign-in/code']) {
      const page = await client.get(path);
      assert.match(page.body, /Signed in as d•••@example\.se\. Not you\? <form method="post" action="\/sign-out"/, path);
      assert.doesNotMatch(page.body, /delad@example\.se/, `${path}: the address is not shown in full`);
    }
    assert.doesNotMatch((await client.get('/sign-in?reason=reauthenticate')).body, /Not you\?/, 'not when signing in again as oneself');
    assert.doesNotMatch((await pageClient(t).get('/sign-in')).body, /Not you\?/);
  });

  it('show times in the zone of the person\'s number, and the account\'s creation in the activity list', async () => {
    const { client, code } = await onCodePage('helsinki@example.fi', '040 765 4321', 'FI');
    await client.post('/sign-in/code/enter', { code });
    const activity = await client.get('/account/activity');
    assert.match(activity.body, /Konto skapat/);
    // The test clock stands a little after 09:00 UTC: 11 o'clock in Helsinki, 10 in Stockholm.
    assert.match(activity.body, /<time datetime="2026-01-01T09:\d\d:\d\d.000Z" data-local="datetime">1 jan\. 2026 11:\d\d<\/time>/);
    assert.doesNotMatch(activity.body, /2026 10:\d\d/);
    assert.match((await client.get('/account/sessions')).body, /1 jan\. 2026 11:\d\d/);
  });
});
