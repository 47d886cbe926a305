import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';

// ajv-formats is CommonJS: its default export is the function (a namespace under some loaders).
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const API = '/api/v1/';
const DOCUMENT_ID = 'openapi.json';

/** `/api/v1/me/phones/:id` as the document spells it: `/api/v1/me/phones/{id}`. */
export const openApiPath = (route: string): string => route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const pointer = (...parts: string[]) => `${DOCUMENT_ID}#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

/**
 * Checks every /api/v1 answer of `server` against the server's own OpenAPI document: the
 * status must be one the operation documents, the content type one documented for that status
 * (none for a body-less answer), the body valid against its schema (Ajv, JSON Schema 2020-12 as
 * OpenAPI 3.1 has it) and the documented headers present. Answers no route took (404) must be
 * problem+json. Mismatches are collected: startTestApp throws them at the caller of inject, and
 * at close for anything that came over a socket.
 */
export function watchOpenApiConformance(server: FastifyInstance) {
  const mismatches: string[] = [];
  let ajv: Ajv2020 | undefined;
  let document: OpenAPIV3_1.Document | undefined;
  const validators = new Map<string, ValidateFunction>();

  const load = () => {
    if (!document) {
      document = server.swagger() as OpenAPIV3_1.Document;
      // The document is not a schema, but its schemas live in it and refer to its components.
      ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
      addFormats(ajv);
      ajv.addSchema(document as object, DOCUMENT_ID);
    }
    return { document, ajv: ajv! };
  };
  const validator = (ref: string): ValidateFunction => {
    let validate = validators.get(ref);
    if (!validate) {
      validate = load().ajv.getSchema(ref);
      if (!validate) throw new Error(`no schema at ${ref}`);
      validators.set(ref, validate);
    }
    return validate;
  };

  const check = (request: FastifyRequest, reply: FastifyReply, payload: unknown): string | undefined => {
    const { document } = load();
    const status = String(reply.statusCode);
    const mediaType = String(reply.getHeader('content-type') ?? '').split(';')[0]!.trim();
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : undefined;
    if (text === undefined) return 'the body is a stream, which the document cannot describe';
    const validateBody = (ref: string) => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return `the body is not JSON: ${text.slice(0, 200)}`;
      }
      const validate = validator(ref);
      return validate(body) ? undefined : `the body does not match ${ref.split('#')[1]}: ${load().ajv.errorsText(validate.errors)}; body: ${text.slice(0, 500)}`;
    };

    const route = request.routeOptions.url;
    if (route === undefined) {
      // No route took it: the not-found handler (or an error before routing).
      if (mediaType !== 'application/problem+json') return `an unrouted answer is ${mediaType || 'without a content type'}, not problem+json`;
      return validateBody(pointer('components', 'schemas', 'Problem'));
    }
    const path = openApiPath(route);
    const method = request.method.toLowerCase();
    const operation = document.paths?.[path]?.[method as OpenAPIV3_1.HttpMethods];
    if (!operation) return `the document has no operation ${method.toUpperCase()} ${path}`;
    const response = operation.responses?.[status] as OpenAPIV3_1.ResponseObject | undefined;
    if (!response) return `status ${status} is not documented (documented: ${Object.keys(operation.responses ?? {}).join(', ')})`;
    for (const header of Object.keys(response.headers ?? {})) {
      if (reply.getHeader(header) === undefined) return `the documented header ${header} is missing`;
    }
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) return text === '' ? undefined : `status ${status} is documented without a body, but one came: ${text.slice(0, 200)}`;
    if (!(mediaType in content)) return `content type ${mediaType || '(none)'} is not documented for ${status} (documented: ${Object.keys(content).join(', ')})`;
    return validateBody(pointer('paths', path, method, 'responses', status, 'content', mediaType, 'schema'));
  };

  server.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith(API) || request.method === 'HEAD') return payload;
    let mismatch: string | undefined;
    try {
      mismatch = check(request, reply, payload);
    } catch (error) {
      mismatch = `could not be checked: ${String(error)}`;
    }
    if (mismatch) mismatches.push(`${request.method} ${request.url} answered ${reply.statusCode} against the OpenAPI document: ${mismatch}`);
    return payload;
  });

  return {
    /** Throws what did not conform since the last call. */
    assertConforms(): void {
      if (mismatches.length === 0) return;
      const found = mismatches.splice(0);
      throw new Error(`API answers that contradict the OpenAPI document (fix the route's schema or the route):\n${found.join('\n')}`);
    },
  };
}
