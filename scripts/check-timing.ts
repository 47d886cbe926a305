/**
 * `npm run check:timing`: can the time a code request takes tell whether the email and
 * number matched an account? Starts the service as its own process on a fresh SQLite
 * database, seeds accounts with verified numbers, then sends code requests one at a time over
 * one keep-alive connection, in random order, for three kinds of identity:
 *
 *   match            a known email with its verified number (a code is issued and texted)
 *   unknown-email    an email with no account
 *   wrong-number     a known email with a number that is not on the account
 *
 * and, for code sign-in (POST /api/v1/sessions/one-time-code with a wrong code), a known email
 * against an unknown one; for password resets by mail (POST /api/v1/password-resets), a proven
 * address against an unknown one; and for sign-up (POST /api/v1/accounts, argon2 and all, so
 * `--signup-samples` of them, 400 by default), a taken address against a new one. It compares the latency distributions of each non-match against the match with a
 * two-sample Kolmogorov–Smirnov test. Prints medians, the KS distance and p-value, and a
 * verdict: distinguishable when p < 0.01. Exit code 1 when any pair is distinguishable.
 * It runs with the configured CODE_REQUEST_MIN_MS floor (default 10 ms); `--floor 0` measures the
 * bare work, which shows how much the floor is hiding.
 *
 *   npm run check:timing -- --samples 2000 [--floor 0]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqlite } from '../src/storage/sqlite/open-sqlite.ts';
import { freePort, sourceService, startService } from '../test/helpers/service-process.ts';

const { values: args } = parseArgs({
  options: { samples: { type: 'string', default: '2000' }, 'signup-samples': { type: 'string', default: '400' }, json: { type: 'boolean', default: false }, floor: { type: 'string' } },
});
const SAMPLES = Number(args.samples);
const SIGNUP_SAMPLES = Math.min(SAMPLES, Number(args['signup-samples']));
const KINDS = ['match', 'unknown-email', 'wrong-number', 'redeem-known', 'redeem-unknown', 'reset-known', 'reset-unknown', 'signup-taken', 'signup-new'] as const;
const samplesOf = (kind: Kind): number => (kind.startsWith('signup-') ? SIGNUP_SAMPLES : SAMPLES);
type Kind = (typeof KINDS)[number];

const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-timing-'));
const dbPath = join(dataDir, 'timing.sqlite');
const people = Array.from({ length: SAMPLES }, (_, i) => ({
  id: randomUUID(),
  email: `timing${i}@example.se`,
  e164: `+46702${String(i).padStart(6, '0')}`,
}));
const storage = await openSqlite(dbPath);
await storage.transaction(async (stores) => {
  for (const p of people) {
    await stores.accounts.insert({ id: p.id, email: p.email, passwordHash: 'unused', createdAt: Date.now(), emailVerifiedAt: Date.now() });
    await stores.phones.insert({ id: randomUUID(), accountId: p.id, region: 'SE', e164: p.e164, verifiedAt: Date.now(), createdAt: Date.now() });
  }
});
await storage.close();

const port = await freePort();
const service = await startService(sourceService, {
  PORT: String(port),
  DATA_DIR: dataDir,
  DATABASE_URL: `sqlite:${dbPath}`,
  SECRET_KEY: `timing-check-${randomUUID()}`,
  OTP_DAILY_LIMIT: '1000000',
  IP_LIMIT_PER_HOUR: '100000000',
  PREFIX_LIMIT_PER_HOUR: '100000000',
  SMS_GUARD_MIN_TEXTS: '1000000000',
  REGION_DAILY_LIMIT: '100000000',
  SMS_HOURLY_BUDGET: '100000000',
  REDEEM_IP_LIMIT_PER_HOUR: '100000000',
  SIGNUP_IP_LIMIT_PER_HOUR: '100000000',
  LOG_LEVEL: 'warn',
  ...(args.floor === undefined ? {} : { CODE_REQUEST_MIN_MS: args.floor }),
  ...(process.env.SMS_DISPATCHER ? { SMS_DISPATCHER: process.env.SMS_DISPATCHER } : {}),
});

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const post = (body: string, path = '/api/v1/one-time-codes', expected = 202): Promise<number> =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === expected ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`status ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });

const bodyFor = (kind: 'match' | 'unknown-email' | 'wrong-number', i: number): string => {
  const p = people[i]!;
  if (kind === 'match') return JSON.stringify({ email: p.email, region: 'SE', number: p.e164 });
  if (kind === 'unknown-email') return JSON.stringify({ email: `nobody${i}@example.se`, region: 'SE', number: p.e164 });
  return JSON.stringify({ email: p.email, region: 'SE', number: `+46703${String(i).padStart(6, '0')}` });
};

// Warm-up, then every kind in random order so drift (caches, the dispatcher) hits all alike.
for (let i = 0; i < 200; i++) await post(JSON.stringify({ email: `warm${i}@example.se`, region: 'SE', number: '+46709999999' }));
const order = KINDS.flatMap((kind) => Array.from({ length: samplesOf(kind) }, (_, i) => [kind, i] as const));
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const latencies = Object.fromEntries(KINDS.map((kind) => [kind, [] as number[]])) as Record<Kind, number[]>;
try {
  for (const [kind, i] of order) {
    if (kind === 'match' || kind === 'unknown-email' || kind === 'wrong-number') {
      latencies[kind].push(await post(bodyFor(kind, i)));
      continue;
    }
    if (kind === 'reset-known' || kind === 'reset-unknown') {
      const email = kind === 'reset-known' ? people[i]!.email : `nobody${i}@example.se`;
      latencies[kind].push(await post(JSON.stringify({ email }), '/api/v1/password-resets'));
      continue;
    }
    if (kind === 'signup-taken' || kind === 'signup-new') {
      const email = kind === 'signup-taken' ? people[i]!.email : `new${i}@example.se`;
      latencies[kind].push(await post(JSON.stringify({ email, password: 'a timing check passphrase' }), '/api/v1/accounts'));
      continue;
    }
    // A wrong code: known accounts fail it as surely as unknown emails do.
    const email = kind === 'redeem-known' ? people[i]!.email : `nobody${i}@example.se`;
    latencies[kind].push(await post(JSON.stringify({ email, code: '00000000' }), '/api/v1/sessions/one-time-code', 401));
  }
} finally {
  agent.destroy();
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Two-sample Kolmogorov–Smirnov: the largest gap between the empirical CDFs, and its p-value. */
function ks(a: number[], b: number[]): { d: number; p: number } {
  const x = [...a].sort((m, n) => m - n);
  const y = [...b].sort((m, n) => m - n);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const ne = (x.length * y.length) / (x.length + y.length);
  const lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
  return { d, p: Math.min(1, Math.max(0, p)) };
}

