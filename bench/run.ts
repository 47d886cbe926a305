/**
 * `npm run bench`: the service under load on this machine, per the performance goals in
 * docs/performance.md. Starts the compiled service as its own process (so the load generator
 * does not share its event loop), seeds accounts with verified numbers straight through the
 * storage layer, and measures with autocannon at 50 connections:
 *
 *   request-code, redeem-code, full-flow (request → read the text → redeem), password-sign-in,
 *   redeem-under-password-load; the yardsticks: the reference route (bare Fastify, one SQLite
 *   INSERT), the bare code sign-in and the bare code request (the same writes as redeem-code and
 *   request-code on the same schema, with nothing around them), the bare code sign-in by the
 *   rules (the statements the service runs for one, with nothing around them), the bare journey
 *   (bare-flow: the bare request, the inbox read and the bare sign-in, by full-flow's client;
 *   bare-flow-rules with the sign-in by the rules); and the peer, better-auth's phone-number
 *   plugin: peer-send-otp, peer-verify, peer-flow. The end of the table gives ours as multiples
 *   of the peer's and as shares of the yardsticks.
 *
 * On SQLite always and on PostgreSQL when it is reachable. Prints a table, or with --json one
 * object per scenario: {scenario, backend, rps, p50_ms, p99_ms, errors, rss_mb, cpu_ms}.
 *
 *   npm run bench -- --json --duration 10 --backends sqlite,postgres
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { argon2Hasher } from '../src/domain/accounts/password-hasher.ts';
import { OneTimeCodes } from '../src/domain/sign-in/one-time-codes.ts';
import { systemClock } from '../src/lib/clock.ts';
import { cryptoRandom } from '../src/lib/random.ts';
import { openPostgres } from '../src/storage/postgres/open-postgres.ts';
import { openSqlite } from '../src/storage/sqlite/open-sqlite.ts';
import type { Storage } from '../src/storage/storage.ts';
import { createTestDatabase, postgresUnavailable } from '../test/helpers/postgres.ts';
import { compiledService, freePort, repoRoot, startService, type ServiceProcess } from '../test/helpers/service-process.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    backends: { type: 'string', default: 'sqlite,postgres' },
    accounts: { type: 'string', default: '10000' },
    'skip-build': { type: 'boolean', default: false },
    // Only these scenarios (comma-separated names from the table), e.g. request-code,redeem-code.
    scenarios: { type: 'string' },
    // Write a CPU profile of the service (Chrome DevTools format) into this folder.
    profile: { type: 'string' },
    // `off`: start the service without the MALLOC_* settings of `npm start`, to measure what they buy.
    // The service's own switches (SQLITE_GROUP_COMMIT=off, …) pass through the environment.
    malloc: { type: 'string', default: 'on' },
    // The young generation's semi-space in MB as `npm start` sets it (`--max-semi-space-size`);
    // `off` starts the service with V8's own size, a number tries another.
    'semi-space': { type: 'string', default: '8' },
    // Milliseconds each way between the service and PostgreSQL (bench/delay-proxy.ts), as if the
    // database ran on another machine; 0 connects directly.
    'postgres-delay': { type: 'string', default: '0' },
  },
});
if (!/^\d+$/.test(args['postgres-delay'])) throw new Error(`--postgres-delay takes whole milliseconds, not ${args['postgres-delay']}`);
if (args['semi-space'] !== 'off' && !/^[1-9]\d*$/.test(args['semi-space'])) throw new Error(`--semi-space takes a whole number of MB or off, not ${args['semi-space']}`);
const wanted = (scenario: string) => !args.scenarios || args.scenarios.split(',').includes(scenario);
const DURATION = Number(args.duration);
const ACCOUNTS = Number(args.accounts);
const CONNECTIONS = 50;
const SECRET = `benchmark-secret-${randomUUID()}`;
const PASSWORD = 'benchmark password';

interface Row {
  scenario: string;
  backend: string;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  rss_mb: number;
  /** The serving process's CPU time (all its threads; not PostgreSQL's) per request or journey, while the scenario ran. */
  cpu_ms: number | null;
}
const rows: Row[] = [];
const log = (message: string) => {
  if (!args.json) process.stderr.write(`${message}\n`);
};

