import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadConfig } from './load.ts';
import { settings, type SettingName } from './schema.ts';

const secret = 'a test secret key of at least 32 characters';
const names = Object.keys(settings) as SettingName[];

describe('the setting definitions', () => {
  it('give every setting without a default of its own computation a default its schema accepts', () => {
    for (const name of names) {
      const setting: { default: string; schema: { safeParse(raw: string): { success: boolean } }; value?: unknown } = settings[name];
      if (setting.value !== undefined) continue;
      assert.ok(setting.schema.safeParse(setting.default).success, `${name}'s default ${setting.default} does not parse`);
    }
  });

  it('are where the loader takes every default from: load.ts names none', () => {
    const source = readFileSync(new URL('./load.ts', import.meta.url), 'utf8');
    assert.doesNotMatch(source, /\?\?\s*(\d|'|"|`|\[|\{)/, 'a literal fallback in load.ts would be a second definition of a default');
  });

  it('derive the log level from NODE_ENV: silent under test, info otherwise, as set when set', () => {
    assert.equal(loadConfig({ SECRET_KEY: secret, NODE_ENV: 'test' }).logLevel, 'silent');
    assert.equal(loadConfig({ SECRET_KEY: secret }).logLevel, 'info');
    assert.equal(loadConfig({ SECRET_KEY: secret, NODE_ENV: 'test', LOG_LEVEL: 'warn' }).logLevel, 'warn');
  });

  it('derive the listening address from the mode: loopback in development, every interface in production', () => {
    assert.equal(loadConfig({ SECRET_KEY: secret }).host, '127.0.0.1');
    const production = { PUBLIC_URL: 'https://login.example.se', SECRET_KEY: secret, SMS_TRANSPORT: 'http', SMS_HTTP_URL: 'https://sms.example/send', SMS_HTTP_SECRET: 'whsec_'.padEnd(38, 'A'), METRICS_TOKEN: 'a metrics token of some length', SMTP_URL: 'smtps://mailer:secret@smtp.example.se:465' };
    assert.equal(loadConfig(production).host, '0.0.0.0');
  });

  it('let an invalid value fall back to its default for the checks that follow, reporting only the value', () => {
    // PUBLIC_URL's default is built from PORT; an invalid PORT must not break it.
    assert.throws(() => loadConfig({ SECRET_KEY: secret, PORT: 'eighty' }), (error: Error & { problems?: string[] }) => {
      assert.deepEqual(error.problems?.map((p) => p.split(':')[0]), ['PORT']);
      return true;
    });
  });

  it('turn every piece of performance machinery on unless its switch says off', () => {
    assert.deepEqual(loadConfig({ SECRET_KEY: secret }).performance, { sqliteGroupCommit: true, preparedQueries: true, guardAsyncCommit: true, postgresPipeline: true, heapGrowthLimit: true });
    const off = loadConfig({ SECRET_KEY: secret, SQLITE_GROUP_COMMIT: 'off', PREPARED_QUERIES: 'off', GUARD_ASYNC_COMMIT: 'off', POSTGRES_PIPELINE: 'off', HEAP_GROWTH_LIMIT: 'off' });
    assert.deepEqual(off.performance, { sqliteGroupCommit: false, preparedQueries: false, guardAsyncCommit: false, postgresPipeline: false, heapGrowthLimit: false });
    assert.throws(() => loadConfig({ SECRET_KEY: secret, SQLITE_GROUP_COMMIT: 'maybe' }), /SQLITE_GROUP_COMMIT/);
  });
});
