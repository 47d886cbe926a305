import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp, type App, type AppOptions } from '../../src/app.ts';
import { argon2Hasher } from '../../src/domain/accounts/password-hasher.ts';
import { loadConfig } from '../../src/config/load.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { createTestDatabase } from './postgres.ts';

export const TEST_SECRET = 'test-secret-key-that-is-at-least-32-characters';

/**
 * argon2id itself, at its smallest cost (64 KiB, one pass): the same code paths as the
 * service's 19 MiB hashes at a two-hundredth of the time. Tests about argon2's cost use
 * their own (src/domain/accounts/password-hasher.test.ts); the rest only need a real hasher.
 */
export const fastHasher = argon2Hasher({ memoryCost: 64, timeCost: 1, signInSlots: 2, signUpSlots: 1 });

/**
 * What production asks for at start (a public https PUBLIC_URL makes the service production).
 * The webhook goes nowhere: tests that use this send no texts or mails (the dispatchers are off).
 */
export const PRODUCTION_ENV: Readonly<Record<string, string>> = {
  PUBLIC_URL: 'https://login.example.se',
  SMS_TRANSPORT: 'http',
  SMS_HTTP_URL: 'http://127.0.0.1:9/texts',
  SMS_HTTP_SECRET: 'whsec_YSB3ZWJob29rIHNlY3JldCBvZiAzMiBieXRlcyEhIQ==',
  METRICS_TOKEN: 'a metrics token for the tests',
  // Nothing listens there either: these tests send no mail.
  SMTP_URL: 'smtp://127.0.0.1:9',
};

export interface TestApp {
  readonly app: App;
  readonly clock: ManualClock;
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * Which database the API suites run on: SQLite by default; `npm test` runs them a second
 * time with ENGANGSKOD_TEST_DATABASE=postgres, each app on a PostgreSQL database of its own.
 */
export const testDatabase = process.env.ENGANGSKOD_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * The real app (real SQLite file or PostgreSQL database, real argon2, real dispatcher and dev transport) on a
 * fresh database, with a clock that only moves when a test moves it. The dispatcher's
 * timers are off: tests call `app.dispatcher.drain()` to have queued texts handed over.
 */
export async function startTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-test-'));
  const postgres = testDatabase === 'postgres' ? await createTestDatabase() : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    SECRET_KEY: TEST_SECRET,
    // The response-time floor only hides timing; tests that are not about it need not wait for it.
    CODE_REQUEST_MIN_MS: '0',
    // Tests set up many accounts from one address (inject's 127.0.0.1); the sign-up throttle's own tests set it.
    SIGNUP_IP_LIMIT_PER_HOUR: '1000000',
    // Many tests text one prefix far more than real traffic would, never redeeming: the pumping
    // guard stays out of their way unless a test sets it.
    SMS_GUARD_MIN_TEXTS: '1000000000',
    DATA_DIR: dataDir,
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    ...env,
  });
  const clock = new ManualClock();
  const app = await buildApp(config, { clock, logger: pino({ level: 'silent' }), background: false, hasher: fastHasher, ...options });
  return {
    app,
    clock,
    dataDir,
    async close() {
      await app.close();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
