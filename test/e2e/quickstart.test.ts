import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { codeIn } from '../helpers/api-client.ts';
import { compiledService, eventually, freePort, npmStart, startService, type ServiceProcess } from '../helpers/service-process.ts';

/**
 * The README's promise, kept by a test: `npm start` on a fresh data folder brings up the
 * service on SQLite with the development SMS inbox, and a person's whole journey works over
 * real HTTP. Then the service is stopped with SIGTERM and started again on the same folder.
 */

describe('the README quick start: npm start on a fresh machine', { timeout: 240_000 }, () => {
  let dataDir: string;
  let base: string;
  let env: Record<string, string> & { PORT: string };
  let running: ServiceProcess | undefined;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'engangskod-e2e-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  });
  after(async () => {
    running?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const json = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(base + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  /** The code in the newest mail to `to`, from the development mail inbox, once it has arrived. */
  const mailedCode = (to: string): Promise<string> =>
    eventually(async () => {
      const inbox = (await json('GET', `/dev/mail.json?to=${encodeURIComponent(to)}`)).body as { text: string }[];
      return inbox[0] ? codeIn(inbox[0].text) : undefined;
    }, `a mail to ${to}`);

  /** The dev inbox fills when the dispatcher, in the server process, gets to it: ask until it has. */
  const nextCode = (to: string, previous: number): Promise<{ code: string; count: number }> =>
    eventually(async () => {
      const inbox = (await json('GET', `/dev/sms.json?to=${encodeURIComponent(to)}`)).body as { body: string }[];
      return inbox.length > previous ? { code: /#(\d+)$/.exec(inbox[0]!.body)![1]!, count: inbox.length } : undefined;
    }, `a new text for ${to}`);

  it('starts on SQLite under the data folder, with a generated secret key, and walks the whole journey', async () => {
    running = await startService(npmStart, env);
    assert.equal((await json('GET', '/healthz')).status, 200);
    assert.equal((await json('GET', '/readyz')).status, 200);
    assert.ok(existsSync(join(dataDir, 'engangskod.sqlite')));
    assert.equal(statSync(join(dataDir, 'secret-key')).mode & 0o777, 0o600);

    assert.equal((await json('POST', '/api/v1/accounts', { email: 'maja@example.se', password: 'en hemlig mening' })).status, 202);
    const proven = await json('POST', '/api/v1/accounts/verify', { email: 'maja@example.se', code: await mailedCode('maja@example.se') });
    assert.equal(proven.status, 201);
    const session = await json('POST', '/api/v1/sessions', { email: 'maja@example.se', password: 'en hemlig mening' });
    assert.equal(session.status, 201);
    const phone = await json('POST', '/api/v1/me/phones', { region: 'SE', number: '070-123 45 67' }, session.body.token);
    assert.equal(phone.status, 201);
    let inbox = await nextCode('+46701234567', 0);
    assert.equal((await json('POST', `/api/v1/me/phones/${phone.body.id}/verify`, { code: inbox.code }, session.body.token)).status, 200);
    assert.equal((await json('DELETE', '/api/v1/sessions/current', undefined, session.body.token)).status, 204);

    const regions = await json('GET', '/api/v1/regions');
    assert.deepEqual(regions.body.map((r: { code: string }) => r.code), ['SE', 'NO', 'DK', 'FI', 'IS']);
    assert.equal((await json('POST', '/api/v1/one-time-codes', { email: 'maja@example.se', region: 'SE', number: '0701234567' })).status, 202);
    inbox = await nextCode('+46701234567', inbox.count);
    const signedIn = await json('POST', '/api/v1/sessions/one-time-code', { email: 'maja@example.se', code: inbox.code });
    assert.equal(signedIn.status, 201);
    const me = await json('GET', '/api/v1/me', undefined, signedIn.body.token);
    assert.equal(me.body.email, 'maja@example.se');
    assert.equal(me.body.phones[0].verified, true);
  });

  it('stops gracefully on SIGTERM and keeps accounts, sessions and outstanding codes across a restart', async () => {
    assert.ok(running);
    // A second number's verification code is outstanding when the service stops. (A new
    // sign-in code would have to wait out CODE_RESEND_SECONDS after the one just used.)
    const session = await json('POST', '/api/v1/sessions', { email: 'maja@example.se', password: 'en hemlig mening' });
    const phone = await json('POST', '/api/v1/me/phones', { region: 'SE', number: '070-765 43 21' }, session.body.token);
    assert.equal(phone.status, 201);
    const outstanding = await nextCode('+46707654321', 0);
    await running.stop();
    running = await startService(compiledService, env);
    const verified = await json('POST', `/api/v1/me/phones/${phone.body.id}/verify`, { code: outstanding.code }, session.body.token);
    assert.equal(verified.status, 200, 'the session and the code outlived the restart, with the same generated secret key');
    assert.equal((await json('POST', '/api/v1/sessions', { email: 'maja@example.se', password: 'en hemlig mening' })).status, 201);
    assert.equal(await running.stop(), 0);
    running = undefined;
  });
});
