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
    assert.deepEqual(config.mail, { transport: 'dev', smtpUrl: undefined, from: 'Engångskod <no-reply@localhost>' });
  });

  it('takes SMTP in development too, but only with SMTP_URL, and a MAIL_FROM that is one address', () => {
    assert.deepEqual(load({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Test <test@example.se>' }).mail, {
      transport: 'smtp', smtpUrl: 'smtp://127.0.0.1:2525', from: 'Test <test@example.se>',
    });
    assert.deepEqual(problemsOf({ SECRET_KEY: secret, DATA_DIR: tempDir(), MAIL_TRANSPORT: 'smtp' }), ['SMTP_URL: required with MAIL_TRANSPORT=smtp (e.g. smtp://127.0.0.1:2525)']);
    const bad = problemsOf({ SECRET_KEY: secret, DATA_DIR: tempDir(), MAIL_TRANSPORT: 'pigeon', SMTP_URL: 'http://mail.example.se', MAIL_FROM: 'a@b.se\r\nBcc: c@d.se' });
    assert.deepEqual(bad.map((p) => p.split(':')[0]), ['MAIL_TRANSPORT', 'SMTP_URL', 'MAIL_FROM']);
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
    const config = load({ PUBLIC_URL: 'https://login.example.se:8443', SMS_TRANSPORT: 'http', SMS_HTTP_URL: 'https://sms.example/send', SMS_HTTP_SECRET: 'whsec_'.padEnd(38, 'A'), METRICS_TOKEN: 'a metrics token of some length', SMTP_URL: 'smtp://relay.example.se:587' });
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
  /** Everything production asks for, so that each test can take one thing away. */
  const safe = {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://login.example.se',
    SECRET_KEY: secret,
    SMS_TRANSPORT: 'http',
    SMS_HTTP_URL: 'https://sms.example/send',
    SMS_HTTP_SECRET: 'whsec_'.padEnd(38, 'A'),
    METRICS_TOKEN: 'a metrics token of some length',
    SMTP_URL: 'smtps://mailer:secret@smtp.example.se:465',
  };
  const without = (...names: (keyof typeof safe)[]) => Object.fromEntries(Object.entries(safe).filter(([name]) => !names.includes(name as keyof typeof safe)));

  it('starts with the safe settings, listening on every interface', () => {
    const config = loadConfig({ ...safe, DATA_DIR: tempDir() });
    assert.equal(config.production, true);
    assert.equal(config.host, '0.0.0.0');
  });

  it('refuses the dev SMS transport and a missing SECRET_KEY, both in one error', () => {
    const dataDir = tempDir();
    const problems = problemsOf({ ...without('SECRET_KEY'), SMS_TRANSPORT: 'dev', DATA_DIR: dataDir });
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? '', /^SMS_TRANSPORT: .*refused in production/);
    assert.match(problems[1] ?? '', /^SECRET_KEY: required in production/);
    assert.deepEqual(readdirSync(dataDir), [], 'no secret key is generated in production');
  });

  it('refuses the dev SMS transport even with a SECRET_KEY', () => {
    const problems = problemsOf({ ...safe, SMS_TRANSPORT: 'dev', DATA_DIR: tempDir() });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^SMS_TRANSPORT: /);
  });

  it('requires SMS_TRANSPORT to be chosen rather than defaulting to the dev inbox', () => {
    const problems = problemsOf({ ...without('SMS_TRANSPORT'), DATA_DIR: tempDir() });
    assert.deepEqual(problems, ['SMS_TRANSPORT: required in production: name a real gateway (kannel, smpp, http or twilio)']);
  });

  it('lists every unsafe setting once, each with its setting name and safe value', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      DATA_DIR: tempDir(),
      PUBLIC_URL: 'http://login.example.se',
      OTP_TTL_SECONDS: '86400',
      OTP_MAX_ATTEMPTS: '11',
      TEST_NUMBERS: '+46700000000=12345678',
    });
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      ['SMS_TRANSPORT', 'SMTP_URL', 'PUBLIC_URL', 'SECRET_KEY', 'OTP_TTL_SECONDS', 'OTP_MAX_ATTEMPTS', 'TEST_NUMBERS', 'METRICS_TOKEN'],
    );
    assert.match(problems[2] ?? '', /must be https in production \(https:\/\/login\.example\.se\)/);
    assert.match(problems[4] ?? '', /at most 900 \(the default 600 is safe\)/);
    assert.match(problems[5] ?? '', /at most 10 \(the default 5 is safe\)/);
    assert.match(problems[6] ?? '', /TEST_NUMBERS_IN_PRODUCTION=yes/);
  });

  it('gives a short SECRET_KEY one message, not two, and counts bytes', () => {
    const problems = problemsOf({ ...safe, SECRET_KEY: 'x'.repeat(31), DATA_DIR: tempDir() });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^SECRET_KEY: must be at least 32 bytes/);
    // 16 two-byte letters are 32 bytes.
    assert.equal(loadConfig({ ...safe, SECRET_KEY: 'å'.repeat(16), DATA_DIR: tempDir() }).secretKey.length, 32);
  });

  it('accepts the limits at their production maxima, and TEST_NUMBERS when TEST_NUMBERS_IN_PRODUCTION=yes', () => {
    const config = loadConfig({ ...safe, DATA_DIR: tempDir(), OTP_TTL_SECONDS: '900', OTP_MAX_ATTEMPTS: '10', TEST_NUMBERS: '+46700000000=12345678', TEST_NUMBERS_IN_PRODUCTION: 'yes' });
    assert.equal(config.otp.ttlSeconds, 900);
    assert.deepEqual(config.otp.testNumbers, { '+46700000000': '12345678' });
  });

  it('refuses the dev mail inbox, naming smtp with SMTP_URL as the safe choice', () => {
    const problems = problemsOf({ ...safe, MAIL_TRANSPORT: 'dev', DATA_DIR: tempDir() });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^MAIL_TRANSPORT: the dev mail inbox .* refused in production; use smtp with SMTP_URL/);
  });

  it('sends mail through SMTP by default, and requires SMTP_URL for it', () => {
    assert.deepEqual(problemsOf({ ...without('SMTP_URL'), DATA_DIR: tempDir() }), [
      'SMTP_URL: required in production: the mail server to send through, e.g. smtp://relay.example.se:587 or smtps://user:password@smtp.example.se:465',
    ]);
    const config = loadConfig({ ...safe, DATA_DIR: tempDir() });
    assert.deepEqual(config.mail, { transport: 'smtp', smtpUrl: 'smtps://mailer:secret@smtp.example.se:465', from: 'Engångskod <no-reply@login.example.se>' });
  });

  it('refuses OTP_LENGTH under 6 (NIST SP 800-63B 5.1.3.2)', () => {
    assert.match(problemsOf({ ...safe, OTP_LENGTH: '5', DATA_DIR: tempDir() })[0] ?? '', /^OTP_LENGTH: /);
  });
});

