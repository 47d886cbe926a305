import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { provenAccount } from '../../../test/helpers/accounts.ts';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { latestMailCode, latestMailLink } from '../../../test/helpers/mail.ts';
import { pageClient, type PageReply } from '../../../test/helpers/page-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

/**
 * The pages of issue 18 over HTTP without a browser: sign-up that proves the address, the
 * mail's link, "send the code again", the unproven sign-in, and "Glömt lösenordet?" by mail
 * and by text. The browser journey is test/e2e/email-journey.test.ts.
 */

const PASSWORD = 'en lång mening om hästar';
const NEW_PASSWORD = 'ett nytt och minst lika långt lösenord';
type Client = ReturnType<typeof pageClient>;

const signUp = (client: Client, email: string, password = PASSWORD): Promise<PageReply> =>
  client.submit('/create-account', '/create-account', { email, password });

/** A page with what differs between browsers and addresses taken out. */
const comparable = (body: string, email: string) =>
  // The address appears as typed, in links, and twice encoded in the language switcher's return_to.
  [email, encodeURIComponent(email), encodeURIComponent(encodeURIComponent(email))]
    .reduce((page, form) => page.replaceAll(form, 'EMAIL'), body)
    .replace(/name="csrf" value="[^"]+"/g, '');

const fieldIds = (body: string) => [...body.matchAll(/<li><a href="#([a-z_]+)">/g)].map((m) => m[1]);

