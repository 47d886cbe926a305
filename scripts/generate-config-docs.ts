// Writes docs/configuration.md and .env.example from the settings schema (`npm run docs:config`).
// src/config/config-docs.test.ts fails whenever either file and the schema disagree.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { renderConfigurationDocs, renderEnvExample } from '../src/config/config-docs.ts';

const target = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderConfigurationDocs());
console.log(`wrote ${target}`);

const example = fileURLToPath(new URL('../.env.example', import.meta.url));
writeFileSync(example, renderEnvExample());
console.log(`wrote ${example}`);
