import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from './load.ts';

const secret = 'a test secret key of at least 32 characters';
const tempDirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'engangskod-config-'));
  tempDirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Loads with a private data folder and a given key unless the test says otherwise. */
const load = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: tempDir(), SECRET_KEY: secret, ...env });

/** The problems of the ConfigError that loading `env` throws. */
const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected loadConfig to refuse the configuration');
};

describe('loadConfig defaults', () => {
  it('uses the public contract defaults when nothing is set', () => {
    // No DATA_DIR: the default folder is only named, never written, because a key is given.
    const config = loadConfig({ SECRET_KEY: secret });
    assert.equal(config.env, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dataDir, resolve('data'));
    assert.deepEqual(config.database, { kind: 'sqlite', path: resolve('data', 'engangskod.sqlite') });
    assert.equal(config.redisUrl, undefined);
    assert.deepEqual(config.regions, ['SE', 'NO', 'DK', 'FI', 'IS']);
    assert.equal(config.otp.length, 8);
    assert.equal(config.otp.ttlSeconds, 600);
    assert.equal(config.otp.maxAttempts, 5);
    assert.equal(config.otp.dailyLimit, 10);
    assert.equal(config.ipLimitPerHour, 100);
    assert.equal(config.smsTransport, 'dev');
  });

  it('defaults PUBLIC_URL to http://localhost on the configured port', () => {
    assert.equal(load().publicUrl.href, 'http://localhost:3000/');
    assert.equal(load({ PORT: '8080' }).publicUrl.href, 'http://localhost:8080/');
  });

  it('keeps the SQLite database inside DATA_DIR when DATABASE_URL is not set', () => {
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir, SECRET_KEY: secret });
    assert.deepEqual(config.database, { kind: 'sqlite', path: join(dataDir, 'engangskod.sqlite') });
  });

  it('treats an empty or blank value as unset', () => {
    const config = load({ PORT: '', OTP_LENGTH: '   ' });
    assert.equal(config.port, 3000);
    assert.equal(config.otp.length, 8);
  });

  it('uses a configured PUBLIC_URL as given', () => {
    const config = load({ PUBLIC_URL: 'https://login.example.se:8443' });
    assert.equal(config.publicUrl.hostname, 'login.example.se');
    assert.equal(config.publicUrl.port, '8443');
  });
});

describe('loadConfig validation', () => {
  it('refuses OTP_LENGTH 5 and 11', () => {
    for (const length of ['5', '11']) {
      const problems = problemsOf({ DATA_DIR: tempDir(), SECRET_KEY: secret, OTP_LENGTH: length });
      assert.equal(problems.length, 1);
      assert.match(problems[0] ?? '', /^OTP_LENGTH: /);
    }
  });

  it('accepts OTP_LENGTH 6 and 10', () => {
    assert.equal(load({ OTP_LENGTH: '6' }).otp.length, 6);
    assert.equal(load({ OTP_LENGTH: '10' }).otp.length, 10);
  });

  it('refuses numbers that are not whole numbers', () => {
    for (const port of ['3000.5', '-1', '3e3', 'abc']) {
      const problems = problemsOf({ DATA_DIR: tempDir(), SECRET_KEY: secret, PORT: port });
      assert.match(problems[0] ?? '', /^PORT: /, `PORT=${port}`);
    }
  });

  it('reports every invalid value in one ConfigError', () => {
    const problems = problemsOf({
      DATA_DIR: tempDir(),
      SECRET_KEY: secret,
      PORT: 'eighty',
      OTP_LENGTH: '5',
      REGIONS: 'SE,XX',
      LOG_LEVEL: 'loud',
      PUBLIC_URL: 'ftp://login.example.se',
    });
    const named = problems.map((problem) => problem.split(':')[0]).sort();
    assert.deepEqual(named, ['LOG_LEVEL', 'OTP_LENGTH', 'PORT', 'PUBLIC_URL', 'REGIONS']);
  });

  it('names every problem in the error message too', () => {
    assert.throws(
      () => loadConfig({ DATA_DIR: tempDir(), SECRET_KEY: secret, PORT: 'eighty', OTP_TTL_SECONDS: '0' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PORT: /);
        assert.match(error.message, /OTP_TTL_SECONDS: /);
        return true;
      },
    );
  });

  it('refuses a session idle time longer than the session maximum', () => {
    const problems = problemsOf({ DATA_DIR: tempDir(), SECRET_KEY: secret, SESSION_IDLE_SECONDS: '7200', SESSION_MAX_SECONDS: '3600' });
    assert.deepEqual(problems.map((problem) => problem.split(':')[0]), ['SESSION_IDLE_SECONDS']);
  });

  it('refuses a SECRET_KEY shorter than 32 characters', () => {
    const problems = problemsOf({ DATA_DIR: tempDir(), SECRET_KEY: 'x'.repeat(31) });
    assert.match(problems[0] ?? '', /^SECRET_KEY: /);
  });
});