describe('proving the address at sign-up', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '100000' });
  });
  after(() => t.close());

  it('sends the browser to the code page, and the code from the mail proves the address and signs in', async () => {
    const client = pageClient(t);
    const created = await signUp(client, 'ny@example.se');
    assert.equal(created.status, 303);
    assert.equal(created.location, '/verify-email?email=ny%40example.se');
    assert.equal(client.jar.has('ek_session'), false, 'not signed in before the address is proven');

    const page = await client.get(created.location);
    assert.equal(page.status, 200);
    assert.match(page.body, /Vi har skickat ett mejl till ny@example\.se\./);
    assert.match(page.body, /<input type="hidden" name="email" value="ny@example\.se">/);
    const box = /<input class="input input--code"[^>]*>/.exec(page.body)?.[0] ?? '';
    for (const attribute of ['type="text"', 'inputmode="numeric"', 'autocomplete="one-time-code"', 'pattern="[0-9\\s\\-]{8,16}"', 'maxlength="16"']) assert.ok(box.includes(attribute), attribute);
    assert.match(page.body, /Koden gäller i 10 minuter och kan bara användas en gång\./);
    assert.match(page.body, /action="\/verify-email\/resend"[\s\S]*Skicka koden igen/);

    const code = await latestMailCode(t, 'ny@example.se');
    // Typed as people copy it from a mail: with a space in the middle.
    const verified = await client.post('/verify-email', { email: 'ny@example.se', code: `${code.slice(0, 4)} ${code.slice(4)}` });
    assert.equal(verified.status, 303);
    assert.equal(verified.location, '/account');
    assert.ok(client.jar.get('ek_session'));
    assert.match((await client.get('/account')).body, /ny@example\.se/);
    assert.notEqual((await t.app.storage.accounts.findByEmail('ny@example.se'))?.emailVerifiedAt, null);
    // The password chosen at sign-up signs in from now on.
    assert.equal((await pageClient(t).submit('/sign-in', '/sign-in', { email: 'ny@example.se', password: PASSWORD })).location, '/account');
  });

  it('answers a taken address exactly as a new one: the same redirect and the same page', async () => {
    await provenAccount(t, 'upptagen@example.se', PASSWORD);
    const pages: string[] = [];
    const statuses: (number | string | undefined)[] = [];
    for (const email of ['upptagen@example.se', 'helt-ny@example.se']) {
      const client = pageClient(t);
      const created = await signUp(client, email, 'ett annat fint lösenord');
      statuses.push(created.status, created.location?.replace(encodeURIComponent(email), 'EMAIL'));
      pages.push(comparable((await client.get(created.location ?? '')).body, email));
    }
    assert.deepEqual(statuses.slice(0, 2), statuses.slice(2));
    assert.equal(pages[0], pages[1]);
  });

  it('opens the mail’s link as a filled-in form that changes nothing until the person confirms', async () => {
    const client = pageClient(t);
    await signUp(client, 'lank@example.se');
    const code = await latestMailCode(t, 'lank@example.se');
    const link = await latestMailLink(t, 'lank@example.se', '/verify-email');
    const opened = await pageClient(t).get(link);
    assert.equal(opened.status, 200);
    assert.match(opened.body, new RegExp(`id="code" name="code" type="text" value="${code}"`));
    assert.match(opened.body, /Kontrollera att koden är den i mejlet till lank@example\.se och välj Bekräfta\./);
    assert.ok(!opened.setCookies.some((c) => c.startsWith('ek_session=')));
    assert.equal((await t.app.storage.accounts.findByEmail('lank@example.se'))?.emailVerifiedAt, null, 'a GET (a mail scanner) proves nothing');

    const confirmed = await client.post('/verify-email', { email: 'lank@example.se', code });
    assert.equal(confirmed.location, '/account');
  });

  it('answers a wrong code with one friendly message and keeps the form; empty fields get every error at once', async () => {
    const client = pageClient(t);
    await signUp(client, 'fel@example.se');
    const code = await latestMailCode(t, 'fel@example.se');
    const posted = await client.post('/verify-email', { email: 'fel@example.se', code: code.replace(/\d$/, (d) => String((Number(d) + 1) % 10)) });
    assert.equal(posted.location, '/verify-email?email=fel%40example.se', 'Post/Redirect/Get: a reload guesses nothing');
    const wrong = await client.follow(posted);
    assert.equal(wrong.status, 422);
    assert.match(wrong.body, /data-error-summary/);
    assert.match(wrong.body, /Koden är fel, redan använd eller har gått ut\./);
    assert.match(wrong.body, /aria-describedby="code-hint code-error" aria-invalid="true"/);
    assert.match(wrong.body, /<input type="hidden" name="email" value="fel@example\.se">/);
    assert.equal(wrong.setCookies.some((c) => c.startsWith('ek_session=')), false);

    const empty = await client.follow(await client.post('/verify-email', { email: '', code: '' }));
    assert.equal(empty.status, 422);
    assert.deepEqual(fieldIds(empty.body), ['email', 'code']);

    assert.equal((await client.post('/verify-email', { email: 'fel@example.se', code })).location, '/account', 'the right code still works');
  });

  it('sends the code again on request, answered alike for every address, and the newest code works', async () => {
    const client = pageClient(t);
    await signUp(client, 'igen@example.se');
    const first = await latestMailCode(t, 'igen@example.se');
    t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    await client.get('/verify-email?email=igen%40example.se');
    const resent = await client.post('/verify-email/resend', { email: 'igen@example.se' });
    assert.equal(resent.status, 303);
    assert.equal(resent.location, '/verify-email?email=igen%40example.se&sent=again');
    const page = await client.get(resent.location ?? '');
    assert.match(page.body, /role="status"><p>Om adressen väntar på att bekräftas har vi skickat en ny kod till den\./);
    const newest = await latestMailCode(t, 'igen@example.se');
    assert.notEqual(newest, first);

    const unknown = await pageClient(t).submit('/verify-email?email=ingen%40example.se', '/verify-email/resend', { email: 'ingen@example.se' });
    assert.equal(unknown.status, 303);
    assert.equal(unknown.location, '/verify-email?email=ingen%40example.se&sent=again');

    assert.equal((await client.post('/verify-email', { email: 'igen@example.se', code: newest })).location, '/account');
  });

  it('tells whoever knows the password that the address is not proven, with a new code a press away', async () => {
    const client = pageClient(t);
    await signUp(client, 'obekraftad@example.se');
    const refused = await client.follow(await client.submit('/sign-in', '/sign-in', { email: 'obekraftad@example.se', password: PASSWORD }));
    assert.equal(refused.status, 403);
    assert.match(refused.body, /Din e-postadress är inte bekräftad ännu\. Ange koden i mejlet vi skickade till obekraftad@example\.se/);
    assert.match(refused.body, /action="\/verify-email\/resend"[^>]*>\s*<input type="hidden" name="csrf"[^>]*>\s*<input type="hidden" name="email" value="obekraftad@example\.se"><button[^>]*>Skicka en ny kod<\/button>/);
    assert.match(refused.body, /href="\/verify-email\?email=obekraftad%40example\.se">Ange koden från mejlet<\/a>/);
    assert.equal(refused.setCookies.some((c) => c.startsWith('ek_session=')), false);

    const wrongPassword = await client.follow(await client.submit('/sign-in', '/sign-in', { email: 'obekraftad@example.se', password: 'inte lösenordet alls' }));
    assert.equal(wrongPassword.status, 401, 'a wrong password learns nothing about the address');
    assert.doesNotMatch(wrongPassword.body, /inte bekräftad/);

    t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    const resent = await client.post('/verify-email/resend', { email: 'obekraftad@example.se' });
    assert.equal(resent.location, '/verify-email?email=obekraftad%40example.se&sent=again');
    const code = await latestMailCode(t, 'obekraftad@example.se');
    assert.equal((await client.post('/verify-email', { email: 'obekraftad@example.se', code })).location, '/account');
  });

  it('speaks English on the code page when the browser asks', async () => {
    const client = pageClient(t, { acceptLanguage: 'en' });
    const created = await signUp(client, 'english@example.se');
    const page = await client.get(created.location ?? '');
    assert.match(page.body, /<html lang="en">/);
    assert.match(page.body, /We have sent a mail to english@example\.se\./);
    assert.match(page.body, /The code works for 10 minutes and only once\./);
    assert.match(page.body, /Send the code again/);
  });
});

