import { existsSync } from 'node:fs';
import type { Config } from './config.ts';
import { withEnvFile } from './env-file.ts';
import { isProduction, settings, type SettingName } from './schema.ts';
import { productionProblems } from './production-rules.ts';
import type { Facts, ValuesOf } from './setting.ts';
import { smsConfig } from './sms-config.ts';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;
type Values = ValuesOf<{ [K in SettingName]: (typeof settings)[K]['schema'] }> & Facts;

/**
 * The only place that reads the environment. Every problem is collected so an operator
 * fixes them all in one go, then the result is frozen: nothing changes it at run time.
 */
export function loadConfig(env: Env = process.env): Config {
  return loadConfigFrom(env);
}

export interface LoadOptions {
  /** Refuse an SQLite database that does not exist yet (and generate no secret key), for commands that only use data. */
  readonly existingDatabase?: boolean;
}

/** The environment (the process's unless given) over `.env` in `cwd` (or ENV_FILE), with command-line overrides on top (`engangskod serve --no-worker`). */
export function loadConfigWith(from: { readonly env?: Env; readonly cwd: string }, overrides: Readonly<Record<string, string>>, options: LoadOptions = {}): Config {
  const { env, problem } = withEnvFile(from.env ?? process.env, from.cwd);
  if (problem) throw new ConfigError([problem]);
  return loadConfigFrom({ ...env, ...overrides }, options);
}

