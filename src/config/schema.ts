import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { getCountries, type CountryCode } from 'libphonenumber-js/max';
import { clientRegistrationSchema } from './client-registration.ts';
import { developmentSecretKey } from './development-secret-key.ts';
import { isLoopbackHost } from './loopback.ts';
import { defineSettings, unset, wholeNumber as int } from './setting.ts';
import { smsSettings } from './sms-settings.ts';
import { mailSettings } from './mail-settings.ts';
import { coversEveryAddress } from './trust-proxy.ts';

/**
 * Every setting the service reads, each defined once: its type (the schema, which turns the
 * environment's string into the typed value), its default and the line of documentation that
 * docs/configuration.md is generated from (`npm run docs:config`; a test keeps them equal).
 * src/config/load.ts applies them and holds no defaults of its own.
 */
const knownRegions = new Set<string>(getCountries());

/** A switch for a piece of performance machinery (docs/performance.md). */
const onOff = z.enum(['on', 'off']).transform((value) => value === 'on');

export const settings = defineSettings()({
  NODE_ENV: {
    doc: '`development`, `test` or `production`. The service is in development only while `PUBLIC_URL` and `HOST` are both loopback and this is not `production`; anything else is production, which refuses unsafe settings (see below). `test` only quiets the log.',
    default: 'development',
    schema: z.enum(['development', 'test', 'production']),
  },
  PORT: {
    doc: 'TCP port the HTTP server listens on.',
    default: '3000',
    schema: int(0, 65535),
  },
  HOST: {
    doc: 'Address to listen on. Loopback only unless set; in production the default is every interface. A HOST that is not loopback makes the service production.',
    default: '127.0.0.1 (development), 0.0.0.0 (production)',
    schema: z.string().trim().min(1),
    value: ({ production }) => (production ? '0.0.0.0' : '127.0.0.1'),
  },
  PUBLIC_URL: {
    doc: 'The address people and websites reach the service at, and the only one it names: every link, redirect, OpenID Connect endpoint and cookie follows it, whatever Host or X-Forwarded-* say, and a page asked for at another host is redirected here. Its host name ends every text message (`@host #code`) so phones can offer to fill the code in. Anything but a loopback address (localhost, 127.0.0.1, [::1]) makes the service production, which requires https.',
    default: 'http://localhost:$PORT',
    schema: z.url({ protocol: /^https?$/ }).transform((url) => new URL(url)),
    value: ({ PORT }) => new URL(`http://localhost:${PORT}`),
  },
  DATA_DIR: {
    doc: 'Folder for the SQLite database and, in development, the generated secret key.',
    default: './data',
    schema: z.string().trim().min(1).transform((dir) => resolve(dir)),
  },
  DATABASE_URL: {
    doc: '`sqlite:<path>` for the embedded database on one machine; `postgres://user:password@host:5432/db` for PostgreSQL, which several instances can share. Migrations run at start either way.',
    default: 'sqlite:$DATA_DIR/engangskod.sqlite',
    schema: z
      .string()
      .trim()
      .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:<path> or postgres://…')
      .transform((url) => (url.startsWith('sqlite:') ? sqliteDatabase(url.slice('sqlite:'.length)) : { kind: 'postgres' as const, url })),
    value: ({ DATA_DIR }) => sqliteDatabase(join(DATA_DIR, 'engangskod.sqlite')),
  },
  REDIS_URL: {
    doc: 'Redis (`redis://host:6379`) for the per-IP limit shared by several instances; without it that limit is kept in process. Daily limits are always in the database, so they hold across instances either way.',
    default: '(none)',
    schema: z.url({ protocol: /^rediss?$/ }).optional(),
    value: unset,
  },
  // SMS_TRANSPORT and the other SMS_* settings, in sms-settings.ts.
  ...smsSettings,
  // MAIL_TRANSPORT, SMTP_URL and MAIL_FROM, in mail-settings.ts.
  ...mailSettings,
  SECRET_KEY: {
    doc: 'Key for the HMACs that codes and limit keys are stored as, and for sealing the signing keys and client secrets; at least 32 bytes. To change it, move the old key to SECRET_KEYS_PREVIOUS. In development one is generated and kept in `$DATA_DIR/secret-key`.',
    default: 'generated (development); required in production',
    schema: z
      .string()
      .refine((key) => Buffer.byteLength(key, 'utf8') >= 32, 'must be at least 32 bytes (e.g. `openssl rand -base64 48`)')
      .transform((key): Buffer => Buffer.from(key, 'utf8'))
      .optional(),
    // Production has no default: a missing key is one of productionRules.
    value: ({ production, DATA_DIR }) => (production ? undefined : developmentSecretKey(DATA_DIR)),
  },
  SECRET_KEYS_PREVIOUS: {
    doc: 'Comma-separated keys SECRET_KEY replaced, newest first, each at least 32 bytes: what they sealed or signed (signing keys, client secrets, codes, cookies, report URLs) keeps working while `engangskod secrets rotate` re-seals the stored values under SECRET_KEY. Limit keys start afresh under the new key. See docs/operations.md.',
    default: '(none)',
    schema: z
      .string()
      .transform((list) => list.split(',').map((key) => key.trim()).filter(Boolean))
      .pipe(z.array(z.string().refine((key) => Buffer.byteLength(key, 'utf8') >= 32, 'each key must be at least 32 bytes')).max(5, 'at most 5 previous keys'))
      .transform((keys): Buffer[] => keys.map((key) => Buffer.from(key, 'utf8'))),
    value: () => [],
  },
  REGIONS: {
    doc: 'Comma-separated ISO 3166 region codes whose mobile numbers are offered.',
    default: 'SE,NO,DK,FI,IS',
    schema: z
      .string()
      .transform((s) => s.split(',').map((r) => r.trim().toUpperCase()).filter(Boolean))
      .pipe(
        z
          .array(z.string().refine((r) => knownRegions.has(r), { error: (issue) => `unknown region code ${String(issue.input)}` }))
          .min(1, 'name at least one region'),
      )
      .transform((list) => [...new Set(list)] as CountryCode[]),
  },
  OTP_LENGTH: {
    doc: 'Digits in a one-time code (6–10). Eight keeps a code above the 20 bits of entropy NIST SP 800-63B asks for.',
    default: '8',
    schema: int(6, 10),
  },
  OTP_TTL_SECONDS: {
    doc: 'How long a code works after it was requested.',
    default: '600',
    schema: int(1, 86_400),
  },
  OTP_MAX_ATTEMPTS: {
    doc: 'Wrong entries after which a code is refused even when right.',
    default: '5',
    schema: int(1, 100),
  },
  OTP_DAILY_LIMIT: {
    doc: 'Sign-in code texts per account in a rolling 24 hours, counted per browser the person signed in on before (each has its own allowance) and once for all other browsers together. Only texts that go count: a request that matches no verified number counts toward nothing the holder needs. Past it the answer is unchanged and no text goes; the text that uses the allowance up says so.',
    default: '10',
    schema: int(1, 1_000_000),
  },
  OTP_ACCOUNT_FAILURE_LIMIT: {
    doc: 'Wrong sign-in codes for one account in a rolling 24 hours after which code sign-in for it pauses; wrong codes for verifying a number are counted apart against the same limit. Asking for a new code does not reset the count; the answer stays the wrong-code answer.',
    default: '20',
    schema: int(1, 1_000_000),
  },
  VERIFY_DAILY_LIMIT: {
    doc: 'Codes sent to verify newly added numbers, per account in a rolling 24 hours.',
    default: '10',
    schema: int(1, 1_000_000),
  },
  CODE_RESEND_SECONDS: {
    doc: 'After a code request for an email and number, the next one for the same pair waits this many seconds, alike for a match and a miss. The browser that asked gets 429 with Retry-After; any other browser gets the usual answer and no text, so a stranger who knows both can cause at most one text a pair per this many seconds. A browser the holder signed in on before has a cooldown of its own.',
    default: '60',
    schema: int(0, 86_400),
  },
  SMS_PER_NUMBER_DAILY: {
    doc: 'Texts to one number in a rolling 24 hours, every kind together (sign-in codes, verification codes, notices). Texts that a browser the holder signed in on before did not ask for may use at most half of it, so strangers can never use up the rest. Past it texts to that number are withheld (the answer is unchanged).',
    default: '10',
    schema: int(1, 1_000_000),
  },
  MAIL_PER_ADDRESS_DAILY: {
    doc: 'Mails to one address in a rolling 24 hours, every kind together (sign-up codes, password reset codes, notices). Mails that a browser the holder signed in on before did not ask for may use at most half of it. Past it mails to that address are withheld (the answer is unchanged).',
    default: '10',
    schema: int(1, 1_000_000),
  },
  IP_LIMIT_PER_HOUR: {
    doc: 'Code requests per client (an IPv4 address, an IPv6 /64) per hour that need nothing more. Past it each request needs a proof of work (429 `proof_of_work_required` with a challenge; the pages solve it in the browser), since a school or library puts many people behind one address; at ten times this the client waits (429 `rate_limited`).',
    default: '100',
    schema: int(1, 1_000_000_000),
  },
  POW_MAX_NUMBER: {
    doc: 'The difficulty of a proof of work (ALTCHA, SHA-256): the browser tries on average half this many hashes. 100000 takes a phone about a second. A challenge is good for five minutes and a proof counts once.',
    default: '100000',
    schema: int(1000, 100_000_000),
  },
  TEST_NUMBERS: {
    doc: 'Comma-separated `+number=code` pairs (E.164, and a code of `OTP_LENGTH` digits) for app reviewers and automated checks: codes for these numbers are always that code and no text is sent; everything else (limits, single use, newest wins, expiry) is unchanged. Off unless set, and logged loudly at start.',
    default: '(none)',
    schema: z
      .string()
      .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
      .pipe(
        z.array(
          z.string().regex(/^\+[1-9]\d{6,14}=\d{6,10}$/, { error: (issue) => `not a +number=code pair: ${String(issue.input)}` }),
        ),
      )
      .transform((pairs): Readonly<Record<string, string>> => Object.fromEntries(pairs.map((p) => p.split('=') as [string, string]))),
    value: () => ({}),
  },
  TEST_NUMBERS_IN_PRODUCTION: {
    doc: '`yes` lets production start with `TEST_NUMBERS` (for the length of an app review); production refuses them otherwise.',
    default: 'no',
    schema: z.enum(['yes', 'no']),
  },
  CODE_REQUEST_MIN_MS: {
    doc: 'Code requests and code sign-ins are answered no sooner than this many milliseconds after they arrive, match or not. A match and a miss do the same work, but not to the microsecond; under this floor the difference cannot be measured from outside (`npm run check:timing`). 0 turns it off.',
    default: '10',
    schema: int(0, 10_000),
  },
  PREFIX_LIMIT_PER_HOUR: {
    doc: 'Texts per hour per destination prefix (the number without its last four digits), every kind, whatever the email or IP: bounds SMS pumping spread over many numbers of one range. Requests that match nothing send nothing and do not count; past it texts to the prefix are withheld (the answer is unchanged).',
    default: '20',
    schema: int(1, 1_000_000_000),
  },
  REGION_DAILY_LIMIT: {
    doc: 'Texts per offered region per day, all numbers and kinds together: a ceiling on what one region can cost. Requests that match nothing do not count; past it texts to the region are withheld (the answer is unchanged).',
    default: '20000',
    schema: int(1, 1_000_000_000),
  },
  SMS_GUARD_MIN_TEXTS: {
    doc: 'Pumping guard: texts of every kind to one destination prefix in a sliding hour before its conversion is judged (a region is judged at ten times this). A prefix or region converting below `SMS_GUARD_MIN_CONVERSION` gets no texts for an hour (answers are unchanged), which the log and `engangskod_guard_suspensions_total` tell; `engangskod guard lift` ends it sooner. The default is well under `PREFIX_LIMIT_PER_HOUR` (20), so a pumped range is stopped after 8 texts an hour instead of capped at 20; raise it if real traffic crowds into few prefixes.',
    default: '8',
    schema: int(1, 1_000_000_000),
  },
  SMS_GUARD_MIN_CONVERSION: {
    doc: 'Pumping guard: the share of code texts (sign-in and verification) in a sliding hour whose codes were redeemed, below which a prefix or region with `SMS_GUARD_MIN_TEXTS` texts stops getting texts for an hour. 0.2 means fewer than 2 of 8; people enter most codes they ask for, pumped numbers none. 0 turns the guard off.',
    default: '0.2',
    schema: z
      .string()
      .trim()
      .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a number from 0 to 1')
      .transform(Number),
  },
  SMS_HOURLY_BUDGET: {
    doc: 'Texts per hour for the whole service: sign-in codes, verification codes and notices. When spent, texts are withheld until the hour rolls over (answers are unchanged, so a flood learns nothing), and the service says so in its log and in `engangskod_sms_budget_spent_total`, instead of paying for a flood.',
    default: '2000',
    schema: int(1, 1_000_000_000),
  },
  REDEEM_IP_LIMIT_PER_HOUR: {
    doc: 'One-time-code sign-in and number verification attempts per client IP per hour, together. Past it the answer is the wrong-code answer, so it tells a guesser nothing.',
    default: '200',
    schema: int(1, 1_000_000_000),
  },
  SIGNUP_IP_LIMIT_PER_HOUR: {
    doc: 'Sign-ups per client per hour (an IPv4 address, an IPv6 /64), counted once the form is well formed. Past it the answer is 429 `rate_limited` with Retry-After. Each sign-up costs an argon2 hash; password sign-in hashes in slots of its own, so sign-ups cannot slow it down.',
    default: '20',
    schema: int(1, 1_000_000_000),
  },
  PASSWORD_FREE_FAILURES: {
    doc: 'Wrong passwords per submitted email within an hour before each further one makes the next try wait: 2 s, 4 s, 8 s … at most 15 minutes. Per client IP the allowance is ten times this. Never a permanent lockout.',
    default: '5',
    schema: int(1, 1_000_000),
  },
  PASSWORD_ACCOUNT_FAILURE_LIMIT: {
    doc: 'Wrong passwords for one submitted email in a rolling 24 hours, with no right one since, after which password sign-in for that email pauses (429 with Retry-After) until the oldest of them is a day old. Counted alike whether or not the email has an account; one-time code sign-in is not affected, and a right password before the limit starts the count again.',
    default: '100',
    schema: int(1, 1_000_000),
  },
  SESSION_IDLE_SECONDS: {
    doc: 'A session ends after this long without use.',
    default: '1800',
    schema: int(1, 31_536_000),
  },
  SESSION_MAX_SECONDS: {
    doc: 'A session ends this long after sign-in, however much it is used (`expiresAt`).',
    default: '43200',
    schema: int(1, 31_536_000),
  },
  OIDC_CLIENTS: {
    doc: 'Websites that sign people in through us (OpenID Connect), as a JSON array of client metadata: `client_id`, `client_secret` (at least 32 characters; leave it out for a public client), `client_name`, `redirect_uris`, `post_logout_redirect_uris`, `first_party` (true: no consent screen) and `refresh_tokens` (true: the client may ask for `offline_access`). Clients can also be added with `engangskod clients add`; see docs/oidc.md.',
    default: '(none)',
    schema: z
      .string()
      .transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON array' });
          return z.NEVER;
        }
      })
      .pipe(z.array(clientRegistrationSchema).refine((clients) => new Set(clients.map((c) => c.client_id)).size === clients.length, 'client_id values must differ')),
    value: () => [],
  },
  TRUST_PROXY: {
    doc: 'Comma-separated addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` is believed for the client IP (also `loopback`, `linklocal`, `uniquelocal`). Without it the socket address is the client IP, and the header is ignored. A list that covers every address (`0.0.0.0/0`, `::/0`) is refused: any client could name its own address. Entries of X-Forwarded-For that are not IP addresses are skipped.',
    default: '(none)',
    schema: z
      .string()
      .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
      .pipe(
        z.array(
          z.string().refine((p) => /^(loopback|linklocal|uniquelocal)$/.test(p) || isIP(p.split('/')[0] ?? '') !== 0, {
            error: (issue) => `not an address, CIDR range or proxy-addr name: ${String(issue.input)}`,
          }),
        ),
      )
      .refine((list) => !coversEveryAddress(list), 'covers every address, so any client could name its own IP and walk past every per-client limit; name your proxies\' addresses'),
    value: () => [],
  },
  METRICS_TOKEN: {
    doc: 'When set, `/metrics` asks for `Authorization: Bearer <token>` and serves every series. Without it (development only: production requires it) `/metrics` is open but leaves out the SMS series (texts by status and transport, delivery latency, the SMS budget), which move only when a code request matched an account and so would undo what the identical 202 hides.',
    default: '(none in development: /metrics is open, without the SMS series); required in production',
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
    value: unset,
  },
  SQLITE_GROUP_COMMIT: {
    doc: '`on`: on SQLite, the transactions that finish in the same turn of the event loop share one COMMIT, each as a savepoint of its own. `off`: each commits alone. Nothing is answered before its transaction is committed either way; docs/performance.md says what `on` buys.',
    default: 'on',
    schema: onOff,
  },
  PREPARED_QUERIES: {
    doc: '`on`: the statements of the busiest paths are built by the query builder once and then run with new values, and on PostgreSQL each connection parses and plans a statement once (named prepared statements). `off`: built anew for every query and sent unnamed. The same SQL either way; docs/performance.md says what `on` buys.',
    default: 'on',
    schema: onOff,
  },
  GUARD_ASYNC_COMMIT: {
    doc: '`on`: on PostgreSQL, the statement that counts a text (or a used code) for the pumping guard commits without waiting for its WAL flush (`synchronous_commit` off for that statement alone), so texts to one region no longer wait in turn for each other\'s flush; a database crash may lose the last fraction of a second of those counts, and nothing else. `off`: they wait like every other commit. docs/performance.md says what `on` buys.',
    default: 'on',
    schema: onOff,
  },
  POSTGRES_PIPELINE: {
    doc: '`on`: on PostgreSQL, a transaction does not wait for the database where nothing needs its answer: `begin` goes out with the first statement, writes whose answer is not read (an activity row, a code, a text, a limit\'s event, a session) go out as the work goes on, and `commit` follows them, with the pumping guard\'s count right behind it (node-postgres\'s pipeline mode). A failed write still rolls the whole transaction back. `off`: each statement waits for its answer. docs/performance.md says what `on` buys.',
    default: 'on',
    schema: onOff,
  },
  HEAP_GROWTH_LIMIT: {
    doc: '`on`: V8\'s old generation may grow by at most half its live size before a full collection. `off`: V8 chooses (up to four times). docs/performance.md says what `on` buys.',
    default: 'on',
    schema: onOff,
  },
  LOG_LEVEL: {
    doc: 'pino log level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`.',
    default: 'info (silent under NODE_ENV=test)',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    value: ({ NODE_ENV }) => (NODE_ENV === 'test' ? 'silent' : 'info'),
  },
});

export type SettingName = keyof typeof settings;

/** The database a `sqlite:` URL names; `sqlite::memory:` is SQLite's own name for a private in-memory one. */
function sqliteDatabase(path: string) {
  return { kind: 'sqlite' as const, path: path === ':memory:' ? path : resolve(path.replace(/^\/\/(?=\/)/, '')) };
}

/**
 * Development is what is plainly development: reachable only from this machine, by its
 * address (PUBLIC_URL) and by its listener (HOST as given). Anything else is production,
 * whatever NODE_ENV says, so an instance put on a network never serves the dev inbox or runs
 * on a generated key. Defaults that differ between the two read it as `production`.
 */
export const isProduction = (values: { readonly NODE_ENV: string; readonly PUBLIC_URL: URL }, givenHost: string | undefined): boolean =>
  values.NODE_ENV === 'production' || !isLoopbackHost(values.PUBLIC_URL.hostname) || (givenHost !== undefined && !isLoopbackHost(givenHost));