describe('"Glömt lösenordet?"', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '100000' });
  });
  after(() => t.close());

  const ask = (client: Client, fields: Record<string, string>) => client.submit('/forgot-password', '/forgot-password', fields);

  it('is linked from the sign-in page and offers the code by mail or by text, with only the offered places', async () => {
    const signIn = await pageClient(t).get('/sign-in');
    assert.match(signIn.body, /<a href="\/forgot-password">Glömt lösenordet\?<\/a>/);
    const page = await pageClient(t).get('/forgot-password');
    assert.equal(page.status, 200);
    assert.match(page.body, /<legend>Vart ska vi skicka koden\?<\/legend>/);
    assert.match(page.body, /type="radio" value="mail"[^>]*>\s*<label for="via-mail">E-post<\/label>/);
    assert.match(page.body, /type="radio" value="text"[^>]*>\s*<label for="via-text">Textmeddelande<\/label>/);
    const offered = [...page.body.matchAll(/<option value="([A-Z]{2})"/g)].map((m) => m[1]);
    assert.deepEqual(offered, [...t.app.config.regions]);
    const english = await pageClient(t, { acceptLanguage: 'en' }).get('/sign-in');
    assert.match(english.body, /Forgot your password\?/);
  });

  it('sets a new password with a code by mail, ends every session, and the old password stops working', async () => {
    await provenAccount(t, 'glomsk@example.se', PASSWORD);
    const elsewhere = pageClient(t);
    assert.equal((await elsewhere.submit('/sign-in', '/sign-in', { email: 'glomsk@example.se', password: PASSWORD })).location, '/account');

    const client = pageClient(t);
    const asked = await ask(client, { email: 'glomsk@example.se', via: 'mail' });
    assert.equal(asked.status, 303);
    assert.equal(asked.location, '/forgot-password/code?email=glomsk%40example.se&via=mail');
    const page = await client.get(asked.location ?? '');
    assert.match(page.body, /Om glomsk@example\.se är en bekräftad adress till ett konto har vi skickat en kod med e-post till den\./);
    assert.match(page.body, /autocomplete="new-password"/);
    assert.match(page.body, /autocomplete="one-time-code"/);
    const code = await latestMailCode(t, 'glomsk@example.se');

    const weak = await client.follow(await client.post('/forgot-password/code', { email: 'glomsk@example.se', via: 'mail', code, password: 'kort' }));
    assert.equal(weak.status, 422);
    assert.match(weak.body, /id="password-error"[^>]*>.*Lösenordet måste ha minst 8 tecken\./);
    assert.match(weak.body, new RegExp(`value="${code}"`), 'the code is kept');
    assert.doesNotMatch(weak.body, /value="kort"/, 'the password never is');

    const wrong = await client.follow(await client.post('/forgot-password/code', { email: 'glomsk@example.se', via: 'mail', code: code.replace(/^\d/, (d) => String((Number(d) + 1) % 10)), password: NEW_PASSWORD }));
    assert.equal(wrong.status, 401);
    assert.match(wrong.body, /id="code-error"[^>]*>.*Koden är fel, redan använd eller har gått ut\./);
    assert.ok(!wrong.body.includes(NEW_PASSWORD));

    const done = await client.post('/forgot-password/code', { email: 'glomsk@example.se', via: 'mail', code, password: NEW_PASSWORD });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/sign-in?reset=1');
    assert.match((await client.get('/sign-in?reset=1')).body, /Ditt lösenord är ändrat\. Logga in med det nya\./);

    assert.equal((await elsewhere.get('/account')).status, 303, 'the session from before is ended');
    assert.equal((await client.follow(await client.submit('/sign-in', '/sign-in', { email: 'glomsk@example.se', password: PASSWORD }))).status, 401);
    assert.equal((await client.submit('/sign-in', '/sign-in', { email: 'glomsk@example.se', password: NEW_PASSWORD })).location, '/account');

    const activity = await client.get('/account/activity');
    assert.match(activity.body, /Kod för nytt lösenord begärd, med e-post/);
    assert.match(activity.body, /Nytt lösenord valt/);
  });

  it('sends the code by text to a confirmed number of the account, and says alike when nothing matched', async () => {
    const account = await provenAccount(t, 'sms@example.se', PASSWORD);
    assert.ok(account.ok);
    const now = t.clock.now();
    await t.app.storage.phones.insert({ id: randomUUID(), accountId: account.value.id, region: 'SE', e164: '+46702220001', verifiedAt: now, createdAt: now });

    const client = pageClient(t, { acceptLanguage: 'en' });
    const asked = await ask(client, { email: 'sms@example.se', via: 'text', region: 'SE', number: '070-222 00 01' });
    assert.equal(asked.location, '/forgot-password/code?email=sms%40example.se&via=text');
    const page = await client.get(asked.location ?? '');
    assert.match(page.body, /If the details match a confirmed mobile number on the account sms@example\.se, we have sent a code to the number by text message\./);
    const code = await apiClient(t).latestCode('+46702220001');

    // A number not on the account: the same next page, and no text.
    const other = await ask(pageClient(t, { acceptLanguage: 'en' }), { email: 'sms@example.se', via: 'text', region: 'SE', number: '070-222 00 02' });
    assert.equal(other.location, asked.location);
    assert.deepEqual(await apiClient(t).texts('+46702220002'), []);

    const done = await client.post('/forgot-password/code', { email: 'sms@example.se', via: 'text', code, password: NEW_PASSWORD });
    assert.equal(done.location, '/sign-in?reset=1');
    assert.match((await client.get('/sign-in?reset=1')).body, /Your password has been changed\. Sign in with the new one\./);
    assert.equal((await client.submit('/sign-in', '/sign-in', { email: 'sms@example.se', password: NEW_PASSWORD })).location, '/account');
  });

  it('answers an unknown address as a known one', async () => {
    await provenAccount(t, 'kand@example.se', PASSWORD);
    const pages: string[] = [];
    for (const email of ['kand@example.se', 'okand@example.se']) {
      const client = pageClient(t);
      const asked = await ask(client, { email, via: 'mail' });
      assert.equal(asked.status, 303);
      pages.push(comparable((await client.get(asked.location ?? '')).body, email));
    }
    assert.equal(pages[0], pages[1]);
  });

  it('shows every field’s error at once, and keeps what was typed', async () => {
    const client = pageClient(t);
    const nothing = await client.follow(await ask(client, { email: 'inte en adress' }));
    assert.equal(nothing.status, 422);
    assert.deepEqual(fieldIds(nothing.body), ['email', 'via']);
    assert.match(nothing.body, /value="inte en adress"/);
    assert.match(nothing.body, /Välj om vi ska skicka koden med e-post eller i ett textmeddelande\./);

    const badNumber = await client.follow(await ask(client, { email: 'inte en adress', via: 'text', region: 'SE', number: '12' }));
    assert.equal(badNumber.status, 422);
    assert.deepEqual(fieldIds(badNumber.body), ['email', 'number']);
    assert.match(badNumber.body, /value="text" checked/);

    await client.get('/forgot-password/code?email=a%40example.se&via=mail');
    const empty = await client.follow(await client.post('/forgot-password/code', { email: 'a@example.se', via: 'mail', code: '', password: 'kort' }));
    assert.equal(empty.status, 422);
    assert.deepEqual(fieldIds(empty.body), ['code', 'password']);
  });
});

describe('"Glömt lösenordet?" past the free allowance (proof of work)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '1', POW_MAX_NUMBER: '1000' });
  });
  after(() => t.close());

  it('shows the widget in the form, and without script the wait', async () => {
    const client = pageClient(t);
    assert.equal((await client.submit('/forgot-password', '/forgot-password', { email: 'pow@example.se', via: 'mail' })).status, 303);
    const page = await client.submit('/forgot-password', '/forgot-password', { email: 'pow@example.se', via: 'mail' });
    assert.equal(page.status, 429);
    assert.ok(Number(page.headers['retry-after']) > 0);
    assert.match(page.body, /action="\/forgot-password"[\s\S]*<altcha-widget challenge="[^"]+" name="altcha"[\s\S]*<\/form>/);
    assert.match(page.body, /<noscript><p>Det kräver JavaScript[^<]*från det här nätverket förrän timmen har gått\. Du kan försöka igen om 1 timme, klockan 11:00\.<\/p>/);
    assert.doesNotMatch(page.body, /per dag/);
    assert.match(page.body, /value="mail" checked/, 'the choice is kept, so the form can go again by itself');
  });
});