describe('loadConfig REGIONS', () => {
  it('reads region codes case-insensitively, ignoring spaces and repeats, in the given order', () => {
    assert.deepEqual(load({ REGIONS: ' fi, se ,Se,no' }).regions, ['FI', 'SE', 'NO']);
  });

  it('refuses unknown region codes', () => {
    const problems = problemsOf({ DATA_DIR: tempDir(), SECRET_KEY: secret, REGIONS: 'SE,XX' });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^REGIONS: .*unknown region code/);
  });

  it('refuses a list that names no region', () => {
    const problems = problemsOf({ DATA_DIR: tempDir(), SECRET_KEY: secret, REGIONS: ' , ,' });
    assert.match(problems[0] ?? '', /^REGIONS: /);
  });
});

describe('loadConfig in production', () => {
  it('refuses the dev SMS transport and a missing SECRET_KEY, both in one error', () => {
    const dataDir = tempDir();
    const problems = problemsOf({ NODE_ENV: 'production', SMS_TRANSPORT: 'dev', DATA_DIR: dataDir });
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? '', /^SMS_TRANSPORT: .*refused in production/);
    assert.match(problems[1] ?? '', /^SECRET_KEY: required in production/);
    assert.deepEqual(readdirSync(dataDir), [], 'no secret key is generated in production');
  });

  it('refuses the dev SMS transport even with a SECRET_KEY', () => {
    const problems = problemsOf({ NODE_ENV: 'production', SMS_TRANSPORT: 'dev', SECRET_KEY: secret, DATA_DIR: tempDir() });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^SMS_TRANSPORT: /);
  });

  it('requires SMS_TRANSPORT to be chosen rather than defaulting to the dev inbox', () => {
    const problems = problemsOf({ NODE_ENV: 'production', SECRET_KEY: secret, DATA_DIR: tempDir() });
    assert.deepEqual(problems, ['SMS_TRANSPORT: required in production']);
  });
});

describe('the development secret key', () => {
  it('is generated once into DATA_DIR/secret-key, readable by the owner only, and reused on the next load', () => {
    const dataDir = join(tempDir(), 'not-yet-created');
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, 'secret-key');
    assert.ok(existsSync(file));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(first.secretKey.toString('utf8'), readFileSync(file, 'utf8').trim());
    assert.ok(first.secretKey.length >= 32);
    const second = loadConfig({ DATA_DIR: dataDir });
    assert.ok(second.secretKey.equals(first.secretKey));
  });

  it('differs between data folders', () => {
    const one = loadConfig({ DATA_DIR: tempDir() });
    const other = loadConfig({ DATA_DIR: tempDir() });
    assert.ok(!one.secretKey.equals(other.secretKey));
  });

  it('is not written when SECRET_KEY is set, and the set key is used', () => {
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir, SECRET_KEY: secret });
    assert.equal(config.secretKey.toString('utf8'), secret);
    assert.equal(existsSync(join(dataDir, 'secret-key')), false);
  });
});

describe('the loaded configuration', () => {
  it('is frozen, nested parts included', () => {
    const config = load();
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.otp));
    assert.ok(Object.isFrozen(config.session));
    assert.ok(Object.isFrozen(config.database));
    assert.ok(Object.isFrozen(config.regions));
    assert.throws(() => {
      (config as { port: number }).port = 1;
    }, TypeError);
    assert.throws(() => {
      (config.regions as string[]).push('DE');
    }, TypeError);
    assert.equal(config.port, 3000);
  });
});

describe('TRUST_PROXY', () => {
  it('takes addresses, CIDR ranges and proxy-addr names, and refuses anything else by name', () => {
    const config = load({ TRUST_PROXY: ' 10.0.0.0/8, ::1 ,loopback' });
    assert.deepEqual(config.trustProxy, ['10.0.0.0/8', '::1', 'loopback']);
    assert.deepEqual(load().trustProxy, []);
    assert.throws(() => load({ TRUST_PROXY: '10.0.0.0/8,proxy.example.se' }), /proxy\.example\.se/);
  });
});
