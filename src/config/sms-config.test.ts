import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from './load.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-sms-config-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'a test secret key of at least 32 characters', ...env });
const problems = (env: Record<string, string>): readonly string[] => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('SMS settings', () => {
  it('reads SMS_TRANSPORT as transports in failover order, each with its settings', () => {
    const config = load({ SMS_TRANSPORT: 'kannel, smpp', SMS_KANNEL_URL: 'http://u:p@127.0.0.1:13013/cgi-bin/sendsms', SMS_SMPP_URL: 'smpp://id:pw@smsc.example:2775' });
    assert.deepEqual(config.sms.transports, ['kannel', 'smpp']);
    assert.equal(config.smsTransport, 'kannel,smpp');
    assert.equal(config.sms.kannel?.url.port, '13013');
    assert.deepEqual([config.sms.smpp?.url.hostname, config.sms.smpp?.window, config.sms.smpp?.coding], ['smsc.example', 10, 'auto']);
    assert.equal(config.sms.failoverSeconds, 60);
  });

  it('asks for the settings of every transport named, all at once', () => {
    assert.deepEqual(problems({ SMS_TRANSPORT: 'kannel,http,twilio' }), [
      'SMS_KANNEL_URL: required when SMS_TRANSPORT includes kannel',
      'SMS_HTTP_URL: required when SMS_TRANSPORT includes http',
      'SMS_HTTP_SECRET: required when SMS_TRANSPORT includes http',
      'SMS_TWILIO_ACCOUNT_SID: required when SMS_TRANSPORT includes twilio',
      'SMS_TWILIO_AUTH_TOKEN: required when SMS_TRANSPORT includes twilio',
    ]);
  });

  it('refuses unknown and repeated transports, and the dev inbox anywhere in the list in production', () => {
    assert.match(problems({ SMS_TRANSPORT: 'kannel,carrier-pigeon' })[0] ?? '', /^SMS_TRANSPORT: unknown transport carrier-pigeon/);
    assert.match(problems({ SMS_TRANSPORT: 'dev,dev' })[0] ?? '', /^SMS_TRANSPORT: name each transport once/);
    assert.match(problems({ NODE_ENV: 'production', SMS_TRANSPORT: 'http,dev', SMS_HTTP_URL: 'https://sms.example/send', SMS_HTTP_SECRET: 'whsec_'.padEnd(38, 'A') })[0] ?? '', /refused in production/);
  });

  it('takes Standard Webhooks secrets only, one or a few while one is replaced', () => {
    const webhook = { SMS_TRANSPORT: 'http', SMS_HTTP_URL: 'https://sms.example/send' };
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    assert.deepEqual(problems({ ...webhook, SMS_HTTP_SECRET: secret }), []);
    assert.deepEqual(problems({ ...webhook, SMS_HTTP_SECRET: `${secret}, whsec_${Buffer.alloc(24, 1).toString('base64')}` }), []);
    for (const bad of ['a plain shared secret of more than 32 characters', `whsec_${Buffer.alloc(16).toString('base64')}`, 'whsec_not base64!', `${secret},${secret},${secret},${secret}`]) {
      assert.match(problems({ ...webhook, SMS_HTTP_SECRET: bad })[0] ?? '', /^SMS_HTTP_SECRET: (each secret must be whsec_|at most 3)/, bad);
    }
  });

  it('refuses a lease no longer than the send timeout, which could let a slow send be taken over', () => {
    assert.match(problems({ SMS_LEASE_SECONDS: '10', SMS_SEND_TIMEOUT_SECONDS: '10' })[0] ?? '', /^SMS_LEASE_SECONDS: must be longer/);
  });

  it('takes operator text templates with {code}, turning \\n into line breaks, and refuses one without the code', () => {
    assert.equal(load({ SMS_TEXT_SIGN_IN_SV: 'Kod: {code}\\nHej' }).sms.templates.sign_in?.sv, 'Kod: {code}\nHej');
    assert.match(problems({ SMS_TEXT_VERIFY_EN: 'no code here' })[0] ?? '', /^SMS_TEXT_VERIFY_EN: must contain \{code\}/);
  });

  it('sends reports to PUBLIC_URL unless SMS_REPORT_URL says otherwise', () => {
    // A public PUBLIC_URL makes this production, which wants a real gateway and a metrics token.
    const production = { PUBLIC_URL: 'https://login.example.se', SMS_TRANSPORT: 'http', SMS_HTTP_URL: 'https://sms.example/send', SMS_HTTP_SECRET: 'whsec_'.padEnd(38, 'A'), METRICS_TOKEN: 'a metrics token of some length', SMTP_URL: 'smtps://mailer:secret@smtp.example.se:465' };
    assert.equal(load(production).sms.reportUrl.href, 'https://login.example.se/');
    assert.equal(load({ ...production, SMS_REPORT_URL: 'http://10.0.0.5:3000' }).sms.reportUrl.href, 'http://10.0.0.5:3000/');
  });
});
