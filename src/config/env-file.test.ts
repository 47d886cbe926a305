import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { withEnvFile } from './env-file.ts';

const folder = mkdtempSync(join(tmpdir(), 'engangskod-env-'));
after(() => rmSync(folder, { recursive: true, force: true }));
writeFileSync(join(folder, '.env'), '# a comment\nPORT=4000\nREGIONS="SE,NO"\n');
writeFileSync(join(folder, 'other.env'), 'PORT=5000\n');

describe('settings from a .env file', () => {
  it('reads .env in the working folder beneath the environment, which wins', () => {
    assert.deepEqual(withEnvFile({ REGIONS: 'FI' }, folder).env, { PORT: '4000', REGIONS: 'FI' });
  });

  it('reads the file ENV_FILE names, relative to the working folder, instead', () => {
    assert.equal(withEnvFile({ ENV_FILE: 'other.env' }, folder).env.PORT, '5000');
  });

  it('needs no .env, but refuses an ENV_FILE that is not there', () => {
    const empty = mkdtempSync(join(folder, 'empty-'));
    assert.deepEqual(withEnvFile({ PORT: '1' }, empty), { env: { PORT: '1' } });
    assert.match(withEnvFile({ ENV_FILE: 'missing.env' }, empty).problem ?? '', /^ENV_FILE: cannot read .*missing\.env/);
  });
});
