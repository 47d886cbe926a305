import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { freePort, repoRoot, startService } from '../helpers/service-process.ts';

const run = promisify(execFile);

/**
 * The release as an operator gets it: `npm pack` (which builds dist/), installed without dev
 * dependencies into an empty prefix, and started as `engangskod serve`, node itself taking the
 * signals. The pack runs in a copy of the tree, so the build cannot touch the dist/ other tests
 * run from. Installing compiles better-sqlite3 when no prebuilt binary can be fetched: slow, over
 * five minutes on a busy two-core machine.
 */
describe('the release tarball', { timeout: 600_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'engangskod-release-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('installs with --omit=dev, puts engangskod on the path with its version, serves /healthz and stops on SIGTERM', async () => {
    const tree = join(work, 'tree');
    // The source tree without what is built or kept at run time. Not from git: the tests also run
    // in a copy of the tree that is no repository (scripts/test-on-node.sh).
    const skipped = new Set(['node_modules', 'dist', 'data', '.git', 'test-artifacts', '.scratch']);
    cpSync(repoRoot, tree, { recursive: true, filter: (source) => !skipped.has(relative(repoRoot, source).split(sep)[0] ?? '') && !source.endsWith('.env') });
    symlinkSync(join(repoRoot, 'node_modules'), join(tree, 'node_modules'));
    await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: tree });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack made no tarball');

    const prefix = join(work, 'prefix');
    await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefix', prefix, join(work, tarball)], { cwd: work });
    const installed = readdirSync(join(prefix, 'node_modules'));
    for (const devTool of ['typescript', 'tsx', 'esbuild']) assert.ok(!installed.includes(devTool), `${devTool} was installed`);

    assert.ok(readdirSync(join(prefix, 'node_modules', 'engangskod')).includes('CHANGELOG.md'), 'the changelog ships');
    const bin = join(prefix, 'node_modules', '.bin', 'engangskod');
    assert.equal((await run(bin, ['--version'])).stdout.trim(), JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);

    const port = await freePort();
    const dataDir = join(work, 'data');
    const service = await startService([bin, 'serve'], { PORT: String(port), DATA_DIR: dataDir });
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    const stopping = Date.now();
    assert.equal(await service.stop(), 0);
    assert.ok(Date.now() - stopping < 10_000, 'a SIGTERM stops it promptly');
  });
});