interface Person {
  id: string;
  email: string;
  e164: string;
  phoneId: string;
}

const people: Person[] = Array.from({ length: ACCOUNTS }, (_, i) => ({
  id: randomUUID(),
  email: `bench${i}@example.se`,
  e164: `+46701${String(i).padStart(6, '0')}`,
  phoneId: randomUUID(),
}));

async function seedAccounts(storage: Storage): Promise<void> {
  const passwordHash = await argon2Hasher().hash(PASSWORD);
  const now = Date.now();
  for (let start = 0; start < people.length; start += 1000) {
    await storage.transaction(async (stores) => {
      for (const p of people.slice(start, start + 1000)) {
        await stores.accounts.insert({ id: p.id, email: p.email, passwordHash, createdAt: now, emailVerifiedAt: now });
        await stores.phones.insert({ id: p.phoneId, accountId: p.id, region: 'SE', e164: p.e164, verifiedAt: now, createdAt: now });
      }
    });
  }
}

/** A fresh usable sign-in code for every account, as the service would issue them. */
async function seedCodes(storage: Storage): Promise<string[]> {
  const codes = new OneTimeCodes({
    clock: systemClock,
    random: cryptoRandom,
    secretKey: Buffer.from(SECRET, 'utf8'),
    settings: { length: 8, ttlSeconds: 3600, maxAttempts: 5 },
  });
  const issued: string[] = [];
  for (let start = 0; start < people.length; start += 1000) {
    await storage.transaction(async (stores) => {
      for (const p of people.slice(start, start + 1000)) {
        issued.push((await codes.issue(stores.codes, { accountId: p.id, purpose: 'sign_in' }, p.phoneId)).code);
      }
    });
  }
  return issued;
}

function peakRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

type Cannon = Parameters<typeof autocannon>[0];
async function cannon(options: Cannon): Promise<autocannon.Result> {
  return autocannon({ connections: CONNECTIONS, ...options });
}

/**
 * The process's CPU time so far (user and system, all its threads), in ms. Unlike requests per
 * second, CPU time per request hardly moves with what else the machine runs, so two builds can be
 * compared on a busy machine too.
 */
function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    // Fields 14 and 15 of /proc/PID/stat, in clock ticks (USER_HZ, 100 on Linux); the command
    // before them is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Runs `work`, answering its result and the CPU time the process `pid` spent meanwhile. */
async function measured<T>(pid: number | undefined, work: () => Promise<T>): Promise<[T, number]> {
  const from = cpuMs(pid);
  const result = await work();
  return [result, cpuMs(pid) - from];
}

