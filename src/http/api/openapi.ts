import type { SwaggerOptions } from '@fastify/swagger';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { FastifyInstance, FastifyPluginAsync, FastifySchema } from 'fastify';
import { z } from 'zod';
import type { ProblemCode } from '../problems.ts';
import { apiSchema, componentSchemas, problemResponses, PROBLEM_MEDIA_TYPE } from './route-schema.ts';

export const API_PREFIX = '/api/v1';
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;

/** Answers any route can give: Fastify's own refusals of a body, and a bug. */
const commonProblems = (method: string): ProblemCode[] =>
  method === 'GET' || method === 'HEAD' ? ['internal'] : ['bad_request', 'invalid_json', 'body_too_large', 'unsupported_media_type', 'internal'];

type ResponseObject = { content?: Record<string, { schema?: { allOf?: [unknown, { properties: { code: { enum: ProblemCode[] } } }] } }> };

/** The codes a problem answer of the route already names, so the common ones join them. */
function problemCodesOf(response: Record<string, ResponseObject>): ProblemCode[] {
  return Object.values(response).flatMap((answer) => answer.content?.[PROBLEM_MEDIA_TYPE]?.schema?.allOf?.[1].properties.code.enum ?? []);
}

/**
 * @fastify/swagger's options, in OpenAPI 3.1 mode: only /api/v1 routes are listed (the OpenID
 * Connect endpoints have their own discovery document, the pages are pages). Register it before
 * the routes: it lists those registered after it.
 */
export function openApiOptions(version: string): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Engångskod API',
        version,
        description: 'Sign-in with SMS one-time codes and passwords. Errors are `application/problem+json` (RFC 9457) with a stable `code`; docs/api.md says when each is given.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'The `token` of a sign-in (`POST /api/v1/sessions` and the like).' },
          operator: { type: 'http', scheme: 'bearer', description: 'The `OPERATOR_TOKEN` setting.' },
        },
      },
    },
    // The order routes were registered in is not the document's order: sorted, so it is stable.
    transformObject: (documentObject) => {
      if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
      const { openapiObject } = documentObject;
      const paths = Object.fromEntries(Object.entries(openapiObject.paths ?? {}).sort(([a], [b]) => a.localeCompare(b)));
      return { ...openapiObject, paths, components: { ...openapiObject.components, schemas: componentSchemas() } } as Partial<OpenAPIV3_1.Document>;
    },
    transform: ({ schema, url, route }) => {
      if (!url.startsWith(`${API_PREFIX}/`)) return { schema: { ...schema, hide: true } as FastifySchema, url };
      const response = (schema?.response ?? {}) as Record<string, ResponseObject>;
      const method = [route.method].flat()[0] ?? 'GET';
      const codes = [...new Set([...problemCodesOf(response), ...commonProblems(method)])];
      return { schema: { ...schema, response: { ...response, ...problemResponses(codes) } } as FastifySchema, url };
    },
  };
}

const openApiDocumentShape = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });

/** GET /api/v1/openapi.json: the document of this instance's routes. */
export const openApiRoutes = (): FastifyPluginAsync => async (app: FastifyInstance) => {
  const documentSchema = apiSchema({
    summary: 'This document',
    description: 'OpenAPI 3.1 of /api/v1, generated from the routes’ own schemas (docs/openapi.json is a copy).',
    tags: ['meta'],
    responses: { 200: { description: 'The OpenAPI document.', body: openApiDocumentShape } },
    problems: [],
  });
  app.get('/openapi.json', { schema: documentSchema }, async () => app.swagger());
};
