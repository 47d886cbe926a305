import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import type { Clock } from '../lib/clock.ts';
import { KEY_CHECK_MS } from '../oidc/oidc.ts';
import { apiClient } from '../../test/helpers/api-client.ts';
import { serveTestApp, type ServedApp } from '../../test/helpers/browser.ts';
import { httpBrowser, type Loaded } from '../../test/helpers/http-browser.ts';

/**
 * Websites signing people in through us, tested as a website would, with npm openid-client:
 * discovery, the authorization code flow with PKCE, the pages the person passes through
 * (over real HTTP, cookies and all), the ID token and its signature, and sign-out.
 */

const SECRET = 'a-client-secret-of-more-than-32-characters';
const OTHER_SECRET = 'another-client-secret-of-more-than-32-chars';
const PASSWORD = 'correct horse battery staple';
const CALLBACK = 'http://localhost:4999/callback';
const THIRD_PARTY_CALLBACK = 'http://localhost:4998/callback';

const clients = [
  { client_id: 'site', client_secret: SECRET, client_name: 'Our Site', redirect_uris: [CALLBACK], post_logout_redirect_uris: ['http://localhost:4999/'], first_party: true },
  { client_id: 'app', client_secret: SECRET, client_name: 'Our App', redirect_uris: [CALLBACK], first_party: true, refresh_tokens: true },
  { client_id: 'other', client_secret: OTHER_SECRET, client_name: 'Other Shop', redirect_uris: [THIRD_PARTY_CALLBACK], first_party: false },
  { client_id: 'partner', client_secret: OTHER_SECRET, client_name: 'Partner Butiken', redirect_uris: [THIRD_PARTY_CALLBACK], first_party: false, refresh_tokens: true },
];

/** openid-client wraps what went wrong; the cause names the check that failed. */
const causedBy = (pattern: RegExp) => (error: unknown) => pattern.test(String((error as { cause?: { message?: string } }).cause?.message));

/** Real time, which a test may move ahead as a person's typing would. */
const clock: Clock & { aheadMs: number } = { aheadMs: 0, now: () => Date.now() + clock.aheadMs };

