import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Config } from './config.ts';
import { settings, type SettingName } from './schema.ts';
import { isLoopbackHost } from './loopback.ts';
import { productionProblems } from './production-rules.ts';
import { smsConfig, type SmsConfig } from './sms-config.ts';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;
type Parsed = { [K in SettingName]?: z.output<(typeof settings)[K]['schema']> };

/**
 * The only place that reads the environment. Every problem is collected so an operator
 * fixes them all in one go, then the result is frozen: nothing changes it at run time.
 */
export function loadConfig(env: Env = process.env): Config {
  return loadConfigFrom(env);
}

/** The environment with command-line overrides on top (`engangskod serve --no-worker`). */
export const loadConfigWith = (overrides: Readonly<Record<string, string>>): Config => loadConfigFrom({ ...process.env, ...overrides });

function loadConfigFrom(env: Env): Config {
  const problems: string[] = [];
  const values: Parsed = {};
  for (const name of Object.keys(settings) as SettingName[]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = settings[name].schema.safeParse(raw);
    if (parsed.success) (values as Record<string, unknown>)[name] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }

  const nodeEnv = values.NODE_ENV ?? 'development';
  const port = values.PORT ?? 3000;
  const dataDir = resolve(values.DATA_DIR ?? './data');
  const databaseUrl = values.DATABASE_URL ?? `sqlite:${join(dataDir, 'engangskod.sqlite')}`;
  const database = databaseUrl.startsWith('sqlite:')
    ? { kind: 'sqlite' as const, path: sqlitePath(databaseUrl.slice('sqlite:'.length)) }
    : { kind: 'postgres' as const, url: databaseUrl };

  const publicUrl = new URL(values.PUBLIC_URL ?? `http://localhost:${port}`);
  // Development is what is plainly development: reachable only from this machine, by its
  // address and by its listener. Anything else is production, whatever NODE_ENV says, so an
  // instance put on a network never serves the dev inbox or runs on a generated key.
  const production =
    nodeEnv === 'production' || !isLoopbackHost(publicUrl.hostname) || (values.HOST !== undefined && !isLoopbackHost(values.HOST));
  const sms = smsConfig(values, { production, publicUrl }, problems);

  const otpLength = values.OTP_LENGTH ?? 8;
  const otpTtlSeconds = values.OTP_TTL_SECONDS ?? 600;
  const otpMaxAttempts = values.OTP_MAX_ATTEMPTS ?? 5;
  if (production) {
    const given = (name: string) => (env[name]?.trim() ? env[name]?.trim() : undefined);
    problems.push(
      ...productionProblems({
        publicUrl,
        given,
        smsTransports: values.SMS_TRANSPORT ?? (given('SMS_TRANSPORT') === undefined ? undefined : []),
        otpTtlSeconds,
        otpMaxAttempts,
        hasTestNumbers: Object.keys(values.TEST_NUMBERS ?? {}).length > 0,
      }),
    );
  }
  for (const [number, code] of Object.entries(values.TEST_NUMBERS ?? {})) {
    if (code.length !== otpLength) problems.push(`TEST_NUMBERS: the code for ${number} must have OTP_LENGTH (${otpLength}) digits`);
  }

  const sessionIdle = values.SESSION_IDLE_SECONDS ?? 1800;
  const sessionMax = values.SESSION_MAX_SECONDS ?? 43_200;
  if (sessionIdle > sessionMax) problems.push('SESSION_IDLE_SECONDS: must not be longer than SESSION_MAX_SECONDS');

  if (problems.length > 0) throw new ConfigError(problems);

  const secretKey =
    values.SECRET_KEY !== undefined ? Buffer.from(values.SECRET_KEY, 'utf8') : developmentSecretKey(dataDir);

  const config: Config = {
    env: nodeEnv,
    production,
    port,
    host: values.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    publicUrl,
    dataDir,
    database,
    redisUrl: values.REDIS_URL,
    smsTransport: (sms?.transports ?? ['dev']).join(','),
    sms: sms as SmsConfig,
    secretKey,
    regions: values.REGIONS ?? ['SE', 'NO', 'DK', 'FI', 'IS'],
    otp: {
      length: otpLength,
      ttlSeconds: otpTtlSeconds,
      maxAttempts: otpMaxAttempts,
      dailyLimit: values.OTP_DAILY_LIMIT ?? 10,
      accountFailureLimit: values.OTP_ACCOUNT_FAILURE_LIMIT ?? 20,
      verifyDailyLimit: values.VERIFY_DAILY_LIMIT ?? 10,
      testNumbers: values.TEST_NUMBERS ?? {},
    },
    ipLimitPerHour: values.IP_LIMIT_PER_HOUR ?? 100,
    codeRequestMinMs: values.CODE_REQUEST_MIN_MS ?? 10,
    limits: {
      prefixPerHour: values.PREFIX_LIMIT_PER_HOUR ?? 20,
      regionPerDay: values.REGION_DAILY_LIMIT ?? 20_000,
      smsPerHour: values.SMS_HOURLY_BUDGET ?? 2000,
      redeemPerIpPerHour: values.REDEEM_IP_LIMIT_PER_HOUR ?? 200,
      passwordFreeFailures: values.PASSWORD_FREE_FAILURES ?? 5,
      passwordAccountFailureLimit: values.PASSWORD_ACCOUNT_FAILURE_LIMIT ?? 100,
    },
    session: { idleSeconds: sessionIdle, maxSeconds: sessionMax },
    metricsToken: values.METRICS_TOKEN,
    trustProxy: values.TRUST_PROXY ?? [],
    oidc: { clients: values.OIDC_CLIENTS ?? [] },
    logLevel: values.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
  };
  return deepFreeze(config);
}

function sqlitePath(rest: string): string {
  // `sqlite::memory:` is SQLite's own name for a private in-memory database.
  return rest === ':memory:' ? rest : resolve(rest.replace(/^\/\/(?=\/)/, ''));
}

/**
 * Development convenience: a key generated once and kept beside the database, so codes
 * survive a restart without anyone having to invent a secret. Production must set one.
 */
function developmentSecretKey(dataDir: string): Buffer {
  const file = join(dataDir, 'secret-key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // 'wx' fails rather than overwrites if another process created it meanwhile.
    try {
      writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof URL) && !Buffer.isBuffer(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
