// Writes docs/configuration.md from the settings schema (`npm run docs:config`).
// src/config/config-docs.test.ts fails whenever the file and the schema disagree.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { renderConfigurationDocs } from '../src/config/config-docs.ts';

const target = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderConfigurationDocs());
console.log(`wrote ${target}`);
