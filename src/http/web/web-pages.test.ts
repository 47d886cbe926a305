import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { solveChallenge } from 'altcha-lib/v1';
import { provenAccount } from '../../../test/helpers/accounts.ts';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { pageClient, type PageReply } from '../../../test/helpers/page-client.ts';
import { PRODUCTION_ENV, startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

/**
 * The pages over HTTP without a browser: headers, cookies, CSRF, sessions, languages and
 * the edges the browser tests (test/e2e/web-journey.test.ts) do not reach.
 */

const PASSWORD = 'en lång mening om hästar';
const cookieNamed = (reply: PageReply, name: string) => reply.setCookies.find((c) => c.startsWith(`${name}=`));

/** An account whose address is proven, signed in on this client with its password (sign-up itself: email-pages.test.ts). */
async function createAccount(t: TestApp, client: ReturnType<typeof pageClient>, email: string): Promise<PageReply> {
  await provenAccount(t, email, PASSWORD);
  return client.submit('/sign-in', '/sign-in', { email, password: PASSWORD });
}

const signUp = (client: ReturnType<typeof pageClient>, email: string): Promise<PageReply> =>
  client.submit('/create-account', '/create-account', { email, password: PASSWORD });

describe('the pages over plain http (development)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '100000' });
  });
  after(() => t.close());

  it('serve every page with a strict CSP, no framing, no caching and a same-origin referrer policy', async () => {
    for (const url of ['/sign-in', '/sign-in/code', '/create-account', '/dev/sms', '/dev/mail']) {
      const reply = await pageClient(t).get(url);
      assert.equal(reply.status, 200, url);
      const csp = String(reply.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /style-src 'self'(;|$)/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(reply.headers['x-frame-options'], 'DENY');
      assert.equal(reply.headers['cache-control'], 'no-store');
      assert.equal(reply.headers['referrer-policy'], 'same-origin');
      assert.equal(reply.headers['x-content-type-options'], 'nosniff');
      assert.doesNotMatch(reply.body, /<script>|<style>| style="| on[a-z]+="/, `${url}: no inline code`);
    }
  });

  it('serve the stylesheet and script from /assets under content-hashed names, cached for a year', async () => {
    const page = await pageClient(t).get('/sign-in');
    const css = /href="(\/assets\/site\.[0-9a-f]{12}\.css)"/.exec(page.body)?.[1];
    const js = /src="(\/assets\/site\.[0-9a-f]{12}\.js)"/.exec(page.body)?.[1];
    assert.ok(css && js);
    for (const [url, type] of [[css, /^text\/css/], [js, /^text\/javascript/]] as const) {
      const reply = await t.app.server.inject({ method: 'GET', url });
      assert.equal(reply.statusCode, 200);
      assert.match(String(reply.headers['content-type']), type);
      assert.match(String(reply.headers['cache-control']), /immutable/);
    }
    assert.equal((await t.app.server.inject({ method: 'GET', url: '/assets/site.000000000000.css' })).statusCode, 404);
  });

  it('set cookies HttpOnly and SameSite=Lax under plain names without Secure, which browsers refuse over http', async () => {
    const client = pageClient(t);
    const page = await client.get('/sign-in');
    const csrf = cookieNamed(page, 'ek_csrf');
    assert.ok(csrf);
    assert.match(csrf, /; Path=\/; HttpOnly; SameSite=Lax$/);
    const created = await createAccount(t, client, 'plain@example.se');
    assert.equal(created.status, 303);
    assert.equal(created.location, '/account');
    const session = cookieNamed(created, 'ek_session');
    assert.ok(session);
    assert.doesNotMatch(session, /Secure|Max-Age|Expires|Domain/);
    assert.ok(!created.setCookies.some((c) => c.startsWith('__Host-')));
  });

  it('make a new session at every sign-in and revoke the one this browser had before', async () => {
    const client = pageClient(t);
    await createAccount(t, client, 'rotate@example.se');
    const first = client.jar.get('ek_session');
    const signedIn = await client.submit('/sign-in', '/sign-in', { email: 'rotate@example.se', password: PASSWORD });
    assert.equal(signedIn.status, 303);
    const second = client.jar.get('ek_session');
    assert.ok(first && second && first !== second);
    assert.equal((await t.app.services.sessions.authenticate(first)).ok, false, 'the old session is revoked');
    assert.equal((await t.app.services.sessions.authenticate(second)).ok, true);
  });

  it('keep a password sign-in across browser restarts only when asked to, until the absolute end', async () => {
    const client = pageClient(t);
    await createAccount(t, client, 'keep@example.se');
    const kept = await client.submit('/sign-in', '/sign-in', { email: 'keep@example.se', password: PASSWORD, keep_signed_in: 'yes' });
    assert.match(cookieNamed(kept, 'ek_session') ?? '', new RegExp(`Max-Age=${t.app.config.session.maxSeconds}$`));
    const notKept = await client.submit('/sign-in', '/sign-in', { email: 'keep@example.se', password: PASSWORD });
    assert.doesNotMatch(cookieNamed(notKept, 'ek_session') ?? '', /Max-Age/);
  });

  it('end the session on the server at sign-out, so a copied cookie stops working', async () => {
    const client = pageClient(t);
    await createAccount(t, client, 'signout@example.se');
    const token = client.jar.get('ek_session');
    assert.ok(token);
    await client.get('/account');
    const out = await client.post('/sign-out', {});
    assert.equal(out.status, 303);
    assert.equal(out.location, '/sign-in?reason=signed_out');
    assert.equal(client.jar.has('ek_session'), false);
    const copied = await t.app.server.inject({ method: 'GET', url: '/account', headers: { cookie: `ek_session=${token}` } });
    assert.equal(copied.statusCode, 303);
    assert.equal(copied.headers.location, '/sign-in?reason=required&return_to=%2Faccount');
  });

  it('refuse a form without the token, with a wrong token, from another origin or from an opaque origin', async () => {
    const client = pageClient(t);
    await client.get('/create-account');
    const fields = { email: 'forged@example.se', password: PASSWORD };
    const attempts = [
      await client.post('/create-account', fields, { csrf: null }),
      await client.post('/create-account', fields, { csrf: 'x'.repeat(43) }),
      await client.post('/create-account', fields, { origin: 'http://localhost:9999' }),
      await client.post('/create-account', fields, { origin: 'null' }),
      await client.post('/create-account', fields, { origin: null, headers: { 'sec-fetch-site': 'cross-site' } }),
      await client.post('/create-account', fields, { origin: null, headers: { referer: 'https://evil.example/page' } }),
    ];
    for (const [i, reply] of attempts.entries()) {
      assert.equal(reply.status, 403, `attempt ${i}`);
      assert.match(reply.body, /Formuläret kunde inte skickas/);
    }
    // A token from one browser is worth nothing with another browser's cookie.
    const other = pageClient(t);
    await other.get('/create-account');
    const borrowed = /name="csrf" value="([^"]+)"/.exec((await client.get('/create-account')).body)?.[1];
    assert.equal((await other.post('/create-account', fields, { csrf: borrowed ?? '' })).status, 403);
    assert.equal(await t.app.storage.accounts.findByEmail('forged@example.se'), undefined, 'no account was made');
    const genuine = await client.post('/create-account', fields);
    assert.equal(genuine.status, 303);
  });

  it('keep the JSON API JSON-only: a form body to /api/ is 415, and a page takes no JSON', async () => {
    const api = await t.app.server.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a%40example.se&password=a+fine+password',
    });
    assert.equal(api.statusCode, 415);
    assert.equal(JSON.parse(api.body).code, 'unsupported_media_type');
    const page = await t.app.server.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/json', accept: 'text/html' }, payload: '{}' });
    assert.equal(page.statusCode, 415);
    assert.match(String(page.headers['content-type']), /^text\/html/);
  });

  it('return after sign-in only to paths on this service', async () => {
    const client = pageClient(t);
    await createAccount(t, client, 'return@example.se');
    const cases: [string, string][] = [
      ['/account/security', '/account/security'],
      ['https://evil.example/', '/account'],
      ['//evil.example/', '/account'],
      ['/\\evil.example', '/account'],
      ['/.//evil.example/x', '/account'],
      ['/a/..//evil.example/x', '/account'],
      ['/%2e//evil.example/x', '/account'],
    ];
    for (const [returnTo, expected] of cases) {
      const reply = await client.submit(`/sign-in?return_to=${encodeURIComponent(returnTo)}`, '/sign-in', { email: 'return@example.se', password: PASSWORD, return_to: returnTo });
      assert.equal(reply.location, expected, returnTo);
    }
    const language = await client.get('/language/en?return_to=https%3A%2F%2Fevil.example');
    assert.equal(language.location, '/');
    for (const returnTo of ['/.//evil.example/phish', '/a/..//evil.example/x', '/%2e//evil.example/x']) {
      const switched = await client.get(`/language/en?return_to=${encodeURIComponent(returnTo)}`);
      assert.equal(switched.location, '/', returnTo);
    }
  });

  it('send a page asked for at another host name to the same path on PUBLIC_URL, and leave the API alone', async () => {
    const other = await t.app.server.inject({ url: '/sign-in?reason=required', headers: { host: '127.0.0.1:3000', accept: 'text/html' } });
    assert.equal(other.statusCode, 307);
    assert.equal(other.headers.location, 'http://localhost:3000/sign-in?reason=required');
    const here = await t.app.server.inject({ url: '/sign-in', headers: { host: 'localhost:3000', accept: 'text/html' } });
    assert.equal(here.statusCode, 200);
    const api = await t.app.server.inject({ url: '/api/v1/regions', headers: { host: '127.0.0.1:3000' } });
    assert.equal(api.statusCode, 200);
  });

  it('send people who are not signed in to sign in, and bring them back', async () => {
    const reply = await pageClient(t).get('/account/security');
    assert.equal(reply.status, 303);
    assert.equal(reply.location, '/sign-in?reason=required&return_to=%2Faccount%2Fsecurity');
    const signIn = await pageClient(t).get(reply.location);
    assert.match(signIn.body, /Logga in för att fortsätta\./);
    assert.match(signIn.body, /name="return_to" value="\/account\/security"/);
  });

  it('answer unknown paths with an HTML page for browsers and problem+json for everyone else', async () => {
    const page = await pageClient(t).get('/no-such-page');
    assert.equal(page.status, 404);
    assert.match(page.body, /Sidan hittades inte/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
    const api = await t.app.server.inject({ method: 'GET', url: '/no-such-page' });
    assert.equal(api.statusCode, 404);
    assert.equal(JSON.parse(api.body).code, 'not_found');
  });

  it('speak Swedish by default, English when the browser asks, and the switcher’s choice over both', async () => {
    assert.match((await pageClient(t).get('/sign-in')).body, /<html lang="sv">[\s\S]*Hämta en engångskod att logga in med/);
    const english = pageClient(t, { acceptLanguage: 'en-GB,en;q=0.9' });
    assert.match((await english.get('/sign-in')).body, /<html lang="en">[\s\S]*Get a one-time code to sign in with/);
    const switched = await english.get('/language/sv?return_to=%2Fsign-in');
    assert.equal(switched.location, '/sign-in');
    assert.match(cookieNamed(switched, 'ek_lang') ?? '', /^ek_lang=sv; .*Max-Age=31536000/);
    assert.match((await english.get('/sign-in')).body, /<html lang="sv">/);
    assert.equal((await english.get('/language/de')).status, 404);
  });

  it('text the code in the language of the page that asked for it', async () => {
    const api = apiClient(t);
    await api.accountWithVerifiedPhone('lang@example.se', 'SE', '070-200 00 01');
    const english = pageClient(t, { acceptLanguage: 'en' });
    const sent = await english.submit('/sign-in/code', '/sign-in/code', { email: 'lang@example.se', region: 'SE', number: '070-200 00 01' });
    assert.equal(sent.location, '/sign-in/code/enter');
    assert.match(await api.latestText('+46702000001'), /^Your one-time code to sign in is \d{8}\./);
  });

  it('answer a code request alike whether or not the email and number match, and show the same code page', async () => {
    const api = apiClient(t);
    await api.accountWithVerifiedPhone('alike@example.se', 'SE', '070-200 00 02');
    const pages: string[] = [];
    for (const email of ['alike@example.se', 'nobody@example.se']) {
      const client = pageClient(t);
      const reply = await client.submit('/sign-in/code', '/sign-in/code', { email, region: 'SE', number: '070-200 00 02' });
      assert.equal(reply.status, 303);
      assert.equal(reply.location, '/sign-in/code/enter');
      const page = await client.get('/sign-in/code/enter');
      pages.push(page.body.replace(email, 'EMAIL').replace(/name="csrf" value="[^"]+"/g, ''));
    }
    assert.equal(pages[0], pages[1]);
    // The general note on the daily limit, never a count: a count would tell a stranger how often the holder asked.
    assert.match(pages[0] ?? '', /Det finns en gräns för hur många gånger du kan begära en kod per dag\./);
    assert.doesNotMatch(pages[0] ?? '', /\d+ koder till/);
  });

  it('escape what people typed when a form is shown again', async () => {
    const client = pageClient(t);
    const reply = await client.follow(await client.submit('/create-account', '/create-account', { email: '"><script>alert(1)</script>', password: PASSWORD }));
    assert.equal(reply.status, 422);
    assert.doesNotMatch(reply.body, /<script>alert/);
    assert.match(reply.body, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.match(reply.body, /aria-describedby="email-error"/);
  });

  it('refuse a form field that is repeated or too long as unreadable, not as a crash', async () => {
    const client = pageClient(t);
    await client.get('/sign-in/code');
    const repeated = await client.post('/sign-in/code?x', {}, { headers: {} });
    assert.equal(repeated.status, 303);
    assert.equal((await client.get('/sign-in/code')).status, 422, 'missing fields are empty fields');
    const token = /name="csrf" value="([^"]+)"/.exec((await client.get('/sign-in/code')).body)?.[1] ?? '';
    const raw = await t.app.server.inject({
      method: 'POST',
      url: '/sign-in/code',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.app.config.publicUrl.origin, cookie: [...client.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      payload: `csrf=${token}&email=a%40example.se&email=b%40example.se&region=SE&number=0701234567`,
    });
    assert.equal(raw.statusCode, 400);
    assert.match(raw.body, /Formuläret kunde inte läsas/);
  });
});