function record(scenario: string, backend: string, [result, cpu]: [autocannon.Result, number | undefined], pid: number | undefined): void {
  const done = result.requests.total || result.requests.average * DURATION;
  const row: Row = {
    scenario,
    backend,
    // Responses over the whole run: autocannon's average is over whole seconds, which for a
    // run of a fixed number of requests (redeem-code) counts the last, partial second as one.
    rps: Math.round(result.requests.total && result.duration ? result.requests.total / result.duration : result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    rss_mb: peakRssMb(pid),
    cpu_ms: cpu === undefined || !Number.isFinite(cpu) || !done ? null : Math.round((cpu / done) * 100) / 100,
  };
  rows.push(row);
  const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => `${code}×${count}`).join(' ');
  const counted = result.requests.total ? ` (${result.requests.total} in ${result.duration} s)` : '';
  const cpuPer = row.cpu_ms === null ? '' : `, ${row.cpu_ms} ms CPU each`;
  log(`  ${scenario}: ${row.rps} req/s${counted}, p50 ${row.p50_ms} ms, p99 ${row.p99_ms} ms${cpuPer}, ${row.errors} errors (${statuses})`);
}

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function benchService(backend: 'sqlite' | 'postgres'): Promise<void> {
  log(`\n== ${backend}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-bench-'));
  const pgDatabase = backend === 'postgres' ? await createTestDatabase() : undefined;
  const storage = pgDatabase ? await openPostgres(pgDatabase.url) : await openSqlite(join(dataDir, 'bench.sqlite'));
  let service: ServiceProcess | undefined;
  let proxy: ChildProcess | undefined;
  try {
    let databaseUrl = pgDatabase ? pgDatabase.url : `sqlite:${join(dataDir, 'bench.sqlite')}`;
    if (pgDatabase && args['postgres-delay'] !== '0') {
      // Only the service's connections go the long way; the seeding below does not.
      const url = new URL(pgDatabase.url);
      proxy = spawn(process.execPath, ['--import', 'tsx', 'bench/delay-proxy.ts', url.port || '5432', args['postgres-delay']], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
      url.port = await new Promise<string>((resolve) => proxy!.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
      databaseUrl = url.href;
      log(`  the service reaches PostgreSQL through a proxy that holds each packet ${args['postgres-delay']} ms each way`);
    }
    log(`  seeding ${ACCOUNTS} accounts with verified numbers`);
    await seedAccounts(storage);
    const port = await freePort();
    const semiSpace = args['semi-space'] === 'off' ? [] : [`--max-semi-space-size=${args['semi-space']}`];
    const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
    const command = [process.execPath, ...semiSpace, ...profile, ...compiledService.slice(1)];
    service = await startService(command, {
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      SECRET_KEY: SECRET,
      // The benchmark sends far more than a person would: limits must not be what it measures.
      OTP_DAILY_LIMIT: '1000000',
      // A run cycles through the seeded accounts faster than a person asks again: no cooldown
      // (its events are still written and read), and no cap on a number's texts a day.
      CODE_RESEND_SECONDS: '0',
      SMS_PER_NUMBER_DAILY: '1000000',
      IP_LIMIT_PER_HOUR: '100000000',
      OTP_ACCOUNT_FAILURE_LIMIT: '1000000',
      PREFIX_LIMIT_PER_HOUR: '100000000',
      SMS_GUARD_MIN_TEXTS: '1000000000',
      REGION_DAILY_LIMIT: '100000000',
      SMS_HOURLY_BUDGET: '100000000',
      REDEEM_IP_LIMIT_PER_HOUR: '100000000',
      PASSWORD_FREE_FAILURES: '1000000',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      // As `npm start` and docs/performance.md recommend: argon2's 19 MiB blocks go back to the
      // system, and the heap's top is not given back and taken again on every few requests.
      ...(args.malloc === 'off' ? {} : { MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '2097152', MALLOC_ARENA_MAX: '2' }),
    });
    const url = `http://127.0.0.1:${port}`;
    const pid = service.child.pid;

    let next = 0;
    // Its CPU time counts the texts' sending too, up to the last of them.
    if (wanted('request-code')) record('request-code', backend, await measured(pid, async () => {
      const result = await cannon({
        url,
        duration: DURATION,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/one-time-codes',
            setupRequest: (req) => {
              const p = people[next++ % people.length]!;
              return { ...req, ...json({ email: p.email, region: 'SE', number: p.e164 }) };
            },
          },
        ],
      });
      await textsCaughtUp(storage);
      return result;
    }), pid);

    const redeem = async (): Promise<[autocannon.Result, number]> => {
      // autocannon stops by closing its connections; requests it had sent still finish on the
      // server, and a code request finishing after the seeding would replace a seeded code.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const codes = await seedCodes(storage);
      let i = 0;
      return measured(pid, () => cannon({
        url,
        // autocannon prepares a request per connection ahead of sending it, so a few more codes
        // are drawn than sent; keeping that margin means no code is ever sent twice.
        amount: codes.length - 2 * CONNECTIONS,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/sessions/one-time-code',
            setupRequest: (req) => {
              const n = i++ % codes.length;
              return { ...req, ...json({ email: people[n]!.email, code: codes[n] }) };
            },
          },
        ],
      }));
    };
    if (wanted('redeem-code')) record('redeem-code', backend, await redeem(), pid);
    if (wanted('full-flow')) record('full-flow', backend, await measured(pid, () => fullFlow(url)), pid);

    const passwordLoad = () =>
      cannon({
        url,
        duration: DURATION,
        requests: [{ method: 'POST', path: '/api/v1/sessions', ...json({ email: people[0]!.email, password: PASSWORD }) }],
      });
    if (wanted('password-sign-in')) record('password-sign-in', backend, await measured(pid, passwordLoad), pid);
    if (wanted('redeem-under-password-load')) {
      const [, [redeemLoaded]] = await Promise.all([passwordLoad(), redeem()]);
      // The process's CPU time is the password sign-ins' as much as the redeems'.
      record('redeem-under-password-load', backend, [redeemLoaded, undefined], pid);
    }
  } finally {
    await service?.stop();
    proxy?.kill('SIGTERM');
    await storage.close();
    await pgDatabase?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A code request's text is sent by the dispatcher in the same process, after the answer: a
 * service that answered fast by leaving its texts for later would look better than it is. So
 * the benchmark says how many texts were still waiting when the run ended and how long they
 * took to go, and the next scenario starts only once they have.
 */
async function textsCaughtUp(storage: Storage): Promise<void> {
  const waiting = async () => {
    const counts = await storage.outbox.operator.countByStatus();
    return (counts.queued ?? 0) + (counts.sending ?? 0);
  };
  const started = Date.now();
  const atEnd = await waiting();
  // A text asked for in the run's last moments is waiting however fast the dispatcher is; one
  // asked for long before the end says it fell behind. So the oldest waiting text's age is told:
  // the queued one due first (a first attempt falls due as it is asked for; the index answers
  // without reading the backlog), or one already with the dispatcher (a batch at most).
  const oldest = atEnd === 0 ? undefined : Math.min(
    (await storage.outbox.queue.nextDueAt('sms')) ?? Infinity,
    ...(await storage.outbox.operator.list({ since: 0, status: 'sending', channel: 'sms', limit: atEnd })).map((entry) => entry.createdAt),
  );
  let left = atEnd;
  while (left > 0 && Date.now() - started < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = await waiting();
  }
  const age = oldest === undefined || !Number.isFinite(oldest) ? '' : ` (the oldest asked for ${Math.max(0, started - oldest)} ms before the end)`;
  log(`  texts still waiting when the run ended: ${atEnd}${age}${atEnd > 0 ? `, all sent ${Date.now() - started} ms later` : ''}${left > 0 ? ` (${left} still waiting after 60 s)` : ''}`);
}

/**
 * The whole journey per virtual person: ask for a code, read it from the dev inbox once the
 * dispatcher delivered it, sign in with it. autocannon cannot carry a value from one
 * response into the next request across an asynchronous delivery, so this is a closed loop
 * of 50 workers over keep-alive fetch, timed per journey.
 */
async function fullFlow(url: string, routes = SERVICE_JOURNEY, person = (i: number): Pick<Person, 'email' | 'e164'> => people[i % people.length]!): Promise<autocannon.Result> {
  let next = 0;
  // Where a journey's time goes: its median parts, printed after the run.
  const parts = { request: [] as number[], text: [] as number[], reads: [] as number[], signIn: [] as number[] };
  const result = await journeys(async () => {
    const p = person(next++);
    const before = await (await fetch(`${url}${routes.inbox}?to=${encodeURIComponent(p.e164)}`)).json() as { body: string }[];
    const t0 = performance.now();
    const asked = await post(url, routes.request, { email: p.email, region: 'SE', number: p.e164 });
    await asked.arrayBuffer();
    const t1 = performance.now();
    let code: string | undefined;
    let polls = 0;
    for (; polls < 2000 && !code; polls++) {
      const inbox = (await (await fetch(`${url}${routes.inbox}?to=${encodeURIComponent(p.e164)}`)).json()) as { body: string }[];
      if (inbox.length > before.length) code = /#(\d+)$/.exec(inbox[0]!.body)?.[1];
      else await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const t2 = performance.now();
    const signedIn = code ? await post(url, routes.signIn, { email: p.email, code }) : undefined;
    await signedIn?.arrayBuffer();
    parts.request.push(t1 - t0);
    parts.text.push(t2 - t1);
    parts.reads.push(polls);
    parts.signIn.push(performance.now() - t2);
    return asked.status === 202 && signedIn?.status === 201;
  });
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  log(`  a journey's parts (medians): request ${median(parts.request).toFixed(1)} ms, until the text is read ${median(parts.text).toFixed(1)} ms (${median(parts.reads)} inbox reads), sign-in ${median(parts.signIn).toFixed(1)} ms; one inbox read before`);
  return result;
}

/** The routes of a journey: the service's, or the bare journey's (`bare-flow`). */
const SERVICE_JOURNEY = { inbox: '/dev/sms.json', request: '/api/v1/one-time-codes', signIn: '/api/v1/sessions/one-time-code' };
const BARE_JOURNEY = { inbox: '/bare-texts', request: '/bare-code-request', signIn: '/bare-sign-in' };
/** The accounts bench/bare-code-request-server.ts seeds, each with a verified number. */
const barePerson = (i: number) => ({ email: `bare-${i % ACCOUNTS}@example.se`, e164: `+46703${String(i % ACCOUNTS).padStart(6, '0')}` });

const post = (url: string, path: string, body: unknown) =>
  fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Runs `journey` in a closed loop of CONNECTIONS workers for DURATION, timing each; it says whether it succeeded. */
async function journeys(journey: () => Promise<boolean>): Promise<autocannon.Result> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + DURATION * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      if (await journey().catch(() => false)) latencies.push(performance.now() - started);
      else errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  return {
    requests: { average: latencies.length / seconds },
    latency: { p50: at(0.5), p99: at(0.99) },
    errors,
    timeouts: 0,
    non2xx: 0,
  } as unknown as autocannon.Result;
}

/** Starts one of the servers beside the service (bench/*-server.ts: the yardsticks, the peer) and hands `work` its address. */
async function withServer(script: string, env: Record<string, string>, work: (url: string, pid: number | undefined) => Promise<void>): Promise<void> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve()));
  try {
    await work(`http://127.0.0.1:${port}`, child.pid);
  } finally {
    child.kill('SIGTERM');
  }
}

