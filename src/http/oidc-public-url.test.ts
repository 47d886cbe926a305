import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pageClient } from '../../test/helpers/page-client.ts';
import { provenAccount } from '../../test/helpers/accounts.ts';
import { PRODUCTION_ENV, startTestApp, type TestApp } from '../../test/helpers/test-app.ts';

/**
 * The provider names PUBLIC_URL and nothing else, whatever Host or X-Forwarded-* a client
 * sends; over https its cookies carry the browser-enforced prefixes; and the HTML it renders
 * itself (form_post, errors) carries our CSP and may not be framed.
 */
const CALLBACK = 'https://shop.example/callback';
const clients = [{ client_id: 'shop', client_name: 'Shop', redirect_uris: [CALLBACK], first_party: true }];
const PASSWORD = 'correct horse battery staple';
const challenge = createHash('sha256').update('a-verifier-of-at-least-forty-three-characters-long').digest('base64url');
const authorize = (extra: Record<string, string> = {}) =>
  `/oidc/auth?${new URLSearchParams({ client_id: 'shop', redirect_uri: CALLBACK, response_type: 'code', scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256', state: 's', nonce: 'n', ...extra })}`;

const discovery = async (t: TestApp, headers: Record<string, string>) =>
  JSON.parse((await t.app.server.inject({ url: '/.well-known/openid-configuration', headers })).body) as Record<string, string>;

describe('OpenID Connect discovery at another Host', () => {
  let t: TestApp;
  before(async () => {
    // TRUST_PROXY on loopback: the test's requests come from a proxy that is believed for X-Forwarded-For.
    t = await startTestApp({ OIDC_CLIENTS: JSON.stringify(clients), TRUST_PROXY: 'loopback' });
  });
  after(() => t.close());

  it('names PUBLIC_URL as issuer and for every endpoint, whatever Host says', async () => {
    const meta = await discovery(t, { host: 'evil.example' });
    assert.equal(meta.issuer, 'http://localhost:3000');
    for (const name of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'end_session_endpoint', 'revocation_endpoint']) {
      assert.ok(meta[name]?.startsWith('http://localhost:3000/oidc/'), `${name}: ${meta[name]}`);
    }
  });

  it('believes no X-Forwarded-Host or -Proto, even from a trusted proxy', async () => {
    const meta = await discovery(t, { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', forwarded: 'host=evil.example;proto=https' });
    assert.equal(meta.token_endpoint, 'http://localhost:3000/oidc/token');
  });

  it('sends a sign-in to our own pages at PUBLIC_URL, not at the Host asked', async () => {
    const reply = await t.app.server.inject({ url: authorize(), headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } });
    assert.equal(reply.statusCode, 303);
    assert.match(String(reply.headers.location), /^(http:\/\/localhost:3000)?\/oidc\/interaction\//);
  });
});

describe('OpenID Connect over https', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ ...PRODUCTION_ENV, OIDC_CLIENTS: JSON.stringify(clients) });
    // Production sends mail over SMTP, which these tests do not run: the account is stored proven.
    await provenAccount(t, 'shopper@example.se', PASSWORD);
  });
  after(() => t.close());

  /** Signs in on our pages, then follows a website's authorization request to its end. */
  async function signedInAuthorization(extra: Record<string, string> = {}) {
    const client = pageClient(t);
    const signedIn = await client.submit('/sign-in', '/sign-in', { email: 'shopper@example.se', password: PASSWORD });
    assert.equal(signedIn.status, 303);
    const replies = [];
    let url = authorize(extra);
    for (let step = 0; step < 6; step++) {
      const reply = await client.get(url);
      replies.push(reply);
      // The interaction page hands over with a "continue" page that links to the provider.
      const next = reply.location ?? /<a[^>]+href="([^"]*\/oidc\/auth\/[^"]+)"/.exec(reply.body)?.[1] ?? /<meta[^>]+url=([^"]+)"/.exec(reply.body)?.[1];
      if (!next) break;
      const target = new URL(next.replaceAll('&amp;', '&'), 'https://login.example.se');
      if (target.origin !== 'https://login.example.se') break;
      url = target.pathname + target.search;
    }
    return replies;
  }

  it('names every provider cookie with __Host- (Path=/) or, for the per-sign-in ones, __Secure-, all Secure', async () => {
    const replies = await signedInAuthorization();
    const cookies = replies.flatMap((r) => r.setCookies).filter((c) => /ek_oidc/.test(c));
    const names = new Set(cookies.map((c) => c.slice(0, c.indexOf('='))));
    for (const name of ['__Host-ek_oidc_session', '__Secure-ek_oidc_interaction', '__Secure-ek_oidc_resume']) assert.ok(names.has(name), `${name} in ${[...names].join(', ')}`);
    for (const cookie of cookies) {
      assert.match(cookie, /^__(Host|Secure)-ek_oidc_/, cookie);
      assert.match(cookie, /; secure/i, cookie);
      assert.doesNotMatch(cookie, /domain=/i, cookie);
      if (cookie.startsWith('__Host-')) assert.match(cookie, /; path=\/(;|$)/, cookie);
    }
    assert.match(String(replies.at(-1)?.location), /^https:\/\/shop\.example\/callback\?code=/);
  });

  it('hands a form_post answer over under our CSP: its one script by hash, the website as form action, no framing', async () => {
    const replies = await signedInAuthorization({ response_mode: 'form_post' });
    const last = replies.at(-1);
    assert.ok(last);
    assert.match(last.body, /<form method="post" action="https:\/\/shop\.example\/callback"/);
    const csp = String(last.headers['content-security-policy']);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    assert.match(csp, /form-action 'self' https:\/\/shop\.example/);
    assert.equal(last.headers['x-frame-options'], 'DENY');
    assert.equal(last.headers['cache-control'], 'no-store');
  });

  it('asks about signing out on a page under our CSP that cannot be framed', async () => {
    const reply = await t.app.server.inject({ url: '/oidc/session/end', headers: { host: 'login.example.se', accept: 'text/html' } });
    assert.equal(reply.statusCode, 200);
    assert.match(String(reply.headers['content-type']), /^text\/html/);
    assert.match(String(reply.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(reply.headers['x-frame-options'], 'DENY');
  });

  it('answers an authorization request it cannot serve with an error page under our CSP', async () => {
    const reply = await t.app.server.inject({ url: '/oidc/auth?client_id=nobody', headers: { host: 'login.example.se', accept: 'text/html' } });
    assert.equal(reply.statusCode, 400);
    assert.match(String(reply.headers['content-type']), /^text\/html/);
    assert.match(String(reply.headers['content-security-policy']), /frame-ancestors 'none'/);
  });
});
