import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

describe('TEST_NUMBERS for app reviewers', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp({ TEST_NUMBERS: '+46700000001=24681357' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('verifies and signs in with the fixed code, sends no text, and keeps every other rule', async () => {
    const reviewer = await api.signUp('reviewer@example.se');
    const added = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-000 00 01' }, { token: reviewer.token });
    assert.equal(added.status, 201);
    assert.equal((await api.post(`/api/v1/me/phones/${added.body.id}/verify`, { code: '24681357' }, { token: reviewer.token })).status, 200);

    const request = { email: 'reviewer@example.se', region: 'SE', number: '0700000001' };
    assert.equal((await api.post('/api/v1/one-time-codes', request)).status, 202);
    const signedIn = await api.post('/api/v1/sessions/one-time-code', { email: 'reviewer@example.se', code: '24681357' });
    assert.equal(signedIn.status, 201);
    assert.equal((await api.post('/api/v1/sessions/one-time-code', { email: 'reviewer@example.se', code: '24681357' })).status, 401, 'still single use');

    t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    assert.equal((await api.post('/api/v1/one-time-codes', request)).status, 202);
    t.clock.advanceSeconds(600);
    assert.equal((await api.post('/api/v1/sessions/one-time-code', { email: 'reviewer@example.se', code: '24681357' })).status, 401, 'still expires');

    await t.app.dispatcher.drain();
    assert.deepEqual(await t.app.storage.devInbox.list({ to: '+46700000001', limit: 10 }), []);
    assert.deepEqual(await t.app.storage.outbox.operator.countByStatus('sms'), {}, 'no text went anywhere');
  });

  it('leaves every other number as it was: random codes, texts sent', async () => {
    const other = await api.accountWithVerifiedPhone('ordinary@example.se', 'SE', '070-000 00 02');
    await api.post('/api/v1/one-time-codes', { email: 'ordinary@example.se', region: 'SE', number: '0700000002' });
    assert.notEqual(await api.latestCode(other.phone.e164), '24681357');
  });
});

describe('TEST_NUMBERS at start-up', () => {
  it('refuses a code of another length than OTP_LENGTH and a pair that is not +number=code', async () => {
    await assert.rejects(startTestApp({ TEST_NUMBERS: '+46700000001=123456' }), /OTP_LENGTH/);
    await assert.rejects(startTestApp({ TEST_NUMBERS: '0700000001=12345678' }), /not a \+number=code pair/);
  });

  it('says so loudly in the log, naming the numbers but never the codes', async () => {
    const lines: string[] = [];
    const { loadConfig } = await import('../../config/load.ts');
    const { buildApp } = await import('../../app.ts');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-test-numbers-'));
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = await buildApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, SECRET_KEY: 'x'.repeat(40), TEST_NUMBERS: '+46700000001=24681357' }), { logger, background: false });
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    const warning = lines.map((l) => JSON.parse(l) as { level: number; msg: string; testNumbers?: string[] }).find((l) => l.msg.startsWith('TEST_NUMBERS'));
    assert.equal(warning?.level, 40);
    assert.deepEqual(warning?.testNumbers, ['+46700000001']);
    assert.ok(lines.every((l) => !l.includes('24681357')));
  });
});
