import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { pageClient } from '../../../test/helpers/page-client.ts';
import { SoftwareAuthenticator } from '../../../test/helpers/software-authenticator.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

/** The options a passkey form carries in data-passkey-options (HTML-escaped JSON). */
const optionsIn = (body: string) => {
  const raw = /data-passkey-options="([^"]+)"/.exec(body)?.[1];
  if (!raw) throw new Error('no passkey options on the page');
  return JSON.parse(raw.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
};

describe('passkey pages', () => {
  let t: TestApp;
  let origin: string;
  before(async () => {
    t = await startTestApp();
    origin = t.app.config.publicUrl.origin;
  });
  after(() => t.close());

  it('keeps the passkey option hidden until the script shows it, and offers passkeys in the email field', async () => {
    const page = await pageClient(t).get('/sign-in');
    assert.match(page.body, /<section class="passkey-sign-in"[^>]*data-passkey-only hidden>/);
    assert.match(page.body, /autocomplete="username webauthn"/);
    assert.equal(optionsIn(page.body).userVerification, 'required');
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  });

  it('adds a passkey on the security page, signs in with it on the sign-in page, and refuses a page challenge in the API', async () => {
    const api = apiClient(t);
    await api.signUp('page.passkey@example.se');
    const browser = pageClient(t);
    const signedIn = await browser.submit('/sign-in', '/sign-in', { email: 'page.passkey@example.se', password: 'correct horse battery staple' });
    assert.equal(signedIn.status, 303);
    const key = new SoftwareAuthenticator({ origin });
    const addPage = await browser.get('/account/security/passkeys/add');
    assert.equal(addPage.status, 200);
    // Without script the form (and its "Avbryt") stays hidden: the way back is outside it.
    assert.match(addPage.body, /<\/div>\n<p><a href="\/account\/security">Tillbaka till säkerhetsinformationen<\/a><\/p>/);
    const added = await browser.post('/account/security/passkeys/add', { name: 'Skrivbordet', credential: JSON.stringify(key.create(optionsIn(addPage.body))) });
    assert.equal(added.status, 303, added.body);
    const security = await browser.get(added.location ?? '');
    assert.match(security.body, /Skrivbordet/);

    await browser.post('/sign-out', {});
    const signInPage = await browser.get('/sign-in');
    const options = optionsIn(signInPage.body);
    // A challenge made for this browser's page is not one the API takes.
    assert.equal((await api.post('/api/v1/sessions/passkey', key.get(options))).status, 401);
    const again = optionsIn((await browser.get('/sign-in')).body);
    const viaPage = await browser.post('/sign-in/passkey', { credential: JSON.stringify(key.get(again)) });
    assert.equal(viaPage.status, 303, viaPage.body);
    assert.equal(viaPage.location, '/account');
    assert.equal((await browser.get('/account')).status, 200);
  });

  it('answers a broken or foreign passkey form with the sign-in page and a friendly word, never a 5xx', async () => {
    const browser = pageClient(t, { acceptLanguage: 'en' });
    await browser.get('/sign-in');
    for (const credential of ['', 'not json', '{"id":1}', JSON.stringify({ id: 'x', response: { clientDataJSON: '!!' } })]) {
      const reply = await browser.follow(await browser.post('/sign-in/passkey', { credential }));
      assert.equal(reply.status, 401, credential);
      assert.match(reply.body, /Signing in with the passkey did not work/);
    }
    const forged = await browser.post('/sign-in/passkey', { credential: '' }, { csrf: 'forged' });
    assert.equal(forged.status, 403);
  });

  it('sends an old sign-in to sign in again before adding a passkey', async () => {
    const api = apiClient(t);
    await api.signUp('old.passkey@example.se');
    const browser = pageClient(t);
    await browser.submit('/sign-in', '/sign-in', { email: 'old.passkey@example.se', password: 'correct horse battery staple' });
    t.clock.advanceSeconds(601);
    const page = await browser.get('/account/security/passkeys/add');
    assert.equal(page.status, 303);
    assert.match(page.location ?? '', /^\/sign-in\?.*reason=reauthenticate/);
  });
});

describe('times on the overview and the security info', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ OIDC_CLIENTS: JSON.stringify([{ client_id: 'shop', client_secret: 'a-client-secret-of-more-than-32-characters', client_name: 'Butiken', redirect_uris: ['http://localhost:4998/callback'] }]) });
    // 22:30 UTC: 00:30 on the 2nd in Helsinki, still the 1st (23:30) in Stockholm.
    t.clock.advanceSeconds(13.5 * 3600);
  });
  after(() => t.close());

  it('are in the account\'s zone, as on the sessions and activity pages, not always Stockholm\'s', async () => {
    const api = apiClient(t);
    const account = await api.accountWithVerifiedPhone('tider@example.fi', 'FI', '040 765 4322');
    const options = await api.post('/api/v1/me/passkeys/options', undefined, { token: account.token });
    const key = new SoftwareAuthenticator({ origin: t.app.config.publicUrl.origin });
    assert.equal((await api.post('/api/v1/me/passkeys?name=Telefonen', key.create(options.body), { token: account.token })).status, 201);
    await t.app.services.oidc.consents.give(account.id, 'shop', { scopes: ['openid', 'email'], claims: [] });

    const browser = pageClient(t);
    assert.equal((await browser.submit('/sign-in', '/sign-in', { email: 'tider@example.fi', password: 'correct horse battery staple' })).location, '/account');
    const security = (await browser.get('/account/security')).body;
    assert.match(security, /Tillagd 2 jan\. 2026 00:30/);
    assert.doesNotMatch(security, /1 jan\. 2026 23:30/);
    const overview = (await browser.get('/account')).body;
    assert.match(overview, /Butiken[\s\S]*2 jan\. 2026/);
    assert.doesNotMatch(overview, /1 jan\. 2026/);
  });
});