describe('development or production, without NODE_ENV', () => {
  it('is development on loopback only: localhost, 127.0.0.1 or [::1], listening on loopback', () => {
    for (const env of [{}, { PUBLIC_URL: 'http://127.0.0.1:3000' }, { PUBLIC_URL: 'http://[::1]:3000', HOST: '::1' }, { HOST: 'localhost' }]) {
      const config = loadConfig({ DATA_DIR: tempDir(), ...env });
      assert.equal(config.production, false, JSON.stringify(env));
      assert.equal(config.smsTransport, 'dev');
    }
  });

  it('is production with any other PUBLIC_URL: the dev inbox and a generated key are refused', () => {
    const dataDir = tempDir();
    const problems = problemsOf({ PUBLIC_URL: 'https://login.example.se', DATA_DIR: dataDir });
    assert.deepEqual(problems.map((p) => p.split(':')[0]), ['SMS_TRANSPORT', 'SMTP_URL', 'SECRET_KEY', 'METRICS_TOKEN']);
    assert.deepEqual(readdirSync(dataDir), []);
  });

  it('is production when listening beyond loopback, even with a localhost PUBLIC_URL', () => {
    for (const HOST of ['0.0.0.0', '::', '192.0.2.10', 'my-host']) {
      const problems = problemsOf({ HOST, DATA_DIR: tempDir() });
      assert.ok(problems.some((p) => p.startsWith('SMS_TRANSPORT: required in production')), HOST);
      assert.ok(problems.some((p) => p.startsWith('PUBLIC_URL: must be https')), HOST);
    }
  });

  it('is production with NODE_ENV=production on loopback too', () => {
    assert.ok(problemsOf({ NODE_ENV: 'production', DATA_DIR: tempDir() }).length > 0);
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

  it('refuses a list that covers every address, however it is spelled', () => {
    for (const list of ['0.0.0.0/0', '::/0', '10.0.0.1, 0.0.0.0/0', '0.0.0.0/1,128.0.0.0/1', '::ffff:0:0/96', '::/1,8000::/1']) {
      const problems = problemsOf({ DATA_DIR: tempDir(), TRUST_PROXY: list });
      assert.equal(problems.length, 1, list);
      assert.match(problems[0] ?? '', /^TRUST_PROXY: covers every address/, list);
    }
    assert.deepEqual(load({ TRUST_PROXY: '0.0.0.0/1,10.0.0.0/8' }).trustProxy, ['0.0.0.0/1', '10.0.0.0/8']);
  });
});