describe('OpenID Connect provider', () => {
  let t: ServedApp;
  let site: oidc.Configuration;
  let other: oidc.Configuration;
  let partner: oidc.Configuration;
  let account: Awaited<ReturnType<ReturnType<typeof apiClient>['accountWithVerifiedPhone']>>;
  const email = 'rp-user@example.se';

  before(async () => {
    // The provider keeps real time (its tokens are read by real websites), so the app does too.
    t = await serveTestApp({ OIDC_CLIENTS: JSON.stringify(clients) }, { clock });
    account = await apiClient(t).accountWithVerifiedPhone(email);
    const insecure = { execute: [oidc.allowInsecureRequests] };
    site = await oidc.discovery(new URL(t.base), 'site', undefined, oidc.ClientSecretBasic(SECRET), insecure);
    other = await oidc.discovery(new URL(t.base), 'other', undefined, oidc.ClientSecretBasic(OTHER_SECRET), insecure);
    partner = await oidc.discovery(new URL(t.base), 'partner', undefined, oidc.ClientSecretBasic(OTHER_SECRET), insecure);
  });
  after(async () => t.close());

  /** A fresh authorization request: its URL and the checks the website keeps for the callback. */
  async function authorization(config: oidc.Configuration, extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const redirect = config === other || config === partner ? THIRD_PARTY_CALLBACK : CALLBACK;
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirect,
      scope: 'openid email phone',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    });
    return { url, redirect, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true } };
  }

  const signInWithPassword = (browser: ReturnType<typeof httpBrowser>, page: Loaded, stopAt: string) => {
    assert.match(page.url, /\/sign-in(\?|$)/, `expected the sign-in page, got ${page.url}`);
    return browser.submit(page, '/sign-in', { email, password: PASSWORD }, stopAt);
  };

  it('publishes discovery: the issuer is PUBLIC_URL, code flow only, S256 PKCE only, our scopes and claims', async () => {
    const meta = site.serverMetadata();
    assert.equal(meta.issuer, t.base);
    assert.equal(meta.authorization_endpoint, `${t.base}/oidc/auth`);
    assert.equal(meta.token_endpoint, `${t.base}/oidc/token`);
    assert.equal(meta.jwks_uri, `${t.base}/oidc/jwks`);
    assert.equal(meta.end_session_endpoint, `${t.base}/oidc/session/end`);
    assert.deepEqual(meta.response_types_supported, ['code']);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    for (const scope of ['openid', 'email', 'phone']) assert.ok(meta.scopes_supported?.includes(scope), scope);
    for (const claim of ['sub', 'email', 'phone_number', 'amr', 'acr', 'auth_time']) assert.ok(meta.claims_supported?.includes(claim), claim);
    const jwks = (await (await fetch(`${t.base}/oidc/jwks`)).json()) as { keys: Array<Record<string, unknown>> };
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]?.alg, 'RS256');
    for (const secretPart of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(jwks.keys[0]?.[secretPart], undefined, `the JWKS must not show ${secretPart}`);
  });

  it('refuses an authorization request without PKCE, back at the website with invalid_request', async () => {
    const url = new URL(`${t.base}/oidc/auth`);
    url.search = new URLSearchParams({ client_id: 'site', redirect_uri: CALLBACK, response_type: 'code', scope: 'openid', state: 'abc' }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '');
    assert.equal(location.origin + location.pathname, CALLBACK);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.match(location.searchParams.get('error_description') ?? '', /PKCE/);
  });

  it('signs in with a password and hands back a signed ID token with sub, email, phone, amr pwd, acr and auth_time', async () => {
    const browser = httpBrowser();
    const { url, redirect, checks } = await authorization(site);
    const before = Math.floor(Date.now() / 1000);
    const callback = await signInWithPassword(browser, await browser.go(url.href, redirect), redirect);
    const tokens = await oidc.authorizationCodeGrant(site, new URL(callback.url), checks);
    const claims = tokens.claims();
    assert.ok(claims);
    assert.equal(claims.sub, account.id);
    assert.notEqual(claims.sub, email);
    assert.equal(claims.email, email);
    assert.equal(claims.email_verified, true, 'the address was proven at sign-up');
    assert.equal(claims.phone_number, account.phone.e164);
    assert.equal(claims.phone_number_verified, true);
    assert.deepEqual(claims.amr, ['pwd']);
    assert.equal(claims.acr, 'urn:engangskod:acr:password');
    assert.ok(typeof claims.auth_time === 'number' && claims.auth_time >= before - 1, 'auth_time is the time of this sign-in');
    assert.equal(tokens.refresh_token, undefined, 'refresh tokens are off by default');

    // The signature verifies against the published keys, and a changed token does not.
    const idToken = tokens.id_token ?? '';
    const keys = createRemoteJWKSet(new URL(`${t.base}/oidc/jwks`));
    const verified = await jwtVerify(idToken, keys, { issuer: t.base, audience: 'site' });
    assert.equal(verified.protectedHeader.alg, 'RS256');
    const [header, payload, signature] = idToken.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), sub: 'someone-else' })).toString('base64url');
    await assert.rejects(jwtVerify(`${header}.${forged}.${signature}`, keys, { issuer: t.base, audience: 'site' }));

    const userinfo = await oidc.fetchUserInfo(site, tokens.access_token, account.id);
    assert.equal(userinfo.email, email);
    assert.equal(userinfo.phone_number, account.phone.e164);
  });

  it('signs in with a one-time code from the development inbox: amr says otp and sms', async () => {
    const browser = httpBrowser();
    const { url, redirect, checks } = await authorization(site, { ui_locales: 'en' });
    const signIn = await browser.go(url.href, redirect);
    assert.match(signIn.body, /<html lang="en">/, 'ui_locales=en shows the sign-in page in English');
    const returnTo = new URL(signIn.url).searchParams.get('return_to') ?? '';
    const request = await browser.go(`${t.base}/sign-in/code?return_to=${encodeURIComponent(returnTo)}`);
    const entry = await browser.submit(request, '/sign-in/code', { email, region: account.phone.region, number: account.phone.e164 });
    assert.match(entry.url, /\/sign-in\/code\/enter/);
    const code = await apiClient(t).latestCode(account.phone.e164);
    const callback = await browser.submit(entry, '/sign-in/code/enter', { code }, redirect);
    const tokens = await oidc.authorizationCodeGrant(site, new URL(callback.url), checks);
    assert.deepEqual(tokens.claims()?.amr, ['otp', 'sms']);
    assert.equal(tokens.claims()?.acr, 'urn:engangskod:acr:sms-otp');
  });

  it('names the website on the sign-in page, and "cancel" goes back to it with access_denied', async () => {
    const browser = httpBrowser({ acceptLanguage: 'sv' });
    const { url, redirect } = await authorization(site);
    const page = await browser.go(url.href, redirect);
    assert.match(page.body, /Logga in för att fortsätta till Our Site\./);
    const cancel = /<form method="post" action="([^"]+\/abort)"/.exec(page.body)?.[1] ?? '';
    assert.match(page.body, /Avbryt och gå tillbaka till Our Site/);
    const wrong = await browser.submit(page, '/sign-in', { email, password: 'not the password' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.body, /Avbryt och gå tillbaka till Our Site/, 'still offered after a wrong password');
    const back = await browser.submit(wrong, cancel, {}, redirect);
    assert.equal(new URL(back.url).searchParams.get('error'), 'access_denied');
  });

  it('rejects a callback whose state or nonce is not the one the website sent', async () => {
    const browser = httpBrowser();
    await signInWithPassword(browser, await browser.go(`${t.base}/sign-in`), `${t.base}/account`);
    const first = await authorization(site);
    const callback = await browser.go(first.url.href, first.redirect);
    await assert.rejects(oidc.authorizationCodeGrant(site, new URL(callback.url), { ...first.checks, expectedState: oidc.randomState() }), causedBy(/"state"/));

    const second = await authorization(site);
    const again = await browser.go(second.url.href, second.redirect);
    await assert.rejects(oidc.authorizationCodeGrant(site, new URL(again.url), { ...second.checks, expectedNonce: oidc.randomNonce() }), causedBy(/"nonce"/));
  });

  it('refuses a code with the wrong PKCE verifier, a code used twice, and a code taken to another client', async () => {
    const browser = httpBrowser();
    await signInWithPassword(browser, await browser.go(`${t.base}/sign-in`), `${t.base}/account`);

    const wrongVerifier = await authorization(site);
    const first = await browser.go(wrongVerifier.url.href, wrongVerifier.redirect);
    await assert.rejects(
      oidc.authorizationCodeGrant(site, new URL(first.url), { ...wrongVerifier.checks, pkceCodeVerifier: oidc.randomPKCECodeVerifier() }),
      (e: { error?: string }) => e.error === 'invalid_grant',
    );

    const twice = await authorization(site);
    const second = await browser.go(twice.url.href, twice.redirect);
    await oidc.authorizationCodeGrant(site, new URL(second.url), twice.checks);
    await assert.rejects(oidc.authorizationCodeGrant(site, new URL(second.url), twice.checks), (e: { error?: string }) => e.error === 'invalid_grant');

    const stolen = await authorization(site);
    const third = await browser.go(stolen.url.href, stolen.redirect);
    const code = new URL(third.url).searchParams.get('code') ?? '';
    const response = await fetch(`${t.base}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`other:${OTHER_SECRET}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: THIRD_PARTY_CALLBACK, code_verifier: stolen.checks.pkceCodeVerifier }),
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_grant');
  });

  it('asks a website that is not ours for consent; "do not allow" sends access_denied back, "allow" a code', async () => {
    const browser = httpBrowser({ acceptLanguage: 'sv' });
    const denied = await authorization(other);
    const consent = await signInWithPassword(browser, await browser.go(denied.url.href, denied.redirect), denied.redirect);
    assert.match(consent.body, /Dela dina uppgifter med Other Shop\?/);
    assert.match(consent.body, /Din e-postadress/);
    const back = await browser.submit(consent, new RegExp('action="([^"]*consent)"').exec(consent.body)?.[1] ?? '', { decision: 'deny' }, denied.redirect);
    assert.equal(new URL(back.url).searchParams.get('error'), 'access_denied');

    const allowed = await authorization(other);
    const again = await browser.go(allowed.url.href, allowed.redirect);
    assert.match(again.body, /Other Shop/, 'asked again: nothing was allowed the first time');
    const code = await browser.submit(again, new RegExp('action="([^"]*consent)"').exec(again.body)?.[1] ?? '', { decision: 'allow' }, allowed.redirect);
    const tokens = await oidc.authorizationCodeGrant(other, new URL(code.url), allowed.checks);
    assert.equal(tokens.claims()?.sub, account.id);

    const third = await authorization(other);
    const silent = await browser.go(third.url.href, third.redirect);
    assert.ok(silent.url.startsWith(THIRD_PARTY_CALLBACK), 'once allowed, not asked again');
  });

  /** A person of their own, so what they allow no other test has allowed already. */
  const aPerson = async (name: string, number: string) => ({ email: `${name}@example.se`, ...(await apiClient(t).accountWithVerifiedPhone(`${name}@example.se`, 'SE', number)) });
  const consentAction = (page: Loaded) => new RegExp('action="([^"]*consent)"').exec(page.body)?.[1] ?? '';
  const signInAs = (browser: ReturnType<typeof httpBrowser>, page: Loaded, who: string, stopAt: string, keep = false) => {
    assert.match(page.url, /\/sign-in(\?|$)/, `expected the sign-in page, got ${page.url}`);
    return browser.submit(page, '/sign-in', { email: who, password: PASSWORD, ...(keep ? { keep_signed_in: 'yes' } : {}) }, stopAt);
  };

  it('asks a website that is not ours for consent once: a new browser session and a new sign-in go straight back, and prompt=none signs the person in (issue 23)', async () => {
    const person = await aPerson('returning', '070-123 45 61');
    // 1. Signs in ("keep me signed in") and allows the website.
    const browser = httpBrowser({ acceptLanguage: 'sv' });
    const first = await authorization(other);
    const consent = await signInAs(browser, await browser.go(first.url.href, first.redirect), person.email, first.redirect, true);
    assert.match(consent.body, /Dela dina uppgifter med Other Shop\?/);
    assert.match(consent.body, /Du får bara frågan en gång/);
    const callback = await browser.submit(consent, consentAction(consent), { decision: 'allow' }, first.redirect);
    const claims = (await oidc.authorizationCodeGrant(other, new URL(callback.url), first.checks)).claims();
    assert.equal(claims?.sub, person.id);
    assert.equal(claims?.email, person.email);
    assert.equal(claims?.phone_number, person.phone.e164);
    assert.deepEqual(claims?.amr, ['pwd']);

    // 2. The browser is closed and opened again: still signed in on our pages, the provider's session is gone.
    browser.restart();
    assert.ok(!browser.jar.has('ek_oidc_session'), 'the provider session ended with the browser session');
    const second = await authorization(other);
    const back = await browser.go(second.url.href, second.redirect);
    assert.ok(back.url.startsWith(THIRD_PARTY_CALLBACK), `no consent page the second time, got ${back.url}`);
    assert.equal((await oidc.authorizationCodeGrant(other, new URL(back.url), second.checks)).claims()?.phone_number, person.phone.e164);

    // 3. Silent sign-in.
    const silent = await authorization(other, { prompt: 'none' });
    const code = await browser.go(silent.url.href, silent.redirect);
    assert.equal(new URL(code.url).searchParams.get('error'), null, code.url);
    assert.equal((await oidc.authorizationCodeGrant(other, new URL(code.url), silent.checks)).claims()?.sub, person.id);

    // Another computer: a sign-in of its own, and no question.
    const elsewhere = httpBrowser({ acceptLanguage: 'sv' });
    const third = await authorization(other);
    const there = await signInAs(elsewhere, await elsewhere.go(third.url.href, third.redirect), person.email, third.redirect);
    assert.ok(there.url.startsWith(THIRD_PARTY_CALLBACK), 'the consent holds on every browser');
  });

  it('asks a website that wants one more scope for that scope only, and keeps both', async () => {
    const person = await aPerson('widening', '070-123 45 62');
    const browser = httpBrowser({ acceptLanguage: 'sv' });
    const narrow = await authorization(other, { scope: 'openid email' });
    const first = await signInAs(browser, await browser.go(narrow.url.href, narrow.redirect), person.email, narrow.redirect);
    assert.match(first.body, /Din e-postadress/);
    assert.doesNotMatch(first.body, /mobiltelefonnummer/);
    const firstCode = await browser.submit(first, consentAction(first), { decision: 'allow' }, narrow.redirect);
    assert.equal((await oidc.authorizationCodeGrant(other, new URL(firstCode.url), narrow.checks)).claims()?.phone_number, undefined);

    browser.restart();
    const wide = await authorization(other);
    const second = await signInAs(browser, await browser.go(wide.url.href, wide.redirect), person.email, wide.redirect);
    assert.match(second.body, /Dela dina uppgifter med Other Shop\?/);
    assert.match(second.body, /Ditt bekräftade mobiltelefonnummer/, 'asked for the new scope');
    assert.doesNotMatch(second.body, /Din e-postadress/, 'not for the one allowed before');
    const secondCode = await browser.submit(second, consentAction(second), { decision: 'allow' }, wide.redirect);
    const claims = (await oidc.authorizationCodeGrant(other, new URL(secondCode.url), wide.checks)).claims();
    assert.equal(claims?.email, person.email);
    assert.equal(claims?.phone_number, person.phone.e164);

    browser.restart();
    const again = await authorization(other);
    const third = await signInAs(browser, await browser.go(again.url.href, again.redirect), person.email, again.redirect);
    assert.ok(third.url.startsWith(THIRD_PARTY_CALLBACK), 'both scopes are kept');
  });

  it('lists the websites given access on the account page; "Ta bort åtkomst" ends their refresh tokens and the next sign-in asks again', async () => {
    const person = await aPerson('withdrawing', '070-123 45 63');
    const browser = httpBrowser({ acceptLanguage: 'sv' });
    const offline = await authorization(partner, { scope: 'openid email offline_access', prompt: 'consent' });
    const consent = await signInAs(browser, await browser.go(offline.url.href, offline.redirect), person.email, offline.redirect);
    assert.match(consent.body, /Att förbli ansluten/);
    const callback = await browser.submit(consent, consentAction(consent), { decision: 'allow' }, offline.redirect);
    const tokens = await oidc.authorizationCodeGrant(partner, new URL(callback.url), offline.checks);
    assert.ok(tokens.refresh_token);
    const refreshed = await oidc.refreshTokenGrant(partner, tokens.refresh_token);

    const account = await browser.go(`${t.base}/account`);
    assert.match(account.body, /Webbplatser du har gett tillgång/);
    assert.match(account.body, /<h3>Partner Butiken<\/h3>/);
    assert.match(account.body, /Din e-postadress/);
    assert.doesNotMatch(account.body, /Other Shop/, 'only the websites this person allowed');
    const withdraw = '/account/websites/partner/withdraw';
    assert.match(account.body, new RegExp(`action="${withdraw}"`));
    assert.match(account.body, /Ta bort åtkomst/);

    const after = await browser.submit(account, withdraw, {});
    assert.match(after.url, /\/account\?withdrawn=1$/);
    assert.match(after.body, /Webbplatsen har inte längre tillgång/);
    assert.match(after.body, /Du har inte gett någon webbplats tillgång/);
    assert.doesNotMatch(after.body, /Partner Butiken/);
    await assert.rejects(oidc.refreshTokenGrant(partner, refreshed.refresh_token ?? tokens.refresh_token), (e: { error?: string }) => e.error === 'invalid_grant');

    // The same browser still has the provider's session and its grant: the question comes back all the same.
    const silent = await authorization(partner, { prompt: 'none' });
    const refused = await browser.go(silent.url.href, silent.redirect);
    assert.equal(new URL(refused.url).searchParams.get('error'), 'consent_required');
    const again = await authorization(partner);
    const asked = await browser.go(again.url.href, again.redirect);
    assert.match(asked.body, /Dela dina uppgifter med Partner Butiken\?/);

    // A withdrawal form from another page, or for a website never allowed, finds nothing.
    const stale = await browser.submit(account, withdraw, {});
    assert.equal(stale.status, 404);
  });

  it('shows and withdraws websites given access in the JSON API', async () => {
    const person = await aPerson('api-withdrawing', '070-123 45 64');
    const api = apiClient(t);
    const browser = httpBrowser({ acceptLanguage: 'en' });
    const first = await authorization(other);
    const consent = await signInAs(browser, await browser.go(first.url.href, first.redirect), person.email, first.redirect);
    assert.match(consent.body, /Share your details with Other Shop\?/);
    await browser.submit(consent, consentAction(consent), { decision: 'allow' }, first.redirect);

    const listed = await api.get('/api/v1/me/websites', { token: person.token });
    assert.equal(listed.status, 200);
    assert.equal(listed.body.length, 1);
    assert.deepEqual({ ...listed.body[0], givenAt: undefined, expiresAt: undefined }, { clientId: 'other', name: 'Other Shop', scopes: ['openid', 'email', 'phone'], givenAt: undefined, expiresAt: undefined });
    const year = Date.parse(listed.body[0].expiresAt) - Date.parse(listed.body[0].givenAt);
    assert.equal(year, 365 * 24 * 3600_000);

    assert.equal((await api.delete('/api/v1/me/websites/other', { token: person.token })).status, 204);
    assert.deepEqual((await api.get('/api/v1/me/websites', { token: person.token })).body, []);
    const again = await api.delete('/api/v1/me/websites/other', { token: person.token });
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'website_not_found');
    assert.equal((await api.delete('/api/v1/me/websites/other', {})).status, 401);
    assert.equal((await api.delete('/api/v1/me/websites/not%20a%20client', { token: person.token })).status, 404);

    const next = await authorization(other);
    const asked = await browser.go(next.url.href, next.redirect);
    assert.match(asked.body, /Share your details with Other Shop\?/, 'asked again once withdrawn');
  });

  it('does not sign the next person in as the last: after sign-out on our pages a website gets the sign-in page again', async () => {
    const browser = httpBrowser();
    const first = await authorization(site);
    await signInWithPassword(browser, await browser.go(first.url.href, first.redirect), first.redirect);
    const signedIn = await browser.go(`${t.base}/account`);
    await browser.submit(signedIn, '/sign-out', {});
    const next = await authorization(site);
    const page = await browser.go(next.url.href, next.redirect);
    assert.match(page.url, /\/sign-in\?/, 'the website must not get the previous sign-in');
  });

  it('prompt=login asks for a new sign-in even when one is in place', async () => {
    const browser = httpBrowser();
    await signInWithPassword(browser, await browser.go(`${t.base}/sign-in`), `${t.base}/account`);
    const { url, redirect, checks } = await authorization(site, { prompt: 'login' });
    const page = await browser.go(url.href, redirect);
    assert.match(page.url, /\/sign-in\?/);
    assert.match(page.body, /name="email" [^>]*value="rp-user@example.se"/, 'only the password is asked for again');
    // A person takes more than a second to type a password; the sign-in must be newer than the request.
    clock.aheadMs = 1500;
    const callback = await signInWithPassword(browser, page, redirect);
    clock.aheadMs = 0;
    const tokens = await oidc.authorizationCodeGrant(site, new URL(callback.url), checks);
    assert.ok((tokens.claims()?.auth_time ?? 0) * 1000 >= Date.now() - 5000);
  });

  it('signs out from the website (RP-initiated logout): asks, ends the sign-in on our pages too, and goes back to the website', async () => {
    const browser = httpBrowser({ acceptLanguage: 'en' });
    const { url, redirect, checks } = await authorization(site);
    const callback = await signInWithPassword(browser, await browser.go(url.href, redirect), redirect);
    const tokens = await oidc.authorizationCodeGrant(site, new URL(callback.url), checks);
    const endSession = oidc.buildEndSessionUrl(site, { id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: 'http://localhost:4999/', state: 'bye' });
    const question = await browser.go(endSession.href, 'http://localhost:4999/');
    assert.match(question.body, /Sign out of Engångskod too\?/);
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(question.body)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(question.body)?.[1] ?? '';
    const back = await browser.submit(question, action, { xsrf, logout: 'yes' }, 'http://localhost:4999/');
    assert.equal(new URL(back.url).searchParams.get('state'), 'bye');
    const account = await browser.go(`${t.base}/account`);
    assert.match(account.url, /\/sign-in\?/, 'signed out of Engångskod too');
  });

  it('says after a website\'s sign-out whether this browser is still signed in to Engångskod, "signed out" once', async () => {
    const signedOut = async (acceptLanguage: string, logout: Record<string, string>) => {
      const browser = httpBrowser({ acceptLanguage });
      const { url, redirect, checks } = await authorization(site);
      const callback = await signInWithPassword(browser, await browser.go(url.href, redirect), redirect);
      const tokens = await oidc.authorizationCodeGrant(site, new URL(callback.url), checks);
      // No post_logout_redirect_uri: the person stays on our page that says what happened.
      const question = await browser.go(oidc.buildEndSessionUrl(site, { id_token_hint: tokens.id_token ?? '' }).href);
      const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(question.body)?.[1] ?? '';
      return browser.submit(question, action, logout);
    };
    // "Ja, logga ut mig": the provider does not say which website asked, so the page says what the person chose.
    const yes = await signedOut('sv', { logout: 'yes' });
    assert.equal(yes.body.match(/loggat ut/g)?.length, 2, 'the title, in <title> and <h1>, and not again below it');
    assert.match(yes.body, /<h1>Du har loggat ut<\/h1><p>Du är inte längre inloggad på Engångskod i den här webbläsaren\.<\/p>/);
    const yesEn = await signedOut('en', { logout: 'yes' });
    assert.match(yesEn.body, /<h1>You have signed out<\/h1><p>You are no longer signed in to Engångskod on this browser\.<\/p>/);
    // "Nej, förbli inloggad": the website is named, and the sign-in here goes on.
    const no = await signedOut('en', {});
    assert.match(no.body, /<h1>You have signed out<\/h1><p>You have signed out of Our Site\.<\/p><p>You are still signed in to Engångskod on this browser\.<\/p>/);
  });

  it('gives refresh tokens only to a client registered for them that asks for offline_access', async () => {
    const browser = httpBrowser();
    await signInWithPassword(browser, await browser.go(`${t.base}/sign-in`), `${t.base}/account`);
    const insecure = { execute: [oidc.allowInsecureRequests] };
    const app = await oidc.discovery(new URL(t.base), 'app', undefined, oidc.ClientSecretBasic(SECRET), insecure);
    const offline = { scope: 'openid offline_access', prompt: 'consent' };

    const refused = await authorization(site, offline);
    const siteCallback = await browser.go(refused.url.href, refused.redirect);
    assert.equal((await oidc.authorizationCodeGrant(site, new URL(siteCallback.url), refused.checks)).refresh_token, undefined);

    const granted = await authorization(app, offline);
    const appCallback = await browser.go(granted.url.href, granted.redirect);
    const tokens = await oidc.authorizationCodeGrant(app, new URL(appCallback.url), granted.checks);
    assert.ok(tokens.refresh_token, 'a client registered with refresh_tokens gets one');
    const refreshed = await oidc.refreshTokenGrant(app, tokens.refresh_token);
    assert.equal(refreshed.claims()?.sub, account.id);
  });

  it('signing out one session from "Där du är inloggad" ends the refresh tokens that came from it, and no others', async () => {
    const insecure = { execute: [oidc.allowInsecureRequests] };
    const app = await oidc.discovery(new URL(t.base), 'app', undefined, oidc.ClientSecretBasic(SECRET), insecure);
    const offline = { scope: 'openid offline_access', prompt: 'consent' };
    const refreshTokenIn = async (browser: ReturnType<typeof httpBrowser>) => {
      await signInWithPassword(browser, await browser.go(`${t.base}/sign-in`), `${t.base}/account`);
      const granted = await authorization(app, offline);
      const tokens = await oidc.authorizationCodeGrant(app, new URL((await browser.go(granted.url.href, granted.redirect)).url), granted.checks);
      assert.ok(tokens.refresh_token);
      return tokens.refresh_token;
    };
    const before = clock.aheadMs;
    const elsewhere = httpBrowser({ acceptLanguage: 'sv' });
    const fromElsewhere = await refreshTokenIn(elsewhere);
    // The link is the sign-in's time in seconds (auth_time), so this sign-in must not share its
    // second with any other of the account's still open (the prompt=login test's is 1.5 s ahead).
    clock.aheadMs += 10_000;
    const here = httpBrowser({ acceptLanguage: 'sv' });
    const fromHere = await refreshTokenIn(here);

    const page = await here.go(`${t.base}/account/sessions`);
    const actions = [...page.body.matchAll(/action="(\/account\/sessions\/[0-9a-f-]{36}\/sign-out)"/g)].map((m) => m[1]!);
    assert.ok(actions.length >= 1);
    for (const action of actions) await here.submit(await here.go(`${t.base}/account/sessions`), action, {});
    await assert.rejects(oidc.refreshTokenGrant(app, fromElsewhere), (e: { error?: string }) => e.error === 'invalid_grant');
    assert.equal((await oidc.refreshTokenGrant(app, fromHere)).claims()?.sub, account.id);
    clock.aheadMs = before;
  });

  it('takes a website added while running at once (engangskod clients add), and refuses it once removed', async () => {
    const added = await t.app.services.oidc.clients.add({ client_name: 'Late Site', redirect_uris: [CALLBACK], post_logout_redirect_uris: [], first_party: true, refresh_tokens: false, public: false });
    const late = await oidc.discovery(new URL(t.base), added.client_id, undefined, oidc.ClientSecretBasic(added.client_secret ?? ''), { execute: [oidc.allowInsecureRequests] });
    const browser = httpBrowser();
    const { url, redirect, checks } = await authorization(late);
    const callback = await signInWithPassword(browser, await browser.go(url.href, redirect), redirect);
    assert.equal((await oidc.authorizationCodeGrant(late, new URL(callback.url), checks)).claims()?.aud, added.client_id);

    assert.equal(await t.app.services.oidc.clients.remove(added.client_id), true);
    const again = await authorization(late);
    const refused = await browser.go(again.url.href, again.redirect);
    assert.equal(refused.status, 400, 'an unknown client gets the error page, not a redirect');
  });

  it('signs with a key rotated while running (engangskod keys rotate) within KEY_CHECK_MS, and publishes both keys', async () => {
    const { added } = await t.app.services.oidc.keys.rotate();
    clock.aheadMs = KEY_CHECK_MS;
    try {
      const jwks = (await (await fetch(`${t.base}/oidc/jwks`)).json()) as { keys: Array<{ kid: string }> };
      assert.equal(jwks.keys.length, 2, 'the previous key stays published for the tokens it signed');
      assert.equal(jwks.keys[0]?.kid, added.kid);
      const browser = httpBrowser();
      const { url, redirect, checks } = await authorization(site);
      const callback = await signInWithPassword(browser, await browser.go(url.href, redirect), redirect);
      const tokens = await oidc.authorizationCodeGrant(site, new URL(callback.url), checks);
      const verified = await jwtVerify(tokens.id_token ?? '', createRemoteJWKSet(new URL(`${t.base}/oidc/jwks`)), { issuer: t.base, audience: 'site' });
      assert.equal(verified.protectedHeader.kid, added.kid, 'signed with the new key, with no restart');
    } finally {
      clock.aheadMs = 0;
    }
  });

  it('shows a friendly page, not a stack, for a request from an unknown website', async () => {
    const response = await fetch(`${t.base}/oidc/auth?client_id=nobody&response_type=code&scope=openid&redirect_uri=https://evil.example/cb`, { headers: { accept: 'text/html', 'accept-language': 'sv' } });
    assert.equal(response.status, 400);
    const body = await response.text();
    assert.match(body, /Webbplatsen kunde inte logga in dig/);
    assert.doesNotMatch(body, /at .*\.js:\d+/);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  });

  it('answers malformed and hostile requests to every endpoint with a 4xx, never a 5xx', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const probes: Array<[string, string, RequestInit?]> = [
      ['GET', '/oidc/auth'],
      ['GET', '/oidc/auth?client_id=site&redirect_uri=%ZZ'],
      ['GET', `/oidc/auth?${'a=b&'.repeat(3000)}`],
      ['POST', '/oidc/token', { body: 'garbage', headers: form }],
      ['POST', '/oidc/token', { body: '{"grant_type":', headers: { 'content-type': 'application/json' } }],
      ['POST', '/oidc/token', { body: 'x'.repeat(2_000_000), headers: form }],
      ['POST', '/oidc/token', { body: 'grant_type=authorization_code', headers: { 'content-type': 'text/plain' } }],
      ['POST', '/oidc/token', { body: 'grant_type=authorization_code&code=abc', headers: { ...form, authorization: `Basic ${Buffer.from('site:wrong').toString('base64')}` } }],
      ['GET', '/oidc/me', { headers: { authorization: 'Bearer garbage' } }],
      ['GET', '/oidc/session/end?id_token_hint=garbage'],
      ['POST', '/oidc/session/end/confirm', { body: 'xsrf=x&logout=yes', headers: form }],
      ['POST', '/oidc/token/revocation', { body: 'token=abc', headers: form }],
      ['GET', '/oidc/interaction/%00'],
      ['GET', `/oidc/interaction/${'a'.repeat(5000)}`],
      ['POST', '/oidc/interaction/abc/consent', { body: 'decision=allow', headers: { ...form, origin: t.base } }],
      ['DELETE', '/oidc/auth'],
      ['POST', '/.well-known/openid-configuration'],
    ];
    for (const [method, path, init] of probes) {
      const response = await fetch(t.base + path, { method, redirect: 'manual', ...init, headers: { accept: 'text/html', ...(init?.headers as Record<string, string>) } });
      await response.arrayBuffer();
      assert.ok(response.status >= 400 && response.status < 500, `${method} ${path.slice(0, 60)} answered ${response.status}`);
    }
  });

  it('says so when a sign-in step is opened that is over or belongs to another browser', async () => {
    const response = await fetch(`${t.base}/oidc/interaction/not-a-real-one`, { headers: { accept: 'text/html', 'accept-language': 'en' } });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /The sign-in has ended/);
  });
});
