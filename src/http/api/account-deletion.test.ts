import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import type { Clock } from '../../lib/clock.ts';
import { hmac } from '../../lib/secrets.ts';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { serveTestApp, type ServedApp } from '../../../test/helpers/browser.ts';
import { scanDatabase } from '../../../test/helpers/database-scan.ts';
import { httpBrowser } from '../../../test/helpers/http-browser.ts';
import { SoftwareAuthenticator } from '../../../test/helpers/software-authenticator.ts';
import { TEST_SECRET } from '../../../test/helpers/test-app.ts';

/**
 * "Ta bort kontot" (DELETE /api/v1/me), and the issue's measure of done: a rich account is
 * deleted, its last notice settles, and then no table holds its id, email, the email's HMACs
 * or its numbers. Runs on SQLite and, in `npm test`'s second pass, on PostgreSQL.
 */

const PASSWORD = 'correct horse battery staple';
const SECRET = 'a-client-secret-of-more-than-32-characters';
const CALLBACK = 'http://localhost:4998/callback';
const clients = [{ client_id: 'partner', client_secret: SECRET, client_name: 'Partner Butiken', redirect_uris: [CALLBACK], first_party: false, refresh_tokens: true }];

/** Real time (the provider's tokens are checked against it), which a test may move ahead. */
const clock: Clock & { aheadMs: number } = { aheadMs: 0, now: () => Date.now() + clock.aheadMs };