describe('the sign-in page after repeated wrong passwords', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ PASSWORD_FREE_FAILURES: '1' });
  });
  after(() => t.close());

  it('says sign-in waits a while and when to try again, instead of the wrong-password message', async () => {
    const client = pageClient(t);
    await createAccount(t, client, 'slow@example.se');
    for (let i = 0; i < 2; i++) {
      const posted = await client.submit('/sign-in', '/sign-in', { email: 'slow@example.se', password: 'not the password' });
      assert.equal(posted.status, 303, 'Post/Redirect/Get: a reload sends no second password');
      const wrong = await client.follow(posted);
      assert.equal(wrong.status, 401);
      assert.match(wrong.body, /value="slow@example\.se"/, 'the address is filled in again');
      assert.equal((await client.get('/sign-in')).status, 200, 'a reload shows the form, and posts nothing');
      assert.match(wrong.body, /E-postadressen eller lösenordet stämmer inte\./);
    }
    const paused = await client.follow(await client.submit('/sign-in', '/sign-in', { email: 'slow@example.se', password: PASSWORD }));
    assert.equal(paused.status, 429);
    assert.match(String(paused.headers['retry-after']), /^\d+$/);
    assert.match(paused.body, /Du har försökt logga in för många gånger med fel lösenord\. Du kan försöka igen om \d sekunder?\./);
    assert.match(paused.body, /Du kan logga in med en engångskod i stället\./);
    assert.match(paused.body, /data-error-summary/);
  });
});

