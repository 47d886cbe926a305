import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

/**
 * Property: whatever a client sends, the API answers without a 5xx, and every failure is
 * problem+json. fast-check shrinks any counterexample to the smallest input that shows it.
 */

// Strings a hostile or careless client sends: unicode, control characters, long runs, look-alikes.
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\uFEFF', '+46701234567', '0701234567', 'SE', 'se', 'XX', 'a@b.se', '12345678', '💥', '%', '\\', '"', '__proto__', 'constructor'),
  fc.string({ maxLength: 3 }).map((s) => s.repeat(500)),
);
const anyValue = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(nasty, { maxLength: 3 }), fc.dictionary(nasty, nasty, { maxKeys: 3 }));
const bodyWith = (keys: readonly string[]) =>
  fc.oneof(
    fc.record(Object.fromEntries(keys.map((k) => [k, anyValue])), { requiredKeys: [] }),
    fc.record(Object.fromEntries(keys.map((k) => [k, nasty]))),
    anyValue,
  );

const runs = { numRuns: 150 };

describe('the API under arbitrary input', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  let token: string;
  let phoneId: string;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '1000000', OTP_DAILY_LIMIT: '1000000' });
    api = apiClient(t);
    const account = await api.accountWithVerifiedPhone('fuzz@example.se');
    token = account.token;
    phoneId = account.phone.id;
  });
  after(() => t.close());

  const assertNo5xx = (reply: { status: number; headers: Record<string, unknown> }, what: string) => {
    assert.ok(reply.status < 500, `${what} answered ${reply.status}`);
    if (reply.status >= 400) assert.match(String(reply.headers['content-type']), /^application\/problem\+json/, what);
  };

  const endpoints: [string, string, readonly string[], boolean][] = [
    ['POST', '/api/v1/accounts', ['email', 'password'], false],
    ['POST', '/api/v1/accounts/verify', ['email', 'code'], false],
    ['POST', '/api/v1/accounts/verification-code', ['email'], false],
    ['POST', '/api/v1/password-resets', ['email', 'region', 'number'], false],
    ['POST', '/api/v1/password-resets/complete', ['email', 'code', 'password'], false],
    ['POST', '/api/v1/sessions', ['email', 'password'], false],
    ['POST', '/api/v1/one-time-codes', ['email', 'region', 'number'], false],
    ['POST', '/api/v1/sessions/one-time-code', ['email', 'code'], false],
    ['POST', '/api/v1/me/phones', ['region', 'number'], true],
    ['POST', '/api/v1/me/phones/{id}/verify', ['code'], true],
    ['POST', '/api/v1/sessions/passkey', ['id', 'rawId', 'type', 'response', 'clientExtensionResults'], false],
    ['POST', '/api/v1/me/passkeys', ['id', 'rawId', 'type', 'response', 'clientExtensionResults'], true],
    ['POST', '/api/v1/me/email', ['email'], true],
    ['POST', '/api/v1/me/email/verify', ['code'], true],
  ];
  for (const [method, path, keys, authenticated] of endpoints) {
    it(`never answers 5xx to ${method} ${path}, whatever the body`, async () => {
      await fc.assert(
        fc.asyncProperty(bodyWith(keys), nasty, async (body, acceptLanguage) => {
          const reply = await api.call(method as 'POST', path.replace('{id}', phoneId), {
            body,
            ...(authenticated ? { token } : {}),
            headers: { 'accept-language': acceptLanguage.replace(/[^\t\x20-\x7e]/g, '') },
          });
          assertNo5xx(reply, `${method} ${path} ${JSON.stringify(body)}`);
        }),
        runs,
      );
    });
  }

  it('never answers 5xx to raw bytes sent as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('/api/v1/accounts', '/api/v1/one-time-codes', '/api/v1/sessions/one-time-code'), async (payload, url) => {
        const reply = await t.app.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
        assertNo5xx({ status: reply.statusCode, headers: reply.headers }, `${url} ${JSON.stringify(payload)}`);
      }),
      runs,
    );
  });

  it('never answers 5xx to odd paths, ids, query strings and tokens', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, nasty, async (segment, authorization) => {
        const id = encodeURIComponent(segment);
        const headers = { authorization: `Bearer ${authorization}`.replace(/[^\t\x20-\x7e]/g, '') };
        for (const [method, url] of [
          ['DELETE', `/api/v1/me/phones/${id}`],
          ['POST', `/api/v1/me/phones/${id}/verify`],
          ['GET', `/api/v1/me?${id}`],
          ['GET', `/dev/sms.json?to=${id}`],
          ['GET', `/api/v1/regions/${id}`],
        ] as const) {
          const reply = await api.call(method, url, { headers, ...(method === 'POST' ? { body: { code: segment } } : {}) });
          assertNo5xx(reply, `${method} ${url}`);
        }
      }),
      runs,
    );
  });
});
