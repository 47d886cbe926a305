import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { escapeHtml, renderSignedIn, startRelyingParty, type RunningRelyingParty } from './relying-party.ts';

/**
 * What the example does before and around the provider. The whole journey against the real
 * provider is an end-to-end test of its own; here a stand-in issuer publishes only a discovery
 * document and a token endpoint that refuses every code, which is all that state, error and
 * one-use checks need.
 */

const get = (url: string, cookie?: string) => fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface TokenRequest {
  readonly authorization: string | undefined;
  readonly body: URLSearchParams;
}

async function startFakeIssuer(): Promise<{ issuer: string; tokenRequests: TokenRequest[]; close(): Promise<void> }> {
  const tokenRequests: TokenRequest[] = [];
  let issuer = '';
  const server = createServer(async (req: IncomingMessage, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/me`,
          jwks_uri: `${issuer}/jwks`,
          end_session_endpoint: `${issuer}/session/end`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
          authorization_response_iss_parameter_supported: true,
        }),
      );
      return;
    }
    if (req.url === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      tokenRequests.push({ authorization: req.headers.authorization, body: new URLSearchParams(body) });
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'grant request is invalid' }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    tokenRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('the example website, signed out', () => {
  let site: RunningRelyingParty;
  before(async () => {
    site = await startRelyingParty({ issuer: `http://127.0.0.1:${await closedPort()}`, clientId: '"><script>alert(1)</script>' });
  });
  after(() => site.close());

  it('shows a "Sign in with Engångskod" button that goes to /login, escaping what it prints', async () => {
    const response = await get(`${site.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
    const html = await response.text();
    assert.match(html, /<form action="login" method="get">\s*<button type="submit">Sign in with Engångskod<\/button>/);
    assert.ok(!html.includes('<script>'), 'the client id is printed escaped');
    assert.ok(html.includes('&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;'));
  });

  it('passes ?lang=sv|en on to the sign-in, and nothing else', async () => {
    assert.match(await (await get(`${site.url}/?lang=en`)).text(), /<input type="hidden" name="lang" value="en">/);
    const other = await (await get(`${site.url}/?lang=%22%3E%3Cb%3Ede`)).text();
    assert.ok(!other.includes('name="lang"') && !other.includes('<b>'));
  });

  it('answers a callback it did not ask for with 400 and says no sign-in is in progress', async () => {
    for (const [query, cookie] of [
      ['?code=abc&state=xyz', undefined],
      ['?code=abc&state=xyz', 'example_rp_session=made-up'],
      ['?error=access_denied&state=xyz', undefined],
      ['', undefined],
    ] as const) {
      const response = await get(`${site.url}/callback${query}`, cookie);
      assert.equal(response.status, 400, query);
      const html = await response.text();
      assert.match(html, /<h1>No sign-in in progress<\/h1>/);
      assert.ok(!html.includes('    at '), 'no stack trace');
    }
  });

  it('shows a clear page, not a crash, when the issuer cannot be reached, and keeps serving', async () => {
    const response = await get(`${site.url}/login`);
    assert.equal(response.status, 502);
    const html = await response.text();
    assert.match(html, /<h1>Engångskod could not be reached<\/h1>/);
    assert.match(html, /\.well-known\/openid-configuration/);
    assert.ok(!html.includes('    at '), 'no stack trace');
    assert.equal((await get(`${site.url}/`)).status, 200);
  });

  it('signs out of nothing by going home, and knows only its own pages and methods', async () => {
    const out = await fetch(`${site.url}/logout`, { method: 'POST', redirect: 'manual' });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), `${site.url}/`);
    assert.match(out.headers.get('set-cookie') ?? '', /^example_rp_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax/);
    const wrongMethod = await get(`${site.url}/logout`);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    assert.equal((await get(`${site.url}/nothing-here`)).status, 404);
    assert.equal((await get(`${site.url}//evil.example/`)).status, 404);
  });

  it('refuses an http issuer other than localhost or 127.0.0.1', async () => {
    await assert.rejects(startRelyingParty({ issuer: 'http://login.example.se', clientId: 'x' }), /must be an https URL/);
  });
});