describe('the pages over https', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(PRODUCTION_ENV);
  });
  after(() => t.close());

  it('name every cookie with the __Host- prefix, Secure, Path=/ and no Domain, and send HSTS', async () => {
    const client = pageClient(t);
    const page = await client.get('/sign-in');
    assert.match(String(page.headers['strict-transport-security']), /max-age=\d+/);
    const created = await createAccount(t, client, 'secure@example.se');
    assert.equal(created.status, 303);
    const session = cookieNamed(created, '__Host-ek_session');
    assert.ok(session, created.setCookies.join('\n'));
    assert.match(session, /; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    for (const cookie of [...page.setCookies, ...created.setCookies]) {
      assert.match(cookie, /^__Host-ek_/);
      assert.match(cookie, /; Secure/);
      assert.doesNotMatch(cookie, /Domain=/i);
    }
  });

  it('send a page asked for at another host to PUBLIC_URL, except through a local proxy that kept the Host to itself', async () => {
    const www = await t.app.server.inject({ url: '/sign-in', headers: { host: 'www.login.example.se', accept: 'text/html' } });
    assert.equal(www.statusCode, 307);
    assert.equal(www.headers.location, 'https://login.example.se/sign-in');
    const explicitPort = await t.app.server.inject({ url: '/sign-in', headers: { host: 'login.example.se:443', accept: 'text/html' } });
    assert.equal(explicitPort.statusCode, 200);
    const viaProxy = await t.app.server.inject({ url: '/sign-in', headers: { host: '127.0.0.1:3000', accept: 'text/html' } });
    assert.equal(viaProxy.statusCode, 200);
  });

  it('take forms only from its own https origin', async () => {
    const client = pageClient(t, { origin: 'http://login.example.se' });
    await client.get('/create-account');
    assert.equal((await client.post('/create-account', { email: 'downgrade@example.se', password: PASSWORD })).status, 403);
  });
});

