import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { SoftwareAuthenticator } from '../../../test/helpers/software-authenticator.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

describe('passkeys over the API', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  let origin: string;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
    origin = t.app.config.publicUrl.origin;
  });
  after(() => t.close());

  /** Adds a passkey made by `authenticator` to the account behind `token`. */
  const addPasskey = async (token: string, authenticator: SoftwareAuthenticator, name?: string) => {
    const options = await api.post('/api/v1/me/passkeys/options', undefined, { token });
    assert.equal(options.status, 200, options.raw);
    const added = await api.post(`/api/v1/me/passkeys${name ? `?name=${encodeURIComponent(name)}` : ''}`, authenticator.create(options.body), { token });
    assert.equal(added.status, 201, added.raw);
    return added.body as { id: string; name: string; createdAt: string };
  };
  const signInOptions = async () => {
    const options = await api.post('/api/v1/sessions/passkey/options');
    assert.equal(options.status, 200, options.raw);
    return options.body;
  };

  it('adds a passkey, then signs in with it without an email; the holder is told by text and mail', async () => {
    const anna = await api.accountWithVerifiedPhone('anna.passkey@example.se', 'SE', '070-100 00 01');
    const phone = new SoftwareAuthenticator({ origin });
    const options = await api.post('/api/v1/me/passkeys/options', undefined, { token: anna.token });
    assert.equal(options.body.rp.id, t.app.config.publicUrl.hostname);
    assert.equal(options.body.authenticatorSelection.residentKey, 'required');
    assert.equal(options.body.authenticatorSelection.userVerification, 'required');
    const added = await api.post('/api/v1/me/passkeys?name=Min%20telefon', phone.create(options.body), { token: anna.token, headers: { 'accept-language': 'sv' } });
    assert.equal(added.status, 201, added.raw);
    assert.deepEqual(Object.keys(added.body).sort(), ['createdAt', 'id', 'name']);
    assert.equal(added.body.name, 'Min telefon');
    assert.match(await api.latestText(anna.phone.e164), /nyckel/i);
    assert.match((await api.latestMail('anna.passkey@example.se')).subject, /nyckel/i);

    const request = await signInOptions();
    assert.equal(request.userVerification, 'required');
    assert.deepEqual(request.allowCredentials ?? [], [], 'no email, no list: the passkey is discoverable');
    const signedIn = await api.post('/api/v1/sessions/passkey', phone.get(request));
    assert.equal(signedIn.status, 201, signedIn.raw);
    assert.deepEqual(Object.keys(signedIn.body).sort(), ['expiresAt', 'token']);
    const me = await api.get('/api/v1/me', { token: signedIn.body.token });
    assert.equal(me.body.email, 'anna.passkey@example.se');

    const listed = await api.get('/api/v1/me/passkeys', { token: signedIn.body.token });
    assert.equal(listed.body.length, 1);
    assert.equal(listed.body[0].name, 'Min telefon');
    assert.equal(listed.body[0].lastUsedAt, new Date(t.clock.now()).toISOString());
    assert.equal(listed.body[0].synced, false);
    const activity = await api.get('/api/v1/me/activity', { token: signedIn.body.token });
    const kinds = activity.body.map((e: { kind: string }) => e.kind);
    assert.ok(kinds.includes('passkey_added'));
    assert.ok(activity.body.some((e: { kind: string; detail: { method?: string } }) => e.kind === 'signed_in' && e.detail.method === 'hwk'));
  });

  it('counts a passkey sign-in as a recent one, and a synced passkey as such', async () => {
    const bo = await api.signUp('bo.passkey@example.se');
    const manager = new SoftwareAuthenticator({ origin, synced: true });
    await addPasskey(bo.token, manager);
    t.clock.advanceSeconds(3600);
    const signedIn = await api.post('/api/v1/sessions/passkey', manager.get(await signInOptions()));
    assert.equal(signedIn.status, 201, signedIn.raw);
    // Adding a number needs a sign-in within ten minutes: this one is.
    const phone = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-100 00 02' }, { token: signedIn.body.token });
    assert.equal(phone.status, 201, phone.raw);
    const listed = await api.get('/api/v1/me/passkeys', { token: signedIn.body.token });
    assert.equal(listed.body[0].synced, true);
  });

  it('refuses a replayed assertion, another origin, an expired challenge, a removed passkey and an unknown one with one 401', async () => {
    const cia = await api.signUp('cia.passkey@example.se');
    const key = new SoftwareAuthenticator({ origin });
    const added = await addPasskey(cia.token, key, 'Nyckelring');
    const refusals: unknown[] = [];
    const refused = async (body: unknown, what: string) => {
      const reply = await api.post('/api/v1/sessions/passkey', body);
      assert.equal(reply.status, 401, `${what}: ${reply.raw}`);
      assert.equal(reply.body.code, 'passkey_invalid');
      refusals.push(reply.body);
    };

    const first = key.get(await signInOptions());
    assert.equal((await api.post('/api/v1/sessions/passkey', first)).status, 201);
    await refused(first, 'the same assertion again');

    await refused(key.get(await signInOptions(), { origin: 'https://login.example.se.evil.test' }), 'another origin');

    // A copy of the authenticator: its counter is behind the one the service saw last.
    key.rewindCounters();
    await refused(key.get(await signInOptions()), 'a counter that did not move on');
    key.rewindCounters(10);

    const stale = await signInOptions();
    t.clock.advanceSeconds(301);
    await refused(key.get(stale), 'an expired challenge');

    // A challenge this service did not make, and one made for adding a passkey.
    await refused(key.get({ ...(await signInOptions()), challenge: Buffer.from('made.up.challenge').toString('base64url') }), 'a forged challenge');
    const stranger = new SoftwareAuthenticator({ origin });
    const elsewhere = await api.signUp('dan.passkey@example.se');
    stranger.create((await api.post('/api/v1/me/passkeys/options', undefined, { token: elsewhere.token })).body);
    await refused(stranger.get(await signInOptions()), 'a credential never added');

    const token = (await api.post('/api/v1/sessions/passkey', key.get(await signInOptions()))).body.token as string;
    assert.equal((await api.delete(`/api/v1/me/passkeys/${added.id}`, { token })).status, 204);
    await refused(key.get(await signInOptions()), 'a removed passkey');
    assert.equal((await api.get('/api/v1/me/passkeys', { token })).body.length, 0);
    const activity = await api.get('/api/v1/me/activity', { token });
    assert.ok(activity.body.some((e: { kind: string; detail: { name?: string } }) => e.kind === 'passkey_removed' && e.detail.name === 'Nyckelring'));

    // One answer for all: nothing tells one failure from another.
    for (const body of refusals) assert.deepEqual(body, refusals[0]);
  });

  it('refuses an answer made without user verification, when adding and when signing in', async () => {
    const ines = await api.signUp('ines.passkey@example.se');
    const presenceOnly = new SoftwareAuthenticator({ origin, userVerified: false });
    const options = (await api.post('/api/v1/me/passkeys/options', undefined, { token: ines.token })).body;
    const added = await api.post('/api/v1/me/passkeys', presenceOnly.create(options), { token: ines.token });
    assert.equal(added.status, 422);
    assert.equal(added.body.code, 'passkey_rejected');

    // A passkey added with verification, then used without it, then with it again.
    const key = new SoftwareAuthenticator({ origin });
    await addPasskey(ines.token, key);
    key.userVerified = false;
    const unverified = await api.post('/api/v1/sessions/passkey', key.get(await signInOptions()));
    assert.equal(unverified.status, 401);
    key.userVerified = true;
    assert.equal((await api.post('/api/v1/sessions/passkey', key.get(await signInOptions()))).status, 201);
  });

  it('refuses a challenge made for one flow in another', async () => {
    const eva = await api.signUp('eva.passkey@example.se');
    const key = new SoftwareAuthenticator({ origin });
    const registration = (await api.post('/api/v1/me/passkeys/options', undefined, { token: eva.token })).body;
    const created = key.create(registration);
    // The sign-in challenge where a registration's belongs.
    const signIn = await signInOptions();
    const swapped = key.create({ ...registration, challenge: signIn.challenge });
    assert.equal((await api.post('/api/v1/me/passkeys', swapped, { token: eva.token })).status, 422);
    // Another session's registration challenge.
    const other = await api.post('/api/v1/sessions', { email: 'eva.passkey@example.se', password: 'correct horse battery staple' });
    const rejected = await api.post('/api/v1/me/passkeys', created, { token: other.body.token });
    assert.equal(rejected.status, 422);
    assert.equal(rejected.body.code, 'passkey_rejected');
  });

  it('adds a passkey only within ten minutes of signing in, and only from our origin', async () => {
    const fia = await api.signUp('fia.passkey@example.se');
    const key = new SoftwareAuthenticator({ origin });
    const options = (await api.post('/api/v1/me/passkeys/options', undefined, { token: fia.token })).body;
    const phished = await api.post('/api/v1/me/passkeys', key.create(options, { origin: 'https://evil.example' }), { token: fia.token });
    assert.equal(phished.status, 422);
    t.clock.advanceSeconds(601);
    const stale = await api.post('/api/v1/me/passkeys/options', undefined, { token: fia.token });
    assert.equal(stale.status, 403);
    assert.equal(stale.body.code, 'reauthentication_required');
    assert.equal((await api.get('/api/v1/me/passkeys', { token: fia.token })).body.length, 0);
  });

  it('never answers 5xx to an assertion of the right shape with any contents', async () => {
    const key = new SoftwareAuthenticator({ origin });
    const jon = await api.signUp('jon.passkey@example.se');
    await addPasskey(jon.token, key);
    const real = key.get(await signInOptions());
    const b64 = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');
    const anyText = fc.string({ unit: 'binary', maxLength: 80 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({ type: anyText, challenge: fc.oneof(anyText, fc.constant(JSON.parse(Buffer.from(real.response.clientDataJSON, 'base64url').toString()).challenge)), origin: fc.oneof(anyText, fc.constant(origin)) }),
        fc.uint8Array({ maxLength: 80 }),
        fc.uint8Array({ maxLength: 80 }),
        fc.boolean(),
        async (clientData, authenticatorData, signature, realId) => {
          const body = {
            ...real,
            id: realId ? real.id : b64(signature),
            response: { ...real.response, clientDataJSON: b64(JSON.stringify(clientData)), authenticatorData: b64(authenticatorData), signature: b64(signature) },
          };
          const reply = await api.post('/api/v1/sessions/passkey', body);
          assert.equal(reply.status, 401, reply.raw);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('removes only the account’s own passkeys, and refuses malformed bodies with 422', async () => {
    const gun = await api.signUp('gun.passkey@example.se');
    const hans = await api.signUp('hans.passkey@example.se');
    const added = await addPasskey(gun.token, new SoftwareAuthenticator({ origin }));
    assert.equal((await api.delete(`/api/v1/me/passkeys/${added.id}`, { token: hans.token })).status, 404);
    assert.equal((await api.delete('/api/v1/me/passkeys/not-an-id', { token: gun.token })).status, 404);
    assert.equal((await api.get('/api/v1/me/passkeys', { token: gun.token })).body.length, 1);
    assert.equal((await api.post('/api/v1/sessions/passkey', { id: 'x' })).status, 422);
    assert.equal((await api.post('/api/v1/me/passkeys', { nonsense: true }, { token: gun.token })).status, 422);
    assert.equal((await api.get('/api/v1/me/passkeys')).status, 401);
  });
});