function loadConfigFrom(env: Env, options: LoadOptions = {}): Config {
  const problems: string[] = [];
  const given: Partial<Record<SettingName, unknown>> = {};
  for (const name of Object.keys(settings) as SettingName[]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = settings[name].schema.safeParse(raw);
    if (parsed.success) given[name] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  // An invalid value is reported and its default stands in, so the checks below see the rest.
  const values = withDefaults(given);

  const sms = smsConfig(values, problems);
  if (values.production) {
    const givenRaw = (name: string) => (env[name]?.trim() ? env[name]?.trim() : undefined);
    problems.push(
      ...productionProblems({
        publicUrl: values.PUBLIC_URL,
        given: givenRaw,
        // Set but invalid: already reported by its schema, so not reported again as missing.
        smsTransports: values.SMS_TRANSPORT ?? (givenRaw('SMS_TRANSPORT') === undefined ? undefined : []),
        mailTransport: values.MAIL_TRANSPORT,
        otpTtlSeconds: values.OTP_TTL_SECONDS,
        otpMaxAttempts: values.OTP_MAX_ATTEMPTS,
        hasTestNumbers: Object.keys(values.TEST_NUMBERS).length > 0,
      }),
    );
  }
  // Production names this with its safe value (productionRules); development is told plainly.
  if (!values.production && values.MAIL_TRANSPORT === 'smtp' && values.SMTP_URL === undefined) problems.push('SMTP_URL: required with MAIL_TRANSPORT=smtp (e.g. smtp://127.0.0.1:2525)');
  for (const [number, code] of Object.entries(values.TEST_NUMBERS)) {
    if (code.length !== values.OTP_LENGTH) problems.push(`TEST_NUMBERS: the code for ${number} must have OTP_LENGTH (${values.OTP_LENGTH}) digits`);
  }
  if (values.SESSION_IDLE_SECONDS > values.SESSION_MAX_SECONDS) problems.push('SESSION_IDLE_SECONDS: must not be longer than SESSION_MAX_SECONDS');

  const database = values.DATABASE_URL;
  if (options.existingDatabase && database.kind === 'sqlite' && database.path !== ':memory:' && !existsSync(database.path)) {
    problems.push(`DATABASE_URL: no database at ${database.path}; run this where the service runs (or set DATA_DIR or DATABASE_URL), or create it with engangskod migrate`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const config: Config = {
    env: values.NODE_ENV,
    production: values.production,
    port: values.PORT,
    host: values.HOST,
    publicUrl: values.PUBLIC_URL,
    dataDir: values.DATA_DIR,
    database: values.DATABASE_URL,
    redisUrl: values.REDIS_URL,
    smsTransport: checked(sms, 'SMS_TRANSPORT').transports.join(','),
    sms: checked(sms, 'SMS_TRANSPORT'),
    mail: { transport: values.MAIL_TRANSPORT, smtpUrl: values.SMTP_URL, from: values.MAIL_FROM },
    // Read only now: in development its default writes a key file, which an invalid configuration should not leave behind.
    secretKey: checked(values.SECRET_KEY, 'SECRET_KEY'),
    previousSecretKeys: values.SECRET_KEYS_PREVIOUS,
    regions: values.REGIONS,
    otp: {
      length: values.OTP_LENGTH,
      ttlSeconds: values.OTP_TTL_SECONDS,
      maxAttempts: values.OTP_MAX_ATTEMPTS,
      dailyLimit: values.OTP_DAILY_LIMIT,
      accountFailureLimit: values.OTP_ACCOUNT_FAILURE_LIMIT,
      verifyDailyLimit: values.VERIFY_DAILY_LIMIT,
      resendSeconds: values.CODE_RESEND_SECONDS,
      testNumbers: values.TEST_NUMBERS,
    },
    ipLimitPerHour: values.IP_LIMIT_PER_HOUR,
    powMaxNumber: values.POW_MAX_NUMBER,
    codeRequestMinMs: values.CODE_REQUEST_MIN_MS,
    limits: {
      smsPerNumberDaily: values.SMS_PER_NUMBER_DAILY,
      mailPerAddressDaily: values.MAIL_PER_ADDRESS_DAILY,
      prefixPerHour: values.PREFIX_LIMIT_PER_HOUR,
      regionPerDay: values.REGION_DAILY_LIMIT,
      smsPerHour: values.SMS_HOURLY_BUDGET,
      redeemPerIpPerHour: values.REDEEM_IP_LIMIT_PER_HOUR,
      signUpPerIpPerHour: values.SIGNUP_IP_LIMIT_PER_HOUR,
      guardMinTexts: values.SMS_GUARD_MIN_TEXTS,
      guardMinConversion: values.SMS_GUARD_MIN_CONVERSION,
      passwordFreeFailures: values.PASSWORD_FREE_FAILURES,
      passwordAccountFailureLimit: values.PASSWORD_ACCOUNT_FAILURE_LIMIT,
    },
    session: { idleSeconds: values.SESSION_IDLE_SECONDS, maxSeconds: values.SESSION_MAX_SECONDS },
    metricsToken: values.METRICS_TOKEN,
    trustProxy: values.TRUST_PROXY,
    oidc: { clients: values.OIDC_CLIENTS },
    performance: {
      sqliteGroupCommit: values.SQLITE_GROUP_COMMIT,
      preparedQueries: values.PREPARED_QUERIES,
      guardAsyncCommit: values.GUARD_ASYNC_COMMIT,
      postgresPipeline: values.POSTGRES_PIPELINE,
      heapGrowthLimit: values.HEAP_GROWTH_LIMIT,
    },
    logLevel: values.LOG_LEVEL,
  };
  return deepFreeze(config);
}

/**
 * Every setting's value: as given, else its default from its definition in schema.ts, each
 * worked out when first read, so a default may read any setting it depends on (a cycle is a bug).
 */
function withDefaults(given: Partial<Record<SettingName, unknown>>): Values {
  const known = new Map<string, unknown>();
  const pending = new Set<string>();
  const once = (name: string, work: () => unknown) => {
    if (known.has(name)) return known.get(name);
    if (pending.has(name)) throw new Error(`the defaults of ${[...pending].join(', ')} depend on each other`);
    pending.add(name);
    const value = work();
    pending.delete(name);
    known.set(name, value);
    return value;
  };
  const values = {} as Values;
  for (const name of Object.keys(settings) as SettingName[]) {
    const setting: { readonly default: string; readonly schema: { parse(raw: string): unknown }; readonly value?: (values: Values) => unknown } = settings[name];
    const work = () => (name in given ? given[name] : setting.value ? setting.value(values) : setting.schema.parse(setting.default));
    Object.defineProperty(values, name, { enumerable: true, get: () => once(name, work) });
  }
  Object.defineProperty(values, 'production', { get: () => once('production', () => isProduction(values, given.HOST as string | undefined)) });
  return values;
}

/** A value the checks above guarantee once no problem was reported. */
function checked<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} has no value, yet no problem was reported`);
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof URL) && !Buffer.isBuffer(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
