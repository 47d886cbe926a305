// The OpenAPI document as `npm run docs:openapi` writes it to docs/openapi.json, and the typed
// client's types (examples/api-client/schema.d.ts) generated from it with openapi-typescript.
// test/openapi-document.test.ts regenerates both and fails when a committed copy differs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';

export const DOCUMENT_FILE = new URL('../docs/openapi.json', import.meta.url);
export const CLIENT_TYPES_FILE = new URL('../examples/api-client/schema.d.ts', import.meta.url);

/**
 * The document of a service with every /api/v1 route: the operator API is there only with
 * OPERATOR_TOKEN, so the generating instance has one (nothing else in the document depends
 * on settings).
 */
export async function renderOpenApiDocument(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-openapi-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SECRET_KEY: 'only for generating the OpenAPI document, never used',
    OPERATOR_TOKEN: 'only for generating the OpenAPI document, never used',
  });
  const app = await buildApp(config, { logger: pino({ level: 'silent' }), background: false });
  try {
    await app.server.ready();
    return `${JSON.stringify(app.server.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** TypeScript types of the document's paths, for openapi-fetch. */
export async function renderClientTypes(document: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(document) as Parameters<typeof openapiTS>[0], { alphabetize: true });
  return `// Generated from docs/openapi.json by \`npm run docs:openapi\` (openapi-typescript); do not edit.\n${astToString(ast)}`;
}