/** Starts one of the yardstick servers and loads its one route. */
async function benchBare(scenario: string, script: string, env: Record<string, string>, request: autocannon.Request, backend = 'sqlite'): Promise<void> {
  await withServer(script, env, async (url, pid) => record(scenario, backend, await measured(pid, () => cannon({ url, duration: DURATION, requests: [request] })), pid));
}

async function benchReference(): Promise<void> {
  log('\n== reference: bare Fastify, one SQLite INSERT per request');
  await benchBare('reference-insert', 'bench/reference-server.ts', {}, { method: 'POST', path: '/reference', ...json({ email: 'reference@example.se' }) });
}

async function benchBareSignIn(scenario: 'bare-code-sign-in' | 'bare-code-sign-in-rules'): Promise<void> {
  const rules = scenario === 'bare-code-sign-in-rules';
  log(rules
    ? '\n== bare code sign-in by the rules: the statements the service runs for one, straight on better-sqlite3 in bare Fastify'
    : '\n== bare code sign-in: the same writes on the same schema, straight on better-sqlite3 in bare Fastify');
  // More accounts than the run can use at any speed this machine reaches: each takes one code.
  const accounts = DURATION * 10_000;
  const code = '123456';
  let next = 0;
  await benchBare(scenario, 'bench/bare-sign-in-server.ts', { ACCOUNTS: String(accounts), BARE_CODE: code, BARE_SIGN_IN: rules ? 'rules' : 'writes' }, {
    method: 'POST',
    path: '/bare-sign-in',
    setupRequest: (req) => ({ ...req, ...json({ email: `bare-${next++}@example.se`, code }) }),
  });
}