describe('the recent-activity page', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '100000' });
  });
  after(() => t.close());

  it('lists what happened to the account, when, from where and with which browser, after sign-in only', async () => {
    const client = pageClient(t);
    assert.equal((await client.get('/account/activity')).status, 303, 'signed out: sent to sign in');
    await createAccount(t, client, 'sidor@example.se');
    t.clock.advanceSeconds(1);
    // A wrong password from elsewhere shows up on the owner's page.
    await apiClient(t).post('/api/v1/sessions', { email: 'sidor@example.se', password: 'not it at all' }, { ip: '203.0.113.9', headers: { 'user-agent': 'Elsewhere/1.0' } });
    const overview = await client.get('/account');
    assert.match(overview.body, /href="\/account\/activity"/);
    const page = await client.get('/account/activity');
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>Senaste aktivitet<\/h1>/);
    // An agent not recognised shows as reported.
    assert.match(page.body, /Fel lösenord<\/td><td><span class="nowrap">203\.0\.113\.9<\/span><br><span class="muted">Elsewhere\/1\.0<\/span>/);
    t.clock.advanceSeconds(1);
    await apiClient(t).post('/api/v1/sessions', { email: 'sidor@example.se', password: PASSWORD }, { ip: '203.0.113.10' });
    const later = await client.get('/account/activity');
    assert.ok(later.body.indexOf('Inloggning, med lösenord') < later.body.indexOf('Fel lösenord'), 'newest first');
    // More wrong passwords that day from elsewhere: one line, with how many and from where.
    for (const ip of ['203.0.113.11', '203.0.113.12']) {
      await apiClient(t).post('/api/v1/sessions', { email: 'sidor@example.se', password: 'still not it' }, { ip, headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' } });
    }
    const grouped = await client.get('/account/activity');
    assert.match(grouped.body, /3 felaktiga lösenord, från 3 adresser<\/td><td><span class="muted">senast<\/span> <span class="nowrap">203\.0\.113\.12<\/span><br><span class="muted">Chrome 131 på Windows<\/span>/);
    assert.doesNotMatch(grouped.body, /Fel lösenord</);
    assert.equal(page.headers['cache-control'], 'no-store');
  });
});