describe('deleting an account', () => {
  let t: ServedApp;
  let api: ReturnType<typeof apiClient>;

  before(async () => {
    t = await serveTestApp({ OIDC_CLIENTS: JSON.stringify(clients) }, { clock });
    api = apiClient(t);
  });
  after(async () => t.close());

  const signIn = async (email: string) => {
    const session = await api.post('/api/v1/sessions', { email, password: PASSWORD });
    assert.equal(session.status, 201, session.raw);
    return session.body.token as string;
  };

  it('needs a recent sign-in and the account email typed to confirm, and answers as the problem table says', async () => {
    const person = await api.signUp('careful@example.se');
    const wrong = await api.call('DELETE', '/api/v1/me', { token: person.token, body: { email: 'someone-else@example.se' } });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.code, 'email_mismatch');
    assert.match(String(wrong.headers['content-type']), /application\/problem\+json/);
    const missing = await api.call('DELETE', '/api/v1/me', { token: person.token, body: {} });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.code, 'validation_failed');

    clock.aheadMs += 11 * 60_000;
    const stale = await api.call('DELETE', '/api/v1/me', { token: person.token, body: { email: 'careful@example.se' } });
    assert.equal(stale.status, 403);
    assert.equal(stale.body.code, 'reauthentication_required');
    assert.equal((await api.get('/api/v1/me', { token: person.token })).status, 200, 'nothing was deleted');

    const fresh = await signIn('careful@example.se');
    // Any spelling of the address the account would answer to.
    const deleted = await api.call('DELETE', '/api/v1/me', { token: fresh, body: { email: ' Careful@Example.SE ' } });
    assert.equal(deleted.status, 204, deleted.raw);
    assert.equal((await api.get('/api/v1/me', { token: fresh })).status, 401, 'this session ended with the account');
    assert.equal((await api.get('/api/v1/me', { token: person.token })).status, 401, 'and every other');
    assert.equal((await api.post('/api/v1/sessions', { email: 'careful@example.se', password: PASSWORD })).status, 401);
  });

  it('leaves nothing about the person in any table once the last notice has settled, and the address can sign up again', async () => {
    const email = 'everything@example.se';
    const verifiedNumber = '+46701112201';
    const unverifiedNumber = '+46701112202';
    // Someone else, whose rows must all stay.
    const bystander = await api.accountWithVerifiedPhone('bystander@example.se', 'SE', '070-111 22 99');

    // A proven address, a password, a verified number (a code sign-in on it) and one still unverified.
    const person = await api.accountWithVerifiedPhone(email, 'SE', '070-111 22 01');
    assert.equal(person.phone.e164, verifiedNumber);
    const added = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-111 22 02' }, { token: person.token });
    assert.equal(added.status, 201, added.raw);
    assert.equal(await api.latestCode(unverifiedNumber).then((c) => c.length), t.app.config.otp.length);
    assert.equal((await api.post('/api/v1/one-time-codes', { email, region: 'SE', number: '070-111 22 01' })).status, 202);
    const code = await api.latestCode(verifiedNumber);
    const byCode = await api.post('/api/v1/sessions/one-time-code', { email, code });
    assert.equal(byCode.status, 201, byCode.raw);
    // A password sign-in from a browser that is then known.
    const device = await api.deviceCookie(email);
    // A reset asked for by mail and by text: codes, mails and texts in the outbox.
    assert.equal((await api.post('/api/v1/password-resets', { email })).status, 202);
    assert.equal((await api.post('/api/v1/password-resets', { email, region: 'SE', number: '070-111 22 01' })).status, 202);
    // The newest mail may be a notice (the new browser's sign-in); a reset code is among them.
    assert.ok((await api.mails(email)).some((mail) => /\b\d{6,}\b/.test(mail.text)), "a reset code was mailed");
    // A passkey, and a sign-in with it.
    const key = new SoftwareAuthenticator({ origin: t.app.config.publicUrl.origin });
    const keyOptions = await api.post('/api/v1/me/passkeys/options', undefined, { token: person.token });
    assert.equal((await api.post('/api/v1/me/passkeys', key.create(keyOptions.body), { token: person.token })).status, 201);
    const byKey = await api.post('/api/v1/sessions/passkey', key.get((await api.post('/api/v1/sessions/passkey/options')).body));
    assert.equal(byKey.status, 201, byKey.raw);
    // A website that is not ours, allowed with a refresh token, from a browser signed in on our pages.
    const website = await oidc.discovery(new URL(t.base), 'partner', undefined, oidc.ClientSecretBasic(SECRET), { execute: [oidc.allowInsecureRequests] });
    const browser = httpBrowser({ acceptLanguage: 'sv' });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(website, {
      redirect_uri: CALLBACK,
      scope: 'openid email phone offline_access',
      prompt: 'consent',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      login_hint: email,
    });
    const signInPage = await browser.go(url.href, CALLBACK);
    const consent = await browser.submit(signInPage, '/sign-in', { email, password: PASSWORD }, CALLBACK);
    assert.match(consent.body, /Partner Butiken/);
    const callback = await browser.submit(consent, /action="([^"]*consent)"/.exec(consent.body)?.[1] ?? '', { decision: 'allow' }, CALLBACK);
    const tokens = await oidc.authorizationCodeGrant(website, new URL(callback.url), { pkceCodeVerifier: verifier, expectedState: state });
    assert.ok(tokens.refresh_token, 'a refresh token for the website');
    assert.equal((await api.get('/api/v1/me/activity', { token: byCode.body.token })).status, 200);

    // The sign-in the deletion will need, then a wrong password (a failed attempt, limit rows: a right one clears those).
    const token = await signIn(email);
    assert.equal((await api.post('/api/v1/sessions', { email, password: 'not the password at all' })).status, 401);

    const emailKeys = [
      hmac(Buffer.from(TEST_SECRET), 'limit:mail-address', email),
      hmac(Buffer.from(TEST_SECRET), 'limit:password-email', `${email}\nother`),
      ...[verifiedNumber, unverifiedNumber].map((n) => hmac(Buffer.from(TEST_SECRET), 'limit:pair', `${email}\n${n}`)),
    ];
    const needles = [person.id, email, ...emailKeys, verifiedNumber, unverifiedNumber];
    const beforeScan = await scanDatabase(t.app.config.database, needles);
    for (const needle of [person.id, email, emailKeys[0]!, emailKeys[1]!, emailKeys[2]!, verifiedNumber, unverifiedNumber]) {
      assert.ok(beforeScan.found.some((f) => f.needle === needle), `the scan sees ${needle} before the deletion: it would see it after`);
    }
    for (const table of ['passkeys', 'oidc_payloads', 'oidc_consents', 'limit_windows', 'sms_outbox', 'dev_sms_inbox', 'dev_mail_inbox', 'activity_events', 'known_devices', 'one_time_codes']) {
      assert.ok(beforeScan.found.some((f) => f.table === table), `the rich account has rows in ${table}`);
    }

    // Deleted from a browser the person signed in on (a recent sign-in).
    const deleted = await api.call('DELETE', '/api/v1/me', { token, body: { email }, headers: { cookie: device, 'accept-language': 'en' } });
    assert.equal(deleted.status, 204, deleted.raw);
    await assert.rejects(oidc.refreshTokenGrant(website, tokens.refresh_token), (e: { error?: string }) => e.error === 'invalid_grant');
    const keyAfter = await api.post('/api/v1/sessions/passkey', key.get((await api.post('/api/v1/sessions/passkey/options')).body));
    assert.equal(keyAfter.body.code, 'passkey_invalid', 'the passkey went with the account');

    // The last notice: a text to the verified number only, and a mail to the proven address.
    const farewellTexts = await api.texts(verifiedNumber);
    assert.deepEqual(farewellTexts, ['Your account and everything we kept about you were deleted. You will get no more messages from us.']);
    assert.deepEqual(await api.texts(unverifiedNumber), []);
    const farewellMails = await api.mails(email);
    assert.deepEqual(farewellMails.map((m) => m.subject), ['Your account was deleted']);

    // Settled and handed over: housekeeping erases what the farewells said and to whom.
    const { farewells } = await t.app.housekeeping.runOnce();
    assert.ok(farewells >= 2, 'this text and mail, and the first test\'s mail');
    const afterScan = await scanDatabase(t.app.config.database, needles);
    assert.deepEqual(afterScan.found, [], 'nothing about the person is left');
    assert.ok(afterScan.tables.length >= 20, `every table was read: ${afterScan.tables.join(', ')}`);

    // The bystander's account, number and texts are all still there.
    const stillThere = await scanDatabase(t.app.config.database, [bystander.id, 'bystander@example.se', bystander.phone.e164]);
    for (const table of ['accounts', 'phones', 'sessions', 'sms_outbox', 'dev_sms_inbox', 'activity_events']) {
      assert.ok(stillThere.found.some((f) => f.table === table), `the bystander's rows in ${table} stay`);
    }
    assert.equal((await api.get('/api/v1/me', { token: bystander.token })).status, 200);

    // The address is free: a new sign-up proves it again and starts empty.
    const again = await api.signUp(email);
    assert.notEqual(again.id, person.id);
    const me = await api.get('/api/v1/me', { token: again.token });
    assert.deepEqual(me.body.phones, []);
    const activity = await api.get('/api/v1/me/activity', { token: again.token });
    assert.deepEqual(
      (activity.body as { kind: string }[]).map((e) => e.kind).sort(),
      ['account_created', 'email_verified', 'signed_in'].sort(),
    );
  });
});
