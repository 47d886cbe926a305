import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import pino from 'pino';
import { systemClock } from '../../src/lib/clock.ts';
import { apiClient, codeIn } from '../helpers/api-client.ts';
import { serveTestApp, type ServedApp } from '../helpers/browser.ts';
import { httpBrowser } from '../helpers/http-browser.ts';
import { authorizationRequest } from '../helpers/oidc-clients.ts';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.ts';

/**
 * Codes, tokens, token hints, signed URLs, passwords and the secret key never reach the log.
 * Each run has the log at its most talkative (trace), then every captured line is searched for
 * every secret the run saw: a whole journey over a real transport (the signed webhook, to a
 * receiver in this test) with a signed delivery report, a journey over the development inbox
 * (which keeps its texts in its inbox, not in the log), and a website's sign-in and sign-out.
 */

/** A logger at trace level that keeps every line it writes. */
const capturingLogger = () => {
  const lines: string[] = [];
  return { lines, logger: pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) }) };
};

const assertNoSecret = (lines: readonly string[], secrets: readonly string[]) => {
  assert.ok(lines.length >= 10, `the run was logged (${lines.length} lines: ${lines.slice(0, 3).join('')})`);
  const log = lines.join('');
  for (const secret of secrets) {
    assert.ok(secret.length >= 4, 'each secret is long enough to be found only where it was written');
    assert.ok(!log.includes(secret), `the log holds a secret: ${secret.slice(0, 3)}…`);
  }
};

describe('the log of a full run', () => {
  const { lines, logger } = capturingLogger();
  const sent: { text: string; reportUrl: string }[] = [];
  let receiver: Server;
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;

  before(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        sent.push(JSON.parse(body) as { text: string; reportUrl: string });
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${sent.length}` }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    t = await startTestApp(
      { SMS_TRANSPORT: 'http', SMS_HTTP_URL: `http://127.0.0.1:${port}/texts`, SMS_HTTP_SECRET: 'whsec_YSB3ZWJob29rIHNlY3JldCBvZiAzMiBieXRlcyEhIQ==' },
      { logger },
    );
    api = apiClient(t);
  });
  after(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const lastCode = async () => {
    await t.app.dispatcher.drain();
    return /#(\d+)$/.exec(sent.at(-1)?.text ?? '')?.[1] ?? '';
  };

  it('holds no code, token, password or secret key, though the journey used them all', async () => {
    const password = 'a very secret passphrase';
    const secrets: string[] = [password, TEST_SECRET];
    assert.equal((await api.post('/api/v1/accounts', { email: 'quiet@example.se', password })).status, 202);
    const proof = codeIn((await api.latestMail('quiet@example.se')).text);
    secrets.push(proof);
    const proven = await api.post('/api/v1/accounts/verify', { email: 'quiet@example.se', code: proof });
    assert.equal(proven.status, 201);
    secrets.push(proven.body.token);
    const wrong = await api.post('/api/v1/sessions', { email: 'quiet@example.se', password: 'another secret passphrase' });
    assert.equal(wrong.status, 401);
    secrets.push('another secret passphrase');
    const session = await api.post('/api/v1/sessions', { email: 'quiet@example.se', password });
    secrets.push(session.body.token);
    const phone = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-123 45 67' }, { token: session.body.token });
    const verification = await lastCode();
    secrets.push(verification);
    assert.equal((await api.post(`/api/v1/me/phones/${phone.body.id}/verify`, { code: verification }, { token: session.body.token })).status, 200);
    assert.equal((await api.delete('/api/v1/sessions/current', { token: session.body.token })).status, 204);

    assert.equal((await api.post('/api/v1/one-time-codes', { email: 'quiet@example.se', region: 'SE', number: '0701234567' })).status, 202);
    const code = await lastCode();
    secrets.push(code);
    const guess = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    secrets.push(guess);
    assert.equal((await api.post('/api/v1/sessions/one-time-code', { email: 'quiet@example.se', code: guess })).status, 401);
    const signedIn = await api.post('/api/v1/sessions/one-time-code', { email: 'quiet@example.se', code });
    assert.equal(signedIn.status, 201);
    secrets.push(signedIn.body.token);
    assert.equal((await api.get('/api/v1/me', { token: signedIn.body.token })).status, 200);

    assert.equal(sent.length, 2, 'both texts went out through the webhook');
    assertNoSecret(lines, secrets);
  });

  it('holds no signature or query of a signed delivery-report URL, though the gateway called it', async () => {
    const reportUrl = new URL(sent.at(-1)?.reportUrl ?? '');
    const signature = reportUrl.searchParams.get('t') ?? '';
    assert.ok(signature, `the report URL is signed: ${reportUrl.pathname}`);
    const report = await api.post(`${reportUrl.pathname}${reportUrl.search}`, { status: 'delivered' });
    assert.equal(report.status, 200, report.raw);
    // The same URL with a wrong signature is refused, and that refusal is logged too.
    const forged = new URL(reportUrl);
    forged.searchParams.set('t', 'forged-signature-value');
    assert.equal((await api.post(`${forged.pathname}${forged.search}`, { status: 'failed' })).status, 401);
    assertNoSecret(lines, [signature, reportUrl.search.slice(1), 'forged-signature-value', ...sent.map((s) => new URL(s.reportUrl).searchParams.get('t') ?? '')]);
  });
});

