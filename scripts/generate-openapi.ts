// Writes docs/openapi.json from the routes' schemas and examples/api-client/schema.d.ts from it
// (`npm run docs:openapi`). test/openapi-document.test.ts fails whenever either is out of date.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLIENT_TYPES_FILE, DOCUMENT_FILE, renderClientTypes, renderOpenApiDocument } from './openapi-document.ts';

const document = await renderOpenApiDocument();
writeFileSync(DOCUMENT_FILE, document);
console.log(`wrote ${fileURLToPath(DOCUMENT_FILE)}`);
writeFileSync(CLIENT_TYPES_FILE, await renderClientTypes(document));
console.log(`wrote ${fileURLToPath(CLIENT_TYPES_FILE)}`);
