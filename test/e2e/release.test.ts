import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { freePort, repoRoot, startService } from '../helpers/service-process.ts';

const run = promisify(execFile);

/**
 * The release as an operator gets it: `npm pack` (which builds dist/), installed without dev
 * dependencies into an empty prefix, and started as `engangskod serve`, node itself taking the
 * signals. The pack runs in a copy of the tree, so the build cannot touch the dist/ other tests
 * run from.
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
    const binaries = await prebuiltSqlite(work);
    try {
      await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefix', prefix, join(work, tarball)], { cwd: work, env: { ...process.env, npm_config_better_sqlite3_binary_host: binaries.url } });
    } finally {
      binaries.close();
    }
    assert.equal(binaries.served(), 1, 'better-sqlite3 took its prebuilt binary');
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

/**
 * better-sqlite3 installs the prebuilt binary for the platform and Node.js version when it can
 * download one (from GitHub, as an operator's machine does) and compiles SQLite otherwise, which
 * takes minutes on two cores. This machine reaches no GitHub, so the binary `npm ci` built here
 * for this Node.js is served from 127.0.0.1, packed as a prebuilt one, through the mirror setting
 * its installer (prebuild-install) reads: npm_config_better_sqlite3_binary_host.
 */
async function prebuiltSqlite(work: string): Promise<{ url: string; served(): number; close(): void }> {
  const module = join(repoRoot, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(module, 'package.json'), 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['-czf', join(work, name), '-C', module, 'build/Release/better_sqlite3.node']);
  const tarball = readFileSync(join(work, name));
  let served = 0;
  const path = `/v${version}/${name}`;
  const server = createServer((request, response) => {
    if (request.url !== path) return void response.writeHead(404).end();
    served += 1;
    response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': tarball.length }).end(tarball);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // prebuild-install keeps what it downloads in npm's cache, named by a digest of the address:
  // one file per run here (the port differs), so it goes when the run is over.
  const digest = createHash('sha512').update(`${url}${path}`).digest('hex').slice(0, 6);
  const cached = join(process.env.npm_config_cache ?? join(homedir(), '.npm'), '_prebuilds', `${digest}-${name}`);
  return {
    url,
    served: () => served,
    close: () => {
      server.close();
      rmSync(cached, { force: true });
    },
  };
}