describe('the log of a run with the development inbox', () => {
  const { lines, logger } = capturingLogger();
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;

  before(async () => {
    t = await startTestApp({ SMS_TRANSPORT: 'dev' }, { logger });
    api = apiClient(t);
  });
  after(async () => t.close());

  it('holds no code, though every text went to the dev inbox with its code', async () => {
    const account = await api.accountWithVerifiedPhone('inbox@example.se');
    const verification = await api.latestCode(account.phone.e164);
    assert.equal((await api.post('/api/v1/one-time-codes', { email: 'inbox@example.se', region: 'SE', number: '0701234567' })).status, 202);
    const code = await api.latestCode(account.phone.e164);
    const signedIn = await api.post('/api/v1/sessions/one-time-code', { email: 'inbox@example.se', code });
    assert.equal(signedIn.status, 201);
    const texts = await t.app.storage.devInbox.list({ to: account.phone.e164, limit: 10 });
    assert.ok(texts.length >= 2, 'the inbox shows the texts');
    assert.ok(lines.some((line) => line.includes('dev SMS inbox')), 'the log says a text was stored');
    assertNoSecret(lines, [verification, code, signedIn.body.token, account.token, ...texts.map((text) => text.body)]);
  });
});

describe('the log of a website signing in and out through us', () => {
  const { lines, logger } = capturingLogger();
  const SECRET = 'a-client-secret-of-more-than-32-characters';
  const CALLBACK = 'http://localhost:4999/callback';
  const SIGNED_OUT = 'http://localhost:4999/';
  const PASSWORD = 'correct horse battery staple';
  let t: ServedApp;

  before(async () => {
    const clients = [{ client_id: 'site', client_secret: SECRET, client_name: 'Our Site', redirect_uris: [CALLBACK], post_logout_redirect_uris: [SIGNED_OUT], first_party: true }];
    t = await serveTestApp({ OIDC_CLIENTS: JSON.stringify(clients) }, // The provider keeps real time (its tokens are read by real websites), so the app does too.
    { logger, clock: systemClock });
  });
  after(async () => t.close());

  it('holds no authorization code, token or id_token_hint of RP-initiated logout', async () => {
    await apiClient(t).signUp('website@example.se', PASSWORD);
    const site = await oidc.discovery(new URL(t.base), 'site', undefined, oidc.ClientSecretBasic(SECRET), { execute: [oidc.allowInsecureRequests] });
    const browser = httpBrowser({ acceptLanguage: 'en' });
    const { url, verifier, checks } = await authorizationRequest(site, CALLBACK);
    const signInPage = await browser.go(url.href, CALLBACK);
    const callback = await browser.submit(signInPage, '/sign-in', { email: 'website@example.se', password: PASSWORD }, CALLBACK);
    const code = new URL(callback.url).searchParams.get('code') ?? '';
    assert.ok(code, `back at the website with a code: ${callback.url}`);
    const tokens = await oidc.authorizationCodeGrant(site, new URL(callback.url), checks);
    const idToken = tokens.id_token ?? '';
    const endSession = oidc.buildEndSessionUrl(site, { id_token_hint: idToken, post_logout_redirect_uri: SIGNED_OUT, state: 'bye' });
    const question = await browser.go(endSession.href, SIGNED_OUT);
    assert.match(question.body, /Sign out of Engångskod too\?/);
    const [, , signature = ''] = idToken.split('.');
    assertNoSecret(lines, [code, tokens.access_token, idToken, signature, verifier, PASSWORD]);
  });
});