const median = (v: number[]) => [...v].sort((m, n) => m - n)[Math.floor(v.length / 2)]!;
const pairs = [
  ['match', 'unknown-email'],
  ['match', 'wrong-number'],
  ['redeem-known', 'redeem-unknown'],
  ['reset-known', 'reset-unknown'],
  ['signup-taken', 'signup-new'],
] as const;
const results = pairs.map(([known, other]) => {
  const { d, p } = ks(latencies[known], latencies[other]);
  return {
    comparison: `${known} vs ${other}`,
    samples: samplesOf(known),
    median_match_ms: Number(median(latencies[known]).toFixed(3)),
    median_other_ms: Number(median(latencies[other]).toFixed(3)),
    ks_d: Number(d.toFixed(4)),
    p_value: Number(p.toPrecision(3)),
    distinguishable: p < 0.01,
  };
});
if (args.json) for (const r of results) console.log(JSON.stringify(r));
else {
  for (const r of results) {
    console.log(
      `${r.comparison.padEnd(26)} median ${r.median_match_ms} ms vs ${r.median_other_ms} ms, KS D=${r.ks_d}, p=${r.p_value}: ${r.distinguishable ? 'DISTINGUISHABLE' : 'not distinguishable'} (n=${r.samples} each)`,
    );
  }
}
process.exit(results.some((r) => r.distinguishable) ? 1 : 0);
