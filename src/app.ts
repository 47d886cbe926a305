import { availableParallelism } from 'node:os';
import pino, { type Logger } from 'pino';
import type { Config } from './config/config.ts';
import { AccountService } from './domain/accounts/account-service.ts';
import { PasswordChangeService } from './domain/accounts/password-change-service.ts';
import { AccountDeletionService } from './domain/accounts/account-deletion-service.ts';
import { AccountOperator } from './domain/accounts/account-operator.ts';
import { NewBrowserNotice } from './domain/sessions/new-browser-notice.ts';
import { EmailChangeService } from './domain/accounts/email-change-service.ts';
import { AccountExporter } from './domain/accounts/account-export.ts';
import { argon2Hasher, type PasswordHasher } from './domain/accounts/password-hasher.ts';
import { ActivityLog } from './domain/activity/activity-log.ts';
import { abuseThrottles } from './domain/rate-limits/abuse-throttles.ts';
import { GrowingDelay } from './domain/rate-limits/growing-delay.ts';
import { memoryThrottles } from './domain/rate-limits/throttle.ts';
import { ProofOfWork, usedProofsInLimitLog, usedProofsOnThrottle } from './domain/rate-limits/proof-of-work.ts';
import { PASSKEY_CHALLENGE_SECONDS, PasskeyChallenges } from './domain/passkeys/passkey-challenges.ts';
import { PasskeyService } from './domain/passkeys/passkey-service.ts';
import { CodeDelivery, type WithheldReason } from './domain/code-delivery/code-delivery.ts';
import { PumpingGuard, type GuardSuspension } from './domain/code-delivery/pumping-guard.ts';
import { SecurityInfoService } from './domain/security-info/security-info-service.ts';
import { KnownDevices } from './domain/sessions/known-devices.ts';
import { SessionService } from './domain/sessions/session-service.ts';
import { CodeSignInService } from './domain/sign-in/code-sign-in-service.ts';
import { OneTimeCodes } from './domain/sign-in/one-time-codes.ts';
import { PasswordSignInService } from './domain/sign-in/password-sign-in-service.ts';
import { PasswordResetService } from './domain/sign-in/password-reset-service.ts';
import type { DomainStores, InTransaction } from './domain/unit-of-work.ts';
import { buildServer } from './http/server.ts';
import type { HttpServices } from './http/services.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { cryptoRandom, type Random } from './lib/random.ts';
import { codeTextQueue } from './sms/code-text-queue.ts';
import { outboxMailQueue } from './mail/outbox-mail-queue.ts';
import { mailDeliveryFrom } from './mail/mail-delivery.ts';
import type { DispatcherOptions } from './sms/dispatcher.ts';
import { smsDeliveryFrom } from './sms/sms-delivery.ts';
import type { MessageTransport, SmsTransport } from './sms/transport.ts';
import { openDispatcherStorage, openStorage } from './storage/open-storage.ts';
import type { Storage, Stores } from './storage/storage.ts';
import { createMetrics } from './metrics/metrics.ts';
import { Housekeeping } from './storage/housekeeping.ts';
import { startOidc } from './oidc/oidc.ts';
import { pageSignIns, providerPages } from './http/web/website-sign-in.ts';

