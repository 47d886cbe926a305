#!/usr/bin/env node
// Runs every *.test.ts under src/, test/ and examples/ with Node's own test runner (tsx for TypeScript),
// then the API suites (src/http/api) and the OpenID Connect suite a second time on PostgreSQL,
// so both backends pass the same tests. Node 20's --test takes no globs, so the files are found here.
//   npm test                       everything
//   npm test -- src/http           only files whose path contains src/http
//   npm test -- '!test/e2e'        every file but those whose path contains test/e2e
//   npm test -- --test-name-pattern=limit
//   ENGANGSKOD_TEST_BACKENDS=sqlite npm test   skip the PostgreSQL pass (no server at hand)
import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { spawnSync } from 'node:child_process';

const find = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : find(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });

const files = ['src', 'test', 'examples'].flatMap((dir) => find(dir)).sort();
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('-'));
const only = args.filter((a) => !a.startsWith('-') && !a.startsWith('!'));
const except = args.filter((a) => a.startsWith('!')).map((a) => a.slice(1));
const selected = files.filter((f) => (only.length === 0 || only.some((o) => f.includes(o))) && !except.some((e) => f.includes(e)));
const backends = (process.env.ENGANGSKOD_TEST_BACKENDS ?? 'sqlite,postgres').split(',');

const run = (label, testFiles, env) => {
  if (testFiles.length === 0) return 0;
  console.log(`\n== ${label}: ${testFiles.length} test files`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...flags, ...testFiles], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'test', ...env },
  });
  return result.status ?? 1;
};

let status = run('all tests (API suites on SQLite)', selected, {});
if (backends.includes('postgres')) {
  const apiSuites = selected.filter((f) => f.startsWith(join('src', 'http', 'api') + sep) || f === join('src', 'http', 'oidc-routes.test.ts'));
  status = run('API and OpenID Connect suites on PostgreSQL', apiSuites, { ENGANGSKOD_TEST_DATABASE: 'postgres' }) || status;
}
process.exit(status);
