import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Clock } from '../lib/clock.ts';
import { Dispatcher, dispatchOn, type DispatchDatabase, type DispatcherDeps, type DispatcherOptions } from '../sms/dispatcher.ts';
import type { OutboxStores } from '../sms/outbox-store.ts';
import type { MessageTransport } from '../sms/transport.ts';
import type { DevMailInboxStore } from './dev-mail-inbox-store.ts';
import { redactMailCodes } from './message-mails.ts';
import { devMailTransport } from './transports/dev-mail-transport.ts';
import { smtpTransport } from './transports/smtp-transport.ts';

export type MailDelivery = ReturnType<typeof mailDelivery>;

/**
 * The mail side wired from configuration: the mail transport and a dispatcher of its own over
 * the mail channel of the outbox. It shares the texts' dispatcher settings (concurrency, lease,
 * send timeout, and the in-doubt wait as SMS_FAILOVER_SECONDS). The web service and
 * `engangskod worker` build it alike.
 */
export function mailDelivery(deps: {
  config: Config;
  outbox: Pick<OutboxStores, 'queue' | 'attempts'>;
  devMail: DevMailInboxStore;
  /** The dispatcher's code reads and transactions (`dispatchOn`). */
  dispatch: Pick<DispatcherDeps, 'codeStates' | 'transaction'>;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  dispatcher?: Partial<DispatcherOptions>;
  /** Transports to use instead of the configured one (tests). */
  transports?: readonly MessageTransport[];
}) {
  const { config, clock, logger } = deps;
  const build = (): MessageTransport => {
    if (config.mail.transport === 'dev') return devMailTransport({ inbox: deps.devMail, logger, clock });
    if (config.mail.smtpUrl === undefined) throw new Error('SMTP_URL missing; loadConfig should have refused this configuration');
    return smtpTransport({ url: config.mail.smtpUrl, from: config.mail.from, messageIdDomain: config.publicUrl.hostname, timeoutMs: config.sms.sendTimeoutSeconds * 1000 });
  };
  const transports = deps.transports ?? [build()];
  const dispatcher = new Dispatcher({
    outbox: deps.outbox,
    channel: 'mail',
    transports,
    redact: redactMailCodes,
    ...deps.dispatch,
    clock,
    logger: logger.child({ channel: 'mail' }),
    random: deps.random,
    options: { concurrency: config.sms.concurrency, leaseMs: config.sms.leaseSeconds * 1000, failoverMs: config.sms.failoverSeconds * 1000, ...deps.dispatcher },
  });
  return {
    transports,
    dispatcher,
    start: () => dispatcher.start(),
    /** Lets mails in hand finish. */
    stop: () => dispatcher.stop(),
  };
}

/** `mailDelivery` as both composition roots build it: from the configuration and the stores it reads and writes. */
export function mailDeliveryFrom(
  config: Config,
  stores: DispatchDatabase & { readonly outbox: OutboxStores; readonly devMail: DevMailInboxStore },
  options: { clock: Clock; logger: Logger; dispatcher?: Partial<DispatcherOptions>; transports?: readonly MessageTransport[] },
): MailDelivery {
  return mailDelivery({
    config,
    outbox: stores.outbox,
    devMail: stores.devMail,
    dispatch: dispatchOn(stores, config.otp.maxAttempts),
    clock: options.clock,
    logger: options.logger,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.transports ? { transports: options.transports } : {}),
  });
}
