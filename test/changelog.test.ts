import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const root = new URL('..', import.meta.url);
const changelog = readFileSync(new URL('CHANGELOG.md', root), 'utf8');
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };

/** Operators read CHANGELOG.md before an upgrade: the version they install must be in it. */
describe('CHANGELOG.md', () => {
  const released = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/gm)].map((m) => ({ version: m[1]!, date: m[2]! }));

  it('has a dated section for the version in package.json, the newest release', () => {
    assert.equal(released[0]?.version, version, `CHANGELOG.md's newest release is not ${version}`);
  });

  it('lists releases newest first, with an Unreleased section above them', () => {
    assert.match(changelog, /^## \[Unreleased\]$/m);
    assert.ok(changelog.indexOf('## [Unreleased]') < changelog.indexOf(`## [${version}]`));
    const key = (v: string) => v.split('.').map(Number).reduce((sum, part) => sum * 1000 + part, 0);
    for (let i = 1; i < released.length; i++) {
      assert.ok(key(released[i - 1]!.version) > key(released[i]!.version), `${released[i - 1]!.version} before ${released[i]!.version}`);
      assert.ok(released[i - 1]!.date >= released[i]!.date, `${released[i - 1]!.version} is dated before ${released[i]!.version}`);
    }
  });
});