async function benchBareCodeRequest(): Promise<void> {
  const request = (): autocannon.Request => {
    let next = 0;
    return {
      method: 'POST',
      path: '/bare-code-request',
      setupRequest: (req) => {
        const { email, e164 } = barePerson(next++);
        return { ...req, ...json({ email, number: e164 }) };
      },
    };
  };
  if (wanted('bare-code-request')) {
    log('\n== bare code request: the same writes and text on the same schema, straight on better-sqlite3 in bare Fastify');
    await benchBare('bare-code-request', 'bench/bare-code-request-server.ts', { ACCOUNTS: String(ACCOUNTS) }, request());
  }
  for (const scenario of ['bare-flow', 'bare-flow-rules'] as const) {
    if (!wanted(scenario)) continue;
    const rules = scenario === 'bare-flow-rules';
    log(`\n== bare journey${rules ? ' by the rules' : ''}: the bare code request, its text read from the inbox, the bare code sign-in${rules ? ' by the rules' : ''}, by full-flow's client`);
    await withServer('bench/bare-code-request-server.ts', { ACCOUNTS: String(ACCOUNTS), BARE_SIGN_IN: rules ? 'rules' : 'writes' }, async (url, pid) =>
      record(scenario, 'sqlite', await measured(pid, () => fullFlow(url, BARE_JOURNEY, barePerson)), pid));
  }
  if (!backends.includes('postgres') || postgresSkipped) return;
  // On PostgreSQL: the service's statements one round trip each, and the same in one function call.
  if (wanted('bare-code-request')) {
    log('\n== bare code request on postgres: the service\'s statements, straight on node-postgres in bare Fastify');
    await benchBare('bare-code-request', 'bench/bare-code-request-postgres-server.ts', { ACCOUNTS: String(ACCOUNTS), BARE_PG: 'statements' }, request(), 'postgres');
  }
  if (wanted('bare-code-request-one-call')) {
    log('\n== bare code request on postgres in one call: the same statements in one PL/pgSQL function');
    await benchBare('bare-code-request-one-call', 'bench/bare-code-request-postgres-server.ts', { ACCOUNTS: String(ACCOUNTS), BARE_PG: 'one-call' }, request(), 'postgres');
  }
}