describe('the example website and an issuer', () => {
  let fake: Awaited<ReturnType<typeof startFakeIssuer>>;
  let site: RunningRelyingParty;
  let publicSite: RunningRelyingParty;
  before(async () => {
    fake = await startFakeIssuer();
    site = await startRelyingParty({ issuer: fake.issuer, clientId: 'example', clientSecret: 's3cret' });
    publicSite = await startRelyingParty({ issuer: fake.issuer, clientId: 'public-example' });
  });
  after(async () => {
    await site.close();
    await publicSite.close();
    await fake.close();
  });

  /** Starts a sign-in; returns the cookie and the authorization request it was sent to. */
  async function login(on: RunningRelyingParty, query = '') {
    const response = await get(`${on.url}/login${query}`);
    assert.equal(response.status, 302);
    return { cookie: cookieOf(response), setCookie: response.headers.get('set-cookie') ?? '', authorize: new URL(response.headers.get('location') ?? '') };
  }

  it('sends the browser to the authorization endpoint with state, nonce, PKCE S256 and ui_locales', async () => {
    const { setCookie, authorize } = await login(site, '?lang=sv');
    assert.equal(`${authorize.origin}${authorize.pathname}`, `${fake.issuer}/auth`);
    const p = authorize.searchParams;
    assert.equal(p.get('response_type'), 'code');
    assert.equal(p.get('client_id'), 'example');
    assert.equal(p.get('redirect_uri'), `${site.url}/callback`);
    assert.equal(p.get('scope'), 'openid email phone');
    assert.equal(p.get('code_challenge_method'), 'S256');
    assert.match(p.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.match(p.get('state') ?? '', /^[\w-]{43}$/);
    assert.match(p.get('nonce') ?? '', /^[\w-]{43}$/);
    assert.equal(p.get('ui_locales'), 'sv');
    assert.match(setCookie, /^example_rp_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);

    const again = await login(site);
    assert.equal(again.authorize.searchParams.get('ui_locales'), null);
    assert.notEqual(again.authorize.searchParams.get('state'), p.get('state'), 'a fresh state each time');
  });

  it('refuses a callback whose state is not the one it sent, and then the sign-in is spent', async () => {
    const { cookie, authorize } = await login(site);
    const wrong = await get(`${site.url}/callback?code=abc&state=someone-elses&iss=${encodeURIComponent(fake.issuer)}`, cookie);
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /could not be verified[\s\S]*state/);

    const right = await get(`${site.url}/callback?code=abc&state=${authorize.searchParams.get('state')}&iss=${encodeURIComponent(fake.issuer)}`, cookie);
    assert.equal(right.status, 400);
    assert.match(await right.text(), /No sign-in in progress/);
    assert.equal(fake.tokenRequests.length, 0, 'no code was sent to the token endpoint');
  });

  it('explains access_denied from the provider', async () => {
    const { cookie, authorize } = await login(site);
    const query = new URLSearchParams({ error: 'access_denied', error_description: 'End-User aborted interaction', state: authorize.searchParams.get('state') ?? '', iss: fake.issuer });
    const response = await get(`${site.url}/callback?${query}`, cookie);
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /<h1>Sign-in cancelled<\/h1>/);
    assert.match(html, /access_denied: End-User aborted interaction/);
  });

  it('sends the PKCE verifier with client_secret_basic, and shows the token endpoint refusing', async () => {
    fake.tokenRequests.length = 0;
    const { cookie, authorize } = await login(site);
    const response = await get(`${site.url}/callback?code=abc&state=${authorize.searchParams.get('state')}&iss=${encodeURIComponent(fake.issuer)}`, cookie);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /invalid_grant: grant request is invalid/);

    const [request] = fake.tokenRequests;
    assert.ok(request);
    assert.equal(request.authorization, `Basic ${Buffer.from('example:s3cret').toString('base64')}`);
    assert.equal(request.body.get('grant_type'), 'authorization_code');
    assert.equal(request.body.get('code'), 'abc');
    assert.equal(request.body.get('redirect_uri'), `${site.url}/callback`);
    const verifier = request.body.get('code_verifier') ?? '';
    assert.equal(createHash('sha256').update(verifier).digest('base64url'), authorize.searchParams.get('code_challenge'));
  });

  it('authenticates a public client by client_id alone (token endpoint auth "none")', async () => {
    fake.tokenRequests.length = 0;
    const { cookie, authorize } = await login(publicSite);
    await get(`${publicSite.url}/callback?code=abc&state=${authorize.searchParams.get('state')}&iss=${encodeURIComponent(fake.issuer)}`, cookie);
    const [request] = fake.tokenRequests;
    assert.ok(request);
    assert.equal(request.authorization, undefined);
    assert.equal(request.body.get('client_id'), 'public-example');
    assert.ok(request.body.get('code_verifier'));
  });
});

describe('the signed-in page', () => {
  it('lists the ID token claims and the userinfo response, escaped', () => {
    const html = renderSignedIn(
      { iss: 'i', aud: 'a', iat: 0, exp: 0, sub: 'u1', email: '<b>anna</b>@example.se', email_verified: false, amr: ['otp', 'sms'], acr: 'urn:engangskod:acr:sms-otp', auth_time: 1700000000 },
      { ok: true, claims: { sub: 'u1', phone_number: '+46701234567', '<i>': 'x' } },
    );
    assert.ok(!html.includes('<b>') && !html.includes('<i>'));
    assert.match(html, /<code>email<\/code><\/th><td>&#60;b&#62;anna&#60;\/b&#62;@example.se<\/td>/);
    assert.match(html, /<code>amr<\/code><\/th><td>\[&#34;otp&#34;,&#34;sms&#34;\]<\/td>/);
    assert.match(html, /<code>auth_time<\/code><\/th><td>1700000000 \(2023-11-14T22:13:20.000Z\)<\/td>/);
    assert.match(html, /<code>phone_number<\/code><\/th><td><em>not in the ID token<\/em>/);
    assert.match(html, /<code>phone_number<\/code><\/th><td>\+46701234567<\/td>/);
    assert.match(html, /<form action="logout" method="post"><button type="submit">Sign out<\/button><\/form>/);
  });

  it('says when userinfo could not be fetched', () => {
    const html = renderSignedIn({ iss: 'i', aud: 'a', iat: 0, exp: 0, sub: 'u1' }, { ok: false, error: 'fetch failed <x>' });
    assert.match(html, /The userinfo request failed: fetch failed &#60;x&#62;/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});