describe('the create-account page past the sign-up limit', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ SIGNUP_IP_LIMIT_PER_HOUR: '2' });
  });
  after(() => t.close());

  it('answers 429 with Retry-After and says, in words, that there is a limit and when to try again', async () => {
    for (const email of ['limit1@example.se', 'limit2@example.se']) assert.equal((await signUp(pageClient(t), email)).status, 303);
    const svClient = pageClient(t);
    const sv = await svClient.follow(await signUp(svClient, 'limit3@example.se'));
    assert.equal(sv.status, 429);
    assert.ok(Number(sv.headers['retry-after']) > 0);
    assert.match(sv.body, /Många konton har skapats härifrån/);
    assert.match(sv.body, /value="limit3@example.se"/, 'what was typed is kept');
    const enClient = pageClient(t, { acceptLanguage: 'en' });
    const en = await enClient.follow(await signUp(enClient, 'limit4@example.se'));
    assert.equal(en.status, 429);
    assert.match(en.body, /Many accounts have been created from here/);
  });
});

describe('the code request page past the free allowance (proof of work)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '1', POW_MAX_NUMBER: '1000' });
  });
  after(() => t.close());

  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const ask = (client: ReturnType<typeof pageClient>, number: string, extra: Record<string, string> = {}) =>
    client.submit('/sign-in/code', '/sign-in/code', { email: 'skola@example.se', region: 'SE', number, ...extra });

  it('shows the widget with a challenge, its scripts from our own origin, and without script the wait message', async () => {
    const client = pageClient(t);
    assert.equal((await ask(client, '070-300 00 01')).status, 303);
    const page = await ask(client, '070-300 00 02');
    assert.equal(page.status, 429);
    assert.ok(Number(page.headers['retry-after']) > 0);
    const challenge = JSON.parse(unescape(/<altcha-widget challenge="([^"]+)"/.exec(page.body)?.[1] ?? '{}'));
    assert.equal(challenge.algorithm, 'SHA-256');
    assert.equal(challenge.maxnumber, 1000);
    assert.match(page.body, /name="altcha"/);
    assert.match(page.body, /value="070-300 00 02"/, 'what was typed is kept, so the form can go again by itself');
    // What applies is the network's hourly allowance, not the day's limit, and when it opens
    // again is said as the other limit pages say it: 10:00 in Stockholm on the test clock.
    assert.match(page.body, /<noscript><p>Det kräver JavaScript, som är avstängt i din webbläsare\. Utan det går det inte att begära fler koder från det här nätverket förrän timmen har gått\. Du kan försöka igen om 1 timme, klockan 11:00\.<\/p><\/noscript>/);
    assert.doesNotMatch(page.body, /per dag/);
    const finnish = await client.submit('/sign-in/code', '/sign-in/code', { email: 'skola@example.se', region: 'FI', number: '040 123 4567' });
    assert.match(finnish.body, /Du kan försöka igen om 1 timme, klockan 12:00\./, 'in the zone of the number’s region, as the code page says its times');
    // Scripts and worker are our own files: the page's CSP is the usual strict one.
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'(;|$)/);
    const urls = [...page.body.matchAll(/(?:src|href|data-worker)="(\/assets\/(?:altcha|pow)[^"]+)"/g)].map((m) => m[1]!);
    assert.deepEqual(urls.map((u) => u.replace(/\.[0-9a-f]{12}\./, '.')).sort(), ['/assets/altcha-sha.js', '/assets/altcha-sv.js', '/assets/altcha.css', '/assets/altcha.js', '/assets/pow.js']);
    for (const url of urls) assert.equal((await t.app.server.inject({ method: 'GET', url })).statusCode, 200, url);
    assert.doesNotMatch(page.body, /<script>|<style>| style="| on[a-z]+="/, 'no inline code');
  });

  it('sends the code once the form comes back with the solved proof', async () => {
    const client = pageClient(t, { acceptLanguage: 'en' });
    const page = await ask(client, '070-300 00 03');
    assert.equal(page.status, 429);
    assert.doesNotMatch(page.body, /altcha-sv/, 'the Swedish texts of the widget only on Swedish pages');
    assert.match(page.body, /<noscript><p>[^<]*from this network until the hour is up\. You can try again in 1 hour, at 11:00\.<\/p>/);
    const challenge = JSON.parse(unescape(/<altcha-widget challenge="([^"]+)"/.exec(page.body)?.[1] ?? '{}'));
    const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
    assert.ok(solution);
    const altcha = Buffer.from(JSON.stringify({ algorithm: challenge.algorithm, challenge: challenge.challenge, number: solution.number, salt: challenge.salt, signature: challenge.signature })).toString('base64');
    const sent = await client.post('/sign-in/code', { email: 'skola@example.se', region: 'SE', number: '070-300 00 03', altcha });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, '/sign-in/code/enter');

    // "Send a new code" past the allowance: the request form, filled in from the journey, with a new challenge.
    await client.get('/sign-in/code/enter');
    const again = await client.post('/sign-in/code/resend', {});
    assert.equal(again.status, 429);
    assert.match(again.body, /<altcha-widget challenge="/);
    assert.match(again.body, /action="\/sign-in\/code"/);
    assert.match(again.body, /value="070-300 00 03"/);
  });
});
