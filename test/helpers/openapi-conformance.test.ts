import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import { z } from 'zod';
import { openApiOptions } from '../../src/http/api/openapi.ts';
import { apiSchema } from '../../src/http/api/route-schema.ts';
import { sendProblem } from '../../src/http/problems.ts';
import { watchOpenApiConformance } from './openapi-conformance.ts';

/** The checker every API suite relies on: it must refuse what the document does not say. */
describe('checking answers against the OpenAPI document', () => {
  const serve = async () => {
    const server = Fastify();
    server.setValidatorCompiler(() => (value) => ({ value }));
    server.setSerializerCompiler(() => (data) => JSON.stringify(data));
    server.setNotFoundHandler((request, reply) => sendProblem(request, reply, 'not_found'));
    await server.register(swagger, openApiOptions('0.0.0'));
    server.get<{ Querystring: { answer: string } }>(
      '/api/v1/thing',
      { schema: apiSchema({ summary: 'A thing', tags: ['test'], responses: { 200: { description: 'It.', body: z.object({ name: z.string() }) } }, problems: ['rate_limited'] }) },
      async (request, reply) => {
        switch (request.query.answer) {
          case 'wrong-type': return { name: 1 };
          case 'extra-field': return { name: 'a', secret: 'b' };
          case 'undocumented-status': return reply.code(409).send({ name: 'a' });
          case 'undocumented-problem': return sendProblem(request, reply, 'phone_exists');
          case 'problem': return sendProblem(request, reply, 'rate_limited', { retryAfterSeconds: 5 });
          case 'problem-without-header': return reply.code(429).type('application/problem+json').send({ type: 'urn:engangskod:problem:rate_limited', title: 't', status: 429, detail: 'd', code: 'rate_limited' });
          case 'plain-text': return reply.type('text/plain').send('name');
          default: return { name: 'a' };
        }
      },
    );
    const conformance = watchOpenApiConformance(server);
    return { server, conformance };
  };

  it('passes answers the document describes, problems included', async () => {
    const { server, conformance } = await serve();
    for (const answer of ['good', 'problem']) await server.inject(`/api/v1/thing?answer=${answer}`);
    await server.inject('/api/v1/nothing-here'); // the not-found handler's problem
    conformance.assertConforms();
  });

  for (const [answer, reason] of [
    ['wrong-type', /name must be string/],
    ['extra-field', /must NOT have additional properties/],
    ['undocumented-status', /status 409 is not documented/],
    ['undocumented-problem', /status 409 is not documented/],
    ['problem-without-header', /header Retry-After is missing/],
    ['plain-text', /content type text\/plain is not documented/],
  ] as const) {
    it(`refuses an answer with ${answer}`, async () => {
      const { server, conformance } = await serve();
      await server.inject(`/api/v1/thing?answer=${answer}`);
      assert.throws(() => conformance.assertConforms(), reason);
    });
  }
});
