import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { PASSKEY_ACR } from '../oidc/provider.ts';
import { apiClient } from '../../test/helpers/api-client.ts';
import { serveTestApp, type ServedApp } from '../../test/helpers/browser.ts';
import { httpBrowser, type Loaded } from '../../test/helpers/http-browser.ts';
import { SoftwareAuthenticator } from '../../test/helpers/software-authenticator.ts';

/**
 * A website signing people in through us with a passkey, as the website sees it (npm
 * openid-client): `amr` says `hwk` or `swk` (RFC 8176) and `acr` the passkey's, and a website
 * that asks for a passkey with `acr_values` gets the sign-in page asking for one.
 */

const SECRET = 'a-client-secret-of-more-than-32-characters';
const CALLBACK = 'http://localhost:4997/callback';
const PASSWORD = 'correct horse battery staple';
const clients = [{ client_id: 'site', client_secret: SECRET, client_name: 'Vår Sajt', redirect_uris: [CALLBACK], first_party: true }];

/** The options the page's passkey form carries (HTML-escaped JSON in data-passkey-options). */
const optionsIn = (page: Loaded) => JSON.parse((/data-passkey-options="([^"]+)"/.exec(page.body)?.[1] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&'));

/** Real time, which a test may move as the time between a person's steps would. */
const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };

describe('OpenID Connect: passkey sign-ins', () => {
  let t: ServedApp;
  let site: oidc.Configuration;
  before(async () => {
    // The provider keeps real time (its tokens are read by real websites), so the app does too.
    t = await serveTestApp({ OIDC_CLIENTS: JSON.stringify(clients) }, { clock });
    site = await oidc.discovery(new URL(t.base), 'site', undefined, oidc.ClientSecretBasic(SECRET), { execute: [oidc.allowInsecureRequests] });
  });
  after(async () => t.close());

  const authorization = async (extra: Record<string, string> = {}) => {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(site, {
      redirect_uri: CALLBACK,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...extra,
    });
    return { url, checks: { pkceCodeVerifier: verifier, expectedState: state, idTokenExpected: true } };
  };

  /** A person with an account and a passkey on `authenticator`. */
  const withPasskey = async (email: string, authenticator: SoftwareAuthenticator) => {
    const api = apiClient(t);
    const { token } = await api.signUp(email);
    const options = await api.post('/api/v1/me/passkeys/options', undefined, { token });
    assert.equal((await api.post('/api/v1/me/passkeys', authenticator.create(options.body), { token })).status, 201);
  };

  it('hands a website amr hwk and the passkey acr for a sign-in with a passkey bound to its device', async () => {
    const key = new SoftwareAuthenticator({ origin: t.base });
    await withPasskey('rp-hwk@example.se', key);
    const browser = httpBrowser();
    const { url, checks } = await authorization();
    const page = await browser.go(url.href, CALLBACK);
    assert.match(page.url, /\/sign-in\?/);
    const callback = await browser.submit(page, '/sign-in/passkey', { credential: JSON.stringify(key.get(optionsIn(page))) }, CALLBACK);
    const tokens = await oidc.authorizationCodeGrant(site, new URL(callback.url), checks);
    assert.deepEqual(tokens.claims()?.amr, ['hwk']);
    assert.equal(tokens.claims()?.acr, PASSKEY_ACR);
    assert.equal(tokens.claims()?.email, 'rp-hwk@example.se');
  });

  it('asks for a passkey when the website asks for one with acr_values, and says swk for a synced passkey', async () => {
    const manager = new SoftwareAuthenticator({ origin: t.base, synced: true });
    await withPasskey('rp-swk@example.se', manager);
    const browser = httpBrowser({ acceptLanguage: 'en' });
    // Signed in with a password a while ago: the website asking for a passkey gets the sign-in page.
    clock.offsetMs = -60_000;
    const signIn = await browser.go(`${t.base}/sign-in`);
    await browser.submit(signIn, '/sign-in', { email: 'rp-swk@example.se', password: PASSWORD });
    clock.offsetMs = 0;
    const { url, checks } = await authorization({ acr_values: PASSKEY_ACR });
    const page = await browser.go(url.href, CALLBACK);
    assert.match(page.url, /\/sign-in\?.*reason=passkey/);
    assert.match(page.body, /Vår Sajt asks you to sign in with a passkey\./);
    const callback = await browser.submit(page, '/sign-in/passkey', { credential: JSON.stringify(manager.get(optionsIn(page))) }, CALLBACK);
    const tokens = await oidc.authorizationCodeGrant(site, new URL(callback.url), checks);
    assert.deepEqual(tokens.claims()?.amr, ['swk']);
    assert.equal(tokens.claims()?.acr, PASSKEY_ACR);

    // Signed in with the passkey, the next request for one goes straight back to the website.
    const again = await authorization({ acr_values: PASSKEY_ACR });
    const back = await browser.go(again.url.href, CALLBACK);
    const second = await oidc.authorizationCodeGrant(site, new URL(back.url), again.checks);
    assert.deepEqual(second.claims()?.amr, ['swk']);
  });

  it('lets a person without a passkey sign in another way when asked for one, and tells the website how', async () => {
    await apiClient(t).signUp('rp-pwd@example.se');
    const browser = httpBrowser();
    const { url, checks } = await authorization({ acr_values: `${PASSKEY_ACR} urn:engangskod:acr:password` });
    const page = await browser.go(url.href, CALLBACK);
    const callback = await browser.submit(page, '/sign-in', { email: 'rp-pwd@example.se', password: PASSWORD }, CALLBACK);
    const tokens = await oidc.authorizationCodeGrant(site, new URL(callback.url), checks);
    assert.deepEqual(tokens.claims()?.amr, ['pwd']);
    assert.equal(tokens.claims()?.acr, 'urn:engangskod:acr:password');
  });
});