/**
 * The peer: better-auth's phone-number plugin (bench/peer-better-auth-server.ts), on the same
 * machine, connections and duration. Its numbers are signed up first, each with a fresh code out.
 */
async function benchPeer(): Promise<void> {
  log('\n== peer: better-auth 1.7 phone-number plugin on better-sqlite3 (WAL), Fastify');
  await withServer('bench/peer-better-auth-server.ts', {}, async (url, pid) => {
    // More numbers than its verify run can use at the rates measured for it (about 330/s).
    const count = DURATION * 1_000;
    log(`  signing up ${count} numbers`);
    const seeded: Array<{ phoneNumber: string; code: string }> = [];
    for (let from = 0; from < count; from += 1000) seeded.push(...((await (await post(url, '/peer/seed', { count: 1000, from })).json()) as typeof seeded));
    if (wanted('peer-verify')) {
      let i = 0;
      record('peer-verify', 'sqlite', await measured(pid, () => cannon({
        url,
        amount: seeded.length - 2 * CONNECTIONS,
        requests: [{ method: 'POST', path: '/api/auth/phone-number/verify', setupRequest: (req) => ({ ...req, ...json(seeded[i++ % seeded.length]) }) }],
      })), pid);
    }
    let next = 0;
    if (wanted('peer-send-otp')) record('peer-send-otp', 'sqlite', await measured(pid, () => cannon({
      url,
      duration: DURATION,
      requests: [{ method: 'POST', path: '/api/auth/phone-number/send-otp', setupRequest: (req) => ({ ...req, ...json({ phoneNumber: seeded[next++ % seeded.length]!.phoneNumber }) }) }],
    })), pid);
    if (wanted('peer-flow')) record('peer-flow', 'sqlite', await measured(pid, () => journeys(async () => {
      const { phoneNumber } = seeded[next++ % seeded.length]!;
      const sent = await post(url, '/api/auth/phone-number/send-otp', { phoneNumber });
      await sent.arrayBuffer();
      const { code } = (await (await fetch(`${url}/peer/inbox?to=${encodeURIComponent(phoneNumber)}`)).json()) as { code: string };
      const verified = await post(url, '/api/auth/phone-number/verify', { phoneNumber, code });
      await verified.arrayBuffer();
      return sent.status === 200 && verified.status === 200;
    })), pid);
  });
}

