import { settings } from './schema.ts';

/**
 * What production refuses to start with. Development (PUBLIC_URL and HOST both on loopback)
 * may relax these for convenience; anything reachable from elsewhere may not. Each rule names
 * its setting and the safe value, so the operator can fix every one in a single pass;
 * docs/configuration.md lists them from here.
 */
export interface ProductionFacts {
  readonly publicUrl: URL;
  /** Each setting as given (trimmed), or undefined when unset. */
  readonly given: (name: string) => string | undefined;
  readonly smsTransports: readonly string[] | undefined;
  readonly mailTransport: string;
  readonly otpTtlSeconds: number;
  readonly otpMaxAttempts: number;
  readonly hasTestNumbers: boolean;
}

export interface ProductionRule {
  readonly setting: string;
  /** For docs/configuration.md: what is refused and what is safe instead. */
  readonly doc: string;
  /** The problem to report, or undefined when the value is safe. */
  readonly check: (facts: ProductionFacts) => string | undefined;
}

const realTransports = 'kannel, smpp, http or twilio';
// The safe values named below are the settings' own defaults.
const ttlDefault = settings.OTP_TTL_SECONDS.default;
const attemptsDefault = settings.OTP_MAX_ATTEMPTS.default;

export const productionRules: readonly ProductionRule[] = [
  {
    setting: 'SMS_TRANSPORT',
    doc: `unset or \`dev\` (the development inbox shows every code to anyone who reaches /dev/sms); set a real gateway: ${realTransports}`,
    check: ({ smsTransports }) =>
      smsTransports === undefined
        ? `required in production: name a real gateway (${realTransports})`
        : smsTransports.includes('dev')
          ? `the dev inbox shows every code to anyone who can reach /dev/sms and is refused in production; use ${realTransports}`
          : undefined,
  },
  {
    setting: 'MAIL_TRANSPORT',
    doc: '`dev` (the development mail inbox shows every code to anyone who reaches /dev/mail); use `smtp` (the production default) with `SMTP_URL`',
    check: ({ mailTransport }) =>
      mailTransport === 'dev' ? 'the dev mail inbox shows every code to anyone who can reach /dev/mail and is refused in production; use smtp with SMTP_URL' : undefined,
  },
  {
    setting: 'SMTP_URL',
    doc: 'unset while `MAIL_TRANSPORT` is `smtp` (mails could not leave); name the mail server, e.g. `smtps://user:password@smtp.example.se:465`',
    check: ({ mailTransport, given }) =>
      mailTransport === 'smtp' && given('SMTP_URL') === undefined
        ? 'required in production: the mail server to send through, e.g. smtp://relay.example.se:587 or smtps://user:password@smtp.example.se:465'
        : undefined,
  },
  {
    setting: 'PUBLIC_URL',
    doc: 'an `http:` address (codes, passwords and session cookies would cross the network in clear); use `https://…`',
    check: ({ publicUrl }) =>
      publicUrl.protocol === 'https:' ? undefined : `must be https in production (https://${publicUrl.host}): over http, codes, passwords and session cookies cross the network in clear`,
  },
  {
    setting: 'SECRET_KEY',
    doc: 'unset (development generates one; production must keep its own); at least 32 bytes, e.g. `openssl rand -base64 48`',
    // A key that is set but too short already has its own problem from the schema: one message, not two.
    check: ({ given }) => (given('SECRET_KEY') === undefined ? 'required in production: at least 32 bytes, e.g. from `openssl rand -base64 48`' : undefined),
  },
  {
    setting: 'OTP_TTL_SECONDS',
    doc: `more than 900 (a code that lives longer is easier to guess and to phish); the default ${ttlDefault} is safe`,
    check: ({ otpTtlSeconds }) => (otpTtlSeconds > 900 ? `${otpTtlSeconds} is refused in production: at most 900 (the default ${ttlDefault} is safe)` : undefined),
  },
  {
    setting: 'OTP_MAX_ATTEMPTS',
    doc: `more than 10 wrong entries per code (NIST SP 800-63B asks for a low cap); the default ${attemptsDefault} is safe`,
    check: ({ otpMaxAttempts }) => (otpMaxAttempts > 10 ? `${otpMaxAttempts} is refused in production: at most 10 (the default ${attemptsDefault} is safe)` : undefined),
  },
  {
    setting: 'TEST_NUMBERS',
    doc: 'set without `TEST_NUMBERS_IN_PRODUCTION=yes` (fixed codes sign anyone in who knows them); leave it unset, or say yes for the length of an app review',
    check: ({ hasTestNumbers, given }) =>
      hasTestNumbers && given('TEST_NUMBERS_IN_PRODUCTION') !== 'yes'
        ? 'fixed codes are refused in production unless TEST_NUMBERS_IN_PRODUCTION=yes says they are meant (an app review); otherwise unset TEST_NUMBERS'
        : undefined,
  },
  {
    setting: 'METRICS_TOKEN',
    doc: 'unset (`/metrics` would be open to anyone, and its counts tell which sign-ups and code sign-ins matched an account); at least 16 characters',
    check: ({ given }) => (given('METRICS_TOKEN') === undefined ? 'required in production: without it /metrics is open to anyone; at least 16 random characters' : undefined),
  },
];

/** Every rule's problem, as `SETTING: problem`. */
export const productionProblems = (facts: ProductionFacts): string[] =>
  productionRules.flatMap((rule) => {
    const problem = rule.check(facts);
    return problem === undefined ? [] : [`${rule.setting}: ${problem}`];
  });
