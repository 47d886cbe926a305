import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { apiClient } from '../helpers/api-client.ts';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.ts';

/**
 * Codes, tokens, passwords and the secret key never reach the log. A whole journey runs with
 * the log at its most talkative (trace) and a real transport (the signed webhook, to a
 * receiver in this test), then every captured line is searched for every secret the run saw.
 * The development inbox is left out on purpose: printing texts is what it is for.
 */
describe('the log of a full run', () => {
  const lines: string[] = [];
  const texts: string[] = [];
  let receiver: Server;
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;

  before(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        texts.push((JSON.parse(body) as { text: string }).text);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${texts.length}` }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    t = await startTestApp(
      { SMS_TRANSPORT: 'http', SMS_HTTP_URL: `http://127.0.0.1:${port}/texts`, SMS_HTTP_SECRET: 'a webhook secret of at least 32 characters' },
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
    return /#(\d+)$/.exec(texts.at(-1) ?? '')?.[1] ?? '';
  };

  it('holds no code, token, password or secret key, though the journey used them all', async () => {
    const password = 'a very secret passphrase';
    const secrets: string[] = [password, TEST_SECRET];
    assert.equal((await api.post('/api/v1/accounts', { email: 'quiet@example.se', password })).status, 201);
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

    assert.ok(lines.length >= 10, `the run was logged (${lines.length} lines: ${lines.slice(0, 3).join('')})`);
    assert.equal(texts.length, 2, 'both texts went out through the webhook');
    const log = lines.join('');
    for (const secret of secrets) assert.ok(!log.includes(secret), `the log holds a secret: ${secret.slice(0, 3)}…`);
  });
});