if (!args['skip-build']) {
  log('building the service (npm run build)');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const backends = args.backends.split(',');
const postgresSkipped = backends.includes('postgres') ? await postgresUnavailable().catch((error: unknown) => String(error)) : undefined;
if (wanted('reference-insert')) await benchReference();
if (wanted('bare-code-sign-in')) await benchBareSignIn('bare-code-sign-in');
if (wanted('bare-code-sign-in-rules')) await benchBareSignIn('bare-code-sign-in-rules');
if (['bare-code-request', 'bare-code-request-one-call', 'bare-flow', 'bare-flow-rules'].some(wanted)) await benchBareCodeRequest();
if (['peer-send-otp', 'peer-verify', 'peer-flow'].some(wanted)) await benchPeer();
if (backends.includes('sqlite')) await benchService('sqlite');
if (backends.includes('postgres')) {
  if (postgresSkipped) log(`\n== postgres skipped: ${postgresSkipped}`);
  else await benchService('postgres');
}

if (args.json) {
  for (const row of rows) console.log(JSON.stringify(row));
} else {
  const reference = rows.find((r) => r.scenario === 'reference-insert')?.rps ?? 0;
  console.log('\nscenario                     backend    req/s   p50 ms   p99 ms  errors  rss MB  CPU ms  % of reference');
  for (const r of rows) {
    const share = reference ? `${Math.round((r.rps / reference) * 100)}%` : '';
    console.log(
      `${r.scenario.padEnd(28)} ${r.backend.padEnd(9)} ${String(r.rps).padStart(6)} ${String(r.p50_ms).padStart(8)} ${String(r.p99_ms).padStart(8)} ${String(r.errors).padStart(7)} ${String(r.rss_mb).padStart(7)} ${String(r.cpu_ms ?? '').padStart(7)}  ${share}`,
    );
  }
  // The goals of docs/performance.md, each ours against its yardstick or the peer, in this run.
  const rate = (scenario: string, backend = 'sqlite') => rows.find((r) => r.scenario === scenario && r.backend === backend)?.rps;
  const comparisons: Array<[string, string, string, string]> = [
    ['request-code', 'peer-send-otp', 'x', '≥ 3×'],
    ['redeem-code', 'peer-verify', 'x', ''],
    ['full-flow', 'peer-flow', 'x', '≥ 3×'],
    ['request-code', 'bare-code-request', '%', '≥ 80 %'],
    ['redeem-code', 'bare-code-sign-in', '%', '≥ 85 %'],
    // Not goals: how near the service comes to the statements its own rules make it run, and
    // its journey to the bare journey, which is the most the journey's goal allows.
    ['redeem-code', 'bare-code-sign-in-rules', '%', ''],
    ['full-flow', 'bare-flow-rules', '%', ''],
    ['bare-flow', 'peer-flow', 'x', ''],
    ['bare-flow-rules', 'peer-flow', 'x', ''],
  ];
  const lines = comparisons.flatMap(([ours, theirs, unit, goal]) => {
    const a = rate(ours);
    const b = rate(theirs);
    if (!a || !b) return [];
    const figure = unit === 'x' ? `${(a / b).toFixed(1)}×` : `${Math.round((a / b) * 100)} %`;
    return [`${ours.padEnd(14)} against ${theirs.padEnd(23)} ${figure.padStart(6)}${goal ? `   (goal ${goal})` : ''}`];
  });
  const pgRequest = rate('request-code', 'postgres');
  const sqliteRequest = rate('request-code');
  if (pgRequest && sqliteRequest) lines.push(`request-code on postgres against sqlite          ${Math.round((pgRequest / sqliteRequest) * 100)} %   (goal ≥ 50 %)`);
  // Not goals: the most that goal allows, each PostgreSQL shape of the bare code request against SQLite's.
  const bareOnSqlite = rate('bare-code-request');
  for (const scenario of ['bare-code-request', 'bare-code-request-one-call']) {
    const onPostgres = rate(scenario, 'postgres');
    if (onPostgres && bareOnSqlite) lines.push(`${scenario} on postgres against sqlite's bare-code-request ${Math.round((onPostgres / bareOnSqlite) * 100)} %`);
  }
  if (lines.length > 0) console.log(`\n${lines.join('\n')}`);
}
