import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { PRODUCTION_ENV, startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import type { MailMessage } from '../../domain/code-delivery/mail-queue.ts';

const queueMail = (t: TestApp, mail: MailMessage) => t.app.domain.transaction((stores) => stores.mails.enqueue(mail));

describe('the development mail inbox', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  it('shows a mail only once the dispatcher has handed it over, newest first, as [{to, subject, text, createdAt}]', async () => {
    await queueMail(t, { kind: 'password_changed', to: 'anna@example.se', locale: 'sv' });
    assert.deepEqual((await api.get('/dev/mail.json')).body, [], 'queued, not yet handed over');
    await t.app.mail.dispatcher.drain();
    t.clock.advanceSeconds(1);
    await queueMail(t, { kind: 'sign_up_attempt', to: 'bo+test@example.se', locale: 'en' });
    await t.app.mail.dispatcher.drain();
    const all = (await api.get('/dev/mail.json')).body;
    assert.deepEqual(all.map((m: { to: string; subject: string }) => [m.to, m.subject]), [
      ['bo+test@example.se', 'Someone tried to create an account with your email address'],
      ['anna@example.se', 'Ditt lösenord har ändrats'],
    ]);
    assert.deepEqual(Object.keys(all[0]).sort(), ['createdAt', 'subject', 'text', 'to']);
    assert.equal(all[0].createdAt, new Date(t.clock.now()).toISOString());
    assert.match(all[1].text, /Lösenordet till ditt konto har just ändrats/);
  });

  it('filters by address, whether a plus arrives encoded or raw (a space)', async () => {
    for (const query of ['bo%2Btest%40example.se', 'bo+test@example.se']) {
      const reply = await api.get(`/dev/mail.json?to=${query}`);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body.map((m: { to: string }) => m.to), ['bo+test@example.se'], query);
    }
    assert.deepEqual((await api.get('/dev/mail.json?to=nobody%40example.se')).body, []);
  });

  it('shows no mail whose code can no longer be used: the dispatcher drops it, as it drops such a text', async () => {
    await queueMail(t, { kind: 'verify_email', to: 'code@example.se', locale: 'sv', code: '12345678', codeId: 'not-a-code', expiresAt: t.clock.now() + 600_000 });
    await t.app.mail.dispatcher.drain();
    assert.deepEqual((await api.get('/dev/mail.json?to=code%40example.se')).body, []);
  });

  it('renders the inbox as an HTML page with every mail escaped', async () => {
    await queueMail(t, { kind: 'password_changed', to: '<b>x</b>@example.se', locale: 'en' });
    await t.app.mail.dispatcher.drain();
    const reply = await t.app.server.inject({ method: 'GET', url: '/dev/mail' });
    assert.equal(reply.statusCode, 200);
    assert.match(reply.headers['content-type'] as string, /^text\/html/);
    assert.match(reply.body, /Your password was changed/);
    assert.match(reply.body, /&lt;b&gt;x&lt;\/b&gt;@example.se/);
    assert.doesNotMatch(reply.body, /<b>x<\/b>/);
    const filtered = await t.app.server.inject({ method: 'GET', url: '/dev/mail?to=anna%40example.se' });
    assert.match(filtered.body, /anna@example.se/);
    assert.doesNotMatch(filtered.body, /bo\+test@example.se/);
  });
});

describe('the development mail inbox outside development', () => {
  it('answers 404 in production, and wherever mails go through SMTP', async () => {
    for (const env of [PRODUCTION_ENV, { MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:9' }]) {
      const t = await startTestApp(env);
      try {
        for (const url of ['/dev/mail', '/dev/mail.json', '/dev/mail.json?to=anna%40example.se']) {
          assert.equal((await t.app.server.inject({ method: 'GET', url })).statusCode, 404, `${url} ${JSON.stringify(env)}`);
        }
      } finally {
        await t.close();
      }
    }
  });
});
