import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';

/**
 * The README's promise, kept by a test: `npm start` on a fresh data folder brings up the
 * service on SQLite with the development SMS inbox, and a person's whole journey works over
 * real HTTP. Then the service is stopped with SIGTERM and started again on the same folder.
 */

const repo = new URL('../..', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

/** Starts the command and resolves once the service logs that it listens. */
async function start(command: readonly string[], env: Record<string, string>): Promise<Running> {
  const { NODE_ENV: _testEnv, ...inherited } = process.env;
  const child = spawn(command[0]!, command.slice(1), { cwd: repo, env: { ...inherited, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start in 90 s\n${stderr}`)), 90_000);
    lines.on('line', (line) => {
      if (line.includes('Engångskod is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code} before listening\n${stderr}`));
    });
  });
  return { child, exited };
}

/** SIGTERM to the whole process group, as a service manager sends it. */
async function stop(running: Running): Promise<number | null> {
  process.kill(-running.child.pid!, 'SIGTERM');
  return running.exited;
}

const npmStart = ['npm', 'start', '--silent'];
// After the first start has built it: the compiled service itself, so its own exit code shows.
const compiled = [process.execPath, 'dist/main.js'];

describe('the README quick start: npm start on a fresh machine', { timeout: 240_000 }, () => {
  let dataDir: string;
  let base: string;
  let env: Record<string, string>;
  let running: Running | undefined;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'engangskod-e2e-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  });
  after(async () => {
    if (running) {
      try {
        process.kill(-running.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
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

  /** The dev inbox fills when the dispatcher, in the server process, gets to it: ask until it has. */
  const nextCode = async (to: string, previous: number): Promise<{ code: string; count: number }> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const inbox = (await json('GET', `/dev/sms.json?to=${encodeURIComponent(to)}`)).body as { body: string }[];
      if (inbox.length > previous) return { code: /#(\d+)$/.exec(inbox[0]!.body)![1]!, count: inbox.length };
      if (Date.now() > deadline) throw new Error(`no new text for ${to}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  it('starts on SQLite under the data folder, with a generated secret key, and walks the whole journey', async () => {
    running = await start(npmStart, env);
    assert.equal((await json('GET', '/healthz')).status, 200);
    assert.equal((await json('GET', '/readyz')).status, 200);
    assert.ok(existsSync(join(dataDir, 'engangskod.sqlite')));
    assert.equal(statSync(join(dataDir, 'secret-key')).mode & 0o777, 0o600);

    assert.equal((await json('POST', '/api/v1/accounts', { email: 'maja@example.se', password: 'en hemlig mening' })).status, 201);
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
    assert.equal((await json('POST', '/api/v1/one-time-codes', { email: 'maja@example.se', region: 'SE', number: '0701234567' })).status, 202);
    const before = await nextCode('+46701234567', 2);
    await stop(running);
    running = await start(compiled, env);
    const signedIn = await json('POST', '/api/v1/sessions/one-time-code', { email: 'maja@example.se', code: before.code });
    assert.equal(signedIn.status, 201, 'the same generated secret key was used again');
    assert.equal((await json('POST', '/api/v1/sessions', { email: 'maja@example.se', password: 'en hemlig mening' })).status, 201);
    assert.equal(await stop(running), 0);
    running = undefined;
  });
});