export interface AppOptions {
  readonly clock?: Clock;
  readonly random?: Random;
  readonly logger?: Logger;
  readonly hasher?: PasswordHasher;
  readonly dispatcher?: Partial<DispatcherOptions>;
  /** Transports to send through instead of the configured ones (tests). */
  readonly transports?: readonly SmsTransport[];
  /** Mail transports to send through instead of the configured one (tests). */
  readonly mailTransports?: readonly MessageTransport[];
  /** Start the in-process dispatcher and housekeeping timers (off in tests that drive them). */
  readonly background?: boolean;
  /** Operators' commands: refuse a database the service never set up (see openStorage). */
  readonly existingDatabase?: boolean;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

/** The composition root: config → storage → services → HTTP. The only place that wires parts together. */
export async function buildApp(config: Config, options: AppOptions = {}) {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const storage: Storage = await openStorage(config, logger, { existing: options.existingDatabase === true });

  // Flood guards live in Redis when instances share one (its client loaded only then), in process otherwise.
  const shared = config.redisUrl ? await connectShared(config.redisUrl, logger) : undefined;
  const redis = shared?.redis;
  const throttle = shared?.throttle ?? memoryThrottles;
  const throttles = abuseThrottles(throttle, { ipPerHour: config.ipLimitPerHour, ...config.limits });

  // One core stays free for the event loop however many people sign in with a password at once.
  // Sign-ups hash in a pool of their own, at most half of that and under libuv's four threads,
  // so a flood of them cannot make sign-in wait.
  const cores = availableParallelism();
  const hasher = options.hasher ?? argon2Hasher({ signInSlots: Math.max(1, cores - 1), signUpSlots: Math.max(1, Math.min(2, Math.floor((cores - 1) / 2))) });
  const oneTimeCodes = new OneTimeCodes({ clock, random, secretKey: config.secretKey, previousKeys: config.previousSecretKeys, settings: config.otp });
  const guard = new PumpingGuard({ store: storage.guard, clock, settings: { minTexts: config.limits.guardMinTexts, minConversion: config.limits.guardMinConversion } });
  const domainStores = (stores: Stores): DomainStores => ({
    ...stores,
    texts: codeTextQueue({ outbox: stores.outbox, clock, publicUrl: config.publicUrl, ttlSeconds: config.otp.ttlSeconds, templates: config.sms.templates }),
    mails: outboxMailQueue({ outbox: stores.outbox, clock, publicUrl: config.publicUrl, ttlSeconds: config.otp.ttlSeconds }),
  });
  const transaction: InTransaction = (work, after) => storage.transaction((stores) => work(domainStores(stores)), after);

  // With SMS_DISPATCHER=worker, `engangskod worker` processes send texts and mails; this one only queues.
  const sendsTexts = config.sms.dispatcher === 'in-process';
  const smsStorage = sendsTexts ? await openDispatcherStorage(config, storage) : storage;
  const sms = smsDeliveryFrom(config, smsStorage, { clock, logger, dispatcher: options.dispatcher, transports: options.transports });
  const { dispatcher } = sms;
  // Mails go through the same outbox, claimed by a dispatcher of their own on the same connections.
  const mail = mailDeliveryFrom(config, smsStorage, { clock, logger, dispatcher: options.dispatcher, transports: options.mailTransports });
  const onMailQueued = () => (sendsTexts ? mail.dispatcher.kickSoon() : undefined);
  const onTextQueued = () => (sendsTexts ? dispatcher.kickSoon() : undefined);

  const metrics = createMetrics({
    countByStatus: (channel) => storage.outbox.operator.countByStatus(channel),
    deliveryStats: (since, channel) => storage.outbox.operator.deliveryStats(since, channel),
    suspensions: () => guard.list(),
    clock,
  });
  let budgetLoggedAt = 0;
  const onBudgetSpent = () => {
    metrics.smsBudgetSpent.inc();
    // Once a minute is enough to be seen; every refused request would drown the log.
    if (clock.now() - budgetLoggedAt < 60_000) return;
    budgetLoggedAt = clock.now();
    logger.error({ smsHourlyBudget: config.limits.smsPerHour }, 'SMS_HOURLY_BUDGET spent: texts are withheld until the hour rolls over');
  };
  const activity = new ActivityLog({ clock, store: storage.activity, secretKey: config.secretKey });
  const onWithheld = (reason: WithheldReason) => metrics.textsWithheld.inc({ reason });
  // Spent proofs are shared by every instance: in Redis when there is one, in the database otherwise.
  const usedProofs = redis ? usedProofsOnThrottle(throttle) : usedProofsInLimitLog(transaction, clock);
  const proofOfWork = new ProofOfWork({ secretKey: config.secretKey, previousKeys: config.previousSecretKeys, clock, maxNumber: config.powMaxNumber, used: usedProofs });
  const onSuspended = ({ scope, key, until, tally }: GuardSuspension) => {
    metrics.guardSuspensions.inc({ scope });
    logger.warn(
      { scope, key, until: new Date(until).toISOString(), ...tally, minConversion: config.limits.guardMinConversion },
      `pumping guard: texts to ${scope} ${key} are withheld for an hour; few of its codes were used (engangskod guard lift ${key} ends it)`,
    );
  };
  const delivery = new CodeDelivery({
    oneTimeCodes,
    throttles,
    proofOfWork,
    guard,
    settings: { smsPerNumberDaily: config.limits.smsPerNumberDaily, mailPerAddressDaily: config.limits.mailPerAddressDaily },
    clock,
    secretKey: config.secretKey,
    onTextQueued,
    onMailQueued,
    onBudgetSpent,
    onWithheld,
    onSuspended,
  });
  const devices = new KnownDevices({ clock, secretKey: config.secretKey, previousKeys: config.previousSecretKeys });
  const newBrowser = new NewBrowserNotice({ clock, secretKey: config.secretKey });
  const sessions = new SessionService({
    sessions: storage.sessions,
    clock,
    random,
    ...config.session,
    // A website's codes and tokens carry the time of the sign-in on our pages they came from (auth_time).
    endWebsiteSessions: async (ended) => {
      for (const session of ended) await storage.oidcPayloads.revokeForSignIn(session.accountId, Math.floor(session.createdAt / 1000));
    },
  });
  // A password change or reset ends the websites' grants, sessions and refresh tokens for the account.
  const endWebsiteSessions = async (accountId: string) => {
    await storage.oidcPayloads.revokeForAccount(accountId);
  };
  const oidc = await startOidc({
    stores: storage,
    // The issuer is PUBLIC_URL without its trailing slash: discovery is at <issuer>/.well-known/openid-configuration.
    issuer: config.publicUrl.href.replace(/\/$/, ''),
    secrets: config,
    clock,
    configuredClients: config.oidc.clients,
    signIns: pageSignIns(config.publicUrl, sessions),
    pages: providerPages(config.publicUrl),
    sessionSeconds: config.session.maxSeconds,
  });
  // Each passkey challenge is used once, wherever it comes back: the same shared record as proofs of work.
  const usedChallenges = redis ? usedProofsOnThrottle(throttle, 'passkey-challenge-used', PASSKEY_CHALLENGE_SECONDS) : usedProofsInLimitLog(transaction, clock, 'passkey:challenge');
  const passkeys = new PasskeyService({
    transaction,
    passkeys: storage.passkeys,
    accounts: storage.accounts,
    challenges: new PasskeyChallenges({ secretKey: config.secretKey, previousKeys: config.previousSecretKeys, clock, random, used: usedChallenges }),
    sessions,
    devices,
    activity,
    delivery,
    clock,
    publicUrl: config.publicUrl,
    rpName: 'Engångskod',
  });
  const services: HttpServices = {
    config,
    sessions,
    activity,
    accounts: new AccountService({
      accounts: storage.accounts,
      hasher,
      clock,
      signUpsPerIp: throttles.signUpsPerIp,
      transaction,
      delivery,
      oneTimeCodes,
      sessions,
      devices,
      activity,
      throttles,
      secretKey: config.secretKey,
      accountFailureLimit: config.otp.accountFailureLimit,
    }),
    passwordReset: new PasswordResetService({
      transaction,
      accounts: storage.accounts,
      knownDevices: storage.knownDevices,
      hasher,
      oneTimeCodes,
      delivery,
      devices,
      activity,
      throttles,
      clock,
      secretKey: config.secretKey,
      regions: config.regions,
      accountFailureLimit: config.otp.accountFailureLimit,
      endWebsiteSessions,
    }),
    exporter: new AccountExporter({
      accounts: storage.accounts,
      phones: storage.phones,
      passkeys: storage.passkeys,
      sessions,
      activity,
      clock,
      websites: async (accountId) =>
        (await oidc.consents.list(accountId)).map((w) => ({ clientId: w.clientId, name: w.clientName, scopes: w.scopes, givenAt: new Date(w.givenAt).toISOString(), expiresAt: new Date(w.expiresAt).toISOString() })),
    }),
    passwordChange: new PasswordChangeService({
      accounts: storage.accounts,
      hasher,
      transaction,
      delivery,
      activity,
      clock,
      delay: new GrowingDelay(throttle, 'password-change', config.limits.passwordFreeFailures),
      endWebsiteSessions,
    }),
    accountDeletion: new AccountDeletionService({ accounts: storage.accounts, sessions, transaction, delivery, secretKey: config.secretKey }),
    emailChange: new EmailChangeService({
      accounts: storage.accounts,
      transaction,
      delivery,
      oneTimeCodes,
      activity,
      throttles,
      clock,
      random,
      secretKey: config.secretKey,
      accountFailureLimit: config.otp.accountFailureLimit,
      endWebsiteSessions,
    }),
    passwordSignIn: new PasswordSignInService({
      accounts: storage.accounts,
      hasher,
      sessions,
      devices,
      deviceStore: storage.knownDevices,
      secretKey: config.secretKey,
      activity,
      limits: storage.limits,
      transaction,
      clock,
      failureLimit: config.limits.passwordAccountFailureLimit,
      delivery,
      newBrowser,
      delays: {
        perEmail: new GrowingDelay(throttle, 'password-email', config.limits.passwordFreeFailures),
        perIp: new GrowingDelay(throttle, 'password-ip', config.limits.passwordFreeFailures * 10),
      },
    }),
    codeSignIn: new CodeSignInService({
      transaction,
      accounts: storage.accounts,
      knownDevices: storage.knownDevices,
      oneTimeCodes,
      sessions,
      throttles,
      delivery,
      devices,
      activity,
      clock,
      secretKey: config.secretKey,
      regions: config.regions,
      settings: config.otp,
      newBrowser,
    }),
    securityInfo: new SecurityInfoService({
      transaction,
      phones: storage.phones,
      oneTimeCodes,
      clock,
      secretKey: config.secretKey,
      regions: config.regions,
      verifyDailyLimit: config.otp.verifyDailyLimit,
      accountFailureLimit: config.otp.accountFailureLimit,
      throttles,
      activity,
      delivery,
    }),
    passkeys,
    devInbox: config.sms.transports.includes('dev') ? storage.devInbox : undefined,
    devMail: config.mail.transport === 'dev' ? storage.devMail : undefined,
    smsReports: sms.reports,
    reportUrls: sms.reportUrls,
    clock,
    // The operator API reports texts (GET /api/v1/operator/sms).
    deliveryStats: (since) => storage.outbox.operator.deliveryStats(since, 'sms'),
    readiness: [
      { name: 'database', ping: () => storage.ping() },
      ...(redis ? [{ name: 'redis', ping: () => redis.ping() }] : []),
    ],
    metrics,
    oidc,
    proofOfWork,
  };
  const server = buildServer(services, logger);
  const housekeeping = new Housekeeping({ storage, clock, logger });

  if (config.sms.transports.includes('dev')) {
    logger.warn('SMS_TRANSPORT=dev: texts are not sent; they are shown at /dev/sms to anyone who can reach this service');
  }
  if (config.mail.transport === 'dev') {
    logger.warn('MAIL_TRANSPORT=dev: mails are not sent; they are shown at /dev/mail to anyone who can reach this service');
  }
  const testNumbers = Object.keys(config.otp.testNumbers);
  if (testNumbers.length > 0) {
    logger.warn({ testNumbers }, 'TEST_NUMBERS is set: these numbers sign in with a fixed code and get no texts; remove them when the review is over');
  }
  if (options.background ?? true) {
    if (sendsTexts) {
      sms.start();
      mail.start();
    }
    housekeeping.start();
  }

  return {
    config,
    services,
    server,
    dispatcher,
    /** Transports, dispatcher and delivery reports (tests start SMPP sessions through it). */
    sms,
    /** The mail transport and the mail channel's dispatcher. */
    mail,
    /** The domain's own wiring, for service-level tests beside src/domain. */
    domain: { transaction, delivery, guard },
    /** What operators do to accounts (`engangskod users disable|enable`). */
    accountOperator: new AccountOperator({ accounts: storage.accounts, sessions: storage.sessions, clock, endWebsiteSessions }),
    storage,
    /** Pruning and removals on a timer; tests run it by hand. */
    housekeeping,
    redis,
    logger,
    /** Stops taking requests, lets texts and mails in hand finish, then closes the database. */
    async close() {
      await server.close();
      housekeeping.stop();
      await Promise.all([sms.stop(), mail.stop()]);
      if (smsStorage !== storage) await smsStorage.close();
      await storage.close();
      await redis?.close();
    },
  };
}

export type Services = HttpServices;

/** Redis for instances that share one: the connection and the flood guards on it. */
async function connectShared(url: string, logger: Logger) {
  const { connectRedis, redisThrottles } = await import('./storage/redis/redis.ts');
  const redis = await connectRedis(url, logger);
  return { redis, throttle: redisThrottles(redis) };
}
