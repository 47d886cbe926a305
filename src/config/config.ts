import type { ClientRegistration } from './client-registration.ts';
import type { CountryCode } from 'libphonenumber-js';
import type { SmsConfig } from './sms-config.ts';
import type { MailTransportName } from './mail-settings.ts';

/** The validated, frozen configuration every part of the service is built from. */
export interface Config {
  readonly env: 'development' | 'test' | 'production';
  /**
   * True unless PUBLIC_URL and HOST are both loopback and NODE_ENV is not production: the
   * dev inbox, a generated secret key and relaxed limits exist only when this is false.
   */
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly publicUrl: URL;
  readonly dataDir: string;
  readonly database: { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };
  readonly redisUrl: string | undefined;
  /** SMS_TRANSPORT as given, e.g. `kannel,smpp`; the parsed list and the rest are in `sms`. */
  readonly smsTransport: string;
  readonly sms: SmsConfig;
  readonly mail: {
    readonly transport: MailTransportName;
    /** SMTP_URL; set whenever the transport is smtp. */
    readonly smtpUrl: string | undefined;
    /** MAIL_FROM: `Name <address>` or an address. */
    readonly from: string;
  };
  readonly secretKey: Buffer;
  /** Keys SECRET_KEY replaced: they still open and verify what they sealed or signed. */
  readonly previousSecretKeys: readonly Buffer[];
  readonly regions: readonly CountryCode[];
  readonly otp: {
    readonly length: number;
    readonly ttlSeconds: number;
    readonly maxAttempts: number;
    readonly dailyLimit: number;
    readonly accountFailureLimit: number;
    readonly verifyDailyLimit: number;
    /** CODE_RESEND_SECONDS: the cooldown per email+number pair. */
    readonly resendSeconds: number;
    /** TEST_NUMBERS: E.164 → the fixed code; no text is ever sent to these. */
    readonly testNumbers: Readonly<Record<string, string>>;
  };
  readonly ipLimitPerHour: number;
  /** POW_MAX_NUMBER: the difficulty of the proof of work past IP_LIMIT_PER_HOUR. */
  readonly powMaxNumber: number;
  /** CODE_REQUEST_MIN_MS: the floor under every code request's response time. */
  readonly codeRequestMinMs: number;
  readonly limits: {
    /** SMS_PER_NUMBER_DAILY: texts of every kind to one number in a rolling day. */
    readonly smsPerNumberDaily: number;
    /** MAIL_PER_ADDRESS_DAILY: mails of every kind to one address in a rolling day. */
    readonly mailPerAddressDaily: number;
    readonly prefixPerHour: number;
    readonly regionPerDay: number;
    readonly smsPerHour: number;
    readonly redeemPerIpPerHour: number;
    /** SIGNUP_IP_LIMIT_PER_HOUR: sign-ups per client (IPv4 address, IPv6 /64) per hour. */
    readonly signUpPerIpPerHour: number;
    /** SMS_GUARD_MIN_TEXTS, SMS_GUARD_MIN_CONVERSION: the pumping guard's judgement. */
    readonly guardMinTexts: number;
    readonly guardMinConversion: number;
    readonly passwordFreeFailures: number;
    /** PASSWORD_ACCOUNT_FAILURE_LIMIT: wrong passwords in a row (within a rolling day) before password sign-in pauses. */
    readonly passwordAccountFailureLimit: number;
  };
  readonly session: { readonly idleSeconds: number; readonly maxSeconds: number };
  readonly metricsToken: string | undefined;
  /** Proxies whose X-Forwarded-For is believed; empty: the socket address is the client. */
  readonly trustProxy: readonly string[];
  /** Websites registered in configuration (OIDC_CLIENTS); others are in the database. */
  readonly oidc: { readonly clients: readonly ClientRegistration[] };
  /** Switches for the performance machinery; docs/performance.md says what each buys. */
  readonly performance: {
    readonly sqliteGroupCommit: boolean;
    readonly preparedQueries: boolean;
    readonly guardAsyncCommit: boolean;
    readonly postgresPipeline: boolean;
    readonly heapGrowthLimit: boolean;
  };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}
