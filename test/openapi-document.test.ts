import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { OpenAPIV3_1 } from 'openapi-types';
import { CLIENT_TYPES_FILE, DOCUMENT_FILE, renderClientTypes, renderOpenApiDocument } from '../scripts/openapi-document.ts';
import { openApiPath } from './helpers/openapi-conformance.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

const committed = readFileSync(DOCUMENT_FILE, 'utf8');
const document = JSON.parse(committed) as OpenAPIV3_1.Document;

/**
 * design.md §4, the public contract: each call and its success status. The document must
 * list exactly these (with their problems); routes added to §4 join this table.
 */
const CONTRACT: readonly [method: string, path: string, status: number][] = [
  ['post', '/api/v1/accounts', 202],
  ['post', '/api/v1/accounts/verify', 201],
  ['post', '/api/v1/sessions', 201],
  ['post', '/api/v1/password-resets', 202],
  ['post', '/api/v1/password-resets/complete', 204],
  ['get', '/api/v1/me', 200],
  ['put', '/api/v1/me/password', 204],
  ['get', '/api/v1/me/sessions', 200],
  ['delete', '/api/v1/me/sessions/{id}', 204],
  ['delete', '/api/v1/me/sessions', 204],
  ['get', '/api/v1/me/export', 200],
  ['delete', '/api/v1/me', 204],
  ['post', '/api/v1/me/email', 202],
  ['post', '/api/v1/me/email/verify', 200],
  ['get', '/api/v1/me/activity', 200],
  ['post', '/api/v1/me/phones', 201],
  ['post', '/api/v1/me/phones/{id}/verification-code', 202],
  ['post', '/api/v1/me/phones/{id}/verify', 200],
  ['delete', '/api/v1/me/phones/{id}', 204],
  ['get', '/api/v1/regions', 200],
  ['post', '/api/v1/one-time-codes', 202],
  ['post', '/api/v1/sessions/one-time-code', 201],
  ['delete', '/api/v1/sessions/current', 204],
  ['post', '/api/v1/me/passkeys/options', 200],
  ['post', '/api/v1/me/passkeys', 201],
  ['get', '/api/v1/me/passkeys', 200],
  ['delete', '/api/v1/me/passkeys/{id}', 204],
  ['post', '/api/v1/sessions/passkey/options', 200],
  ['post', '/api/v1/sessions/passkey', 201],
  ['get', '/api/v1/openapi.json', 200],
];

/** The problem statuses §4 names for a call, beyond those every call may give. */
const CONTRACT_PROBLEMS: readonly [method: string, path: string, statuses: number[]][] = [
  ['post', '/api/v1/accounts', [422]],
  ['post', '/api/v1/sessions', [401, 403, 429]],
  ['get', '/api/v1/me', [401]],
  ['post', '/api/v1/me/phones', [422, 409, 403]],
  ['post', '/api/v1/me/phones/{id}/verify', [422]],
  ['post', '/api/v1/one-time-codes', [422, 429]],
  ['post', '/api/v1/sessions/one-time-code', [401]],
  ['post', '/api/v1/sessions/passkey', [401]],
];

const operation = (method: string, path: string) => document.paths?.[path]?.[method as OpenAPIV3_1.HttpMethods];

describe('the OpenAPI document (docs/openapi.json)', () => {
  it('is exactly what the routes’ schemas generate', async () => {
    assert.ok(committed === (await renderOpenApiDocument()), 'docs/openapi.json differs from the routes’ schemas: run `npm run docs:openapi` and commit the result');
  });

  it('is the typed client’s source: examples/api-client/schema.d.ts is generated from it', async () => {
    assert.ok(readFileSync(CLIENT_TYPES_FILE, 'utf8') === (await renderClientTypes(committed)), 'examples/api-client/schema.d.ts is out of date: run `npm run docs:openapi` and commit the result');
  });

  it('is valid OpenAPI 3.1', async () => {
    assert.equal(document.openapi, '3.1.0');
    const result = await new Validator().validate(structuredClone(document) as Parameters<Validator['validate']>[0]);
    assert.ok(result.valid, `invalid OpenAPI: ${JSON.stringify(result.errors, null, 2)}`);
  });

  it('lists every call of the public contract with its success status and its problems', () => {
    for (const [method, path, status] of CONTRACT) {
      const op = operation(method, path);
      assert.ok(op, `${method.toUpperCase()} ${path} is not in the document`);
      const successes = Object.keys(op.responses ?? {}).filter((s) => s.startsWith('2'));
      assert.deepEqual(successes, [String(status)], `${method.toUpperCase()} ${path} succeeds with ${status}`);
    }
    for (const [method, path, statuses] of CONTRACT_PROBLEMS) {
      for (const status of statuses) {
        const answer = operation(method, path)?.responses?.[String(status)] as OpenAPIV3_1.ResponseObject | undefined;
        assert.ok(answer?.content?.['application/problem+json'], `${method.toUpperCase()} ${path} documents its ${status} problem`);
      }
    }
    const problem429 = operation('post', '/api/v1/one-time-codes')?.responses?.['429'] as OpenAPIV3_1.ResponseObject;
    assert.ok(problem429.headers?.['Retry-After'], '429 carries Retry-After');
  });

  it('documents only /api/v1 (no pages, no OpenID Connect endpoints)', () => {
    for (const path of Object.keys(document.paths ?? {})) assert.ok(path.startsWith('/api/v1/'), path);
  });
});

describe('every /api/v1 route', () => {
  let t: TestApp;
  const routes: { method: string; url: string; schema: { response?: Record<string, unknown> } | undefined }[] = [];
  before(async () => {
    t = await startTestApp({ OPERATOR_TOKEN: 'an operator token for the OpenAPI tests' });
    t.app.server.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (route.url.startsWith('/api/v1/') && method !== 'HEAD') routes.push({ method, url: route.url, schema: route.schema as never });
      }
    });
    await t.app.server.ready();
  });
  after(() => t.close());

  it('declares a response schema for each status it answers, and is in the document', () => {
    assert.ok(routes.length >= CONTRACT.length, `found ${routes.length} routes`);
    const missing = routes.filter((r) => Object.keys(r.schema?.response ?? {}).length === 0).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(missing, [], 'routes without response schemas: give them `schema: apiSchema({...})` (docs/api.md, “Adding a route”)');
    for (const route of routes) assert.ok(operation(route.method.toLowerCase(), openApiPath(route.url)), `${route.method} ${route.url} is not in docs/openapi.json`);
  });

  it('is served at GET /api/v1/openapi.json, the same document as docs/openapi.json', async () => {
    const response = await t.app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(response.body), document);
  });
});
