import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { renderConfigurationDocs, renderEnvExample } from './config-docs.ts';
import { settings, type SettingName } from './schema.ts';

const docsFile = new URL('../../docs/configuration.md', import.meta.url);
const exampleFile = new URL('../../.env.example', import.meta.url);

describe('the configuration reference', () => {
  it('docs/configuration.md is exactly what the settings schema generates', () => {
    const written = readFileSync(docsFile, 'utf8');
    assert.ok(
      written === renderConfigurationDocs(),
      'docs/configuration.md differs from src/config/schema.ts: run `npm run docs:config` and commit the result',
    );
  });

  it('has one table row per setting, with its default and its doc line', () => {
    const rendered = renderConfigurationDocs();
    for (const name of Object.keys(settings) as SettingName[]) {
      const row = rendered.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      assert.ok(row, `no row for ${name}`);
      assert.ok(row.includes(settings[name].default), `${name} row lacks its default`);
      assert.ok(row.includes(settings[name].doc), `${name} row lacks its doc line`);
    }
  });

  it('says that settings come from the environment, are validated at start-up and that invalid values stop the service', () => {
    const rendered = renderConfigurationDocs();
    assert.match(rendered, /environment variable/);
    assert.match(rendered, /optional, except where production requires them \(`SMS_TRANSPORT`, `SMTP_URL`, `SECRET_KEY`, `METRICS_TOKEN`\)/);
    assert.match(rendered, /validated once, at start-up/);
    assert.match(rendered, /every problem is reported at once/);
    assert.match(rendered, /refuses to start/);
  });

  it('.env.example is exactly what the settings schema generates, every setting commented out', () => {
    const written = readFileSync(exampleFile, 'utf8');
    assert.ok(written === renderEnvExample(), '.env.example differs from src/config/schema.ts: run `npm run docs:config` and commit the result');
    for (const name of Object.keys(settings) as SettingName[]) assert.ok(written.includes(`\n#${name}=\n`), `no line for ${name}`);
    assert.ok(written.split('\n').every((line) => line === '' || line.startsWith('#')), 'a copy sets nothing until a line is uncommented');
  });
});
