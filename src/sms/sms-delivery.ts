import type { Logger } from 'pino';
import type { SmsConfig } from '../config/sms-config.ts';
import type { Config } from '../config/config.ts';
import type { Clock } from '../lib/clock.ts';
import { DeliveryReports } from './delivery-reports.ts';
import { Dispatcher, dispatchOn, type DispatchDatabase, type DispatcherDeps, type DispatcherOptions } from './dispatcher.ts';
import type { OutboxStores } from './outbox-store.ts';
import { ReportUrls } from './report-urls.ts';
import type { SmsTransport } from './transport.ts';
import type { DevInboxStore } from './transports/dev-inbox-store.ts';
import { devTransport } from './transports/dev-transport.ts';
import { httpWebhookTransport } from './transports/http-transport.ts';
import { kannelTransport } from './transports/kannel-transport.ts';
import { SmppTransport } from './transports/smpp-transport.ts';
import { twilioTransport } from './transports/twilio-transport.ts';

export type SmsDelivery = ReturnType<typeof smsDelivery>;

/**
 * The SMS side wired from configuration: transports in failover order, the dispatcher over
 * them, and the delivery-report rules that both report endpoints and SMPP receipts feed.
 * The web service and `engangskod worker` build it alike; only who starts the dispatcher differs.
 */
export function smsDelivery(deps: {
  config: SmsConfig;
  secretKey: Buffer;
  previousSecretKeys?: readonly Buffer[];
  outbox: OutboxStores;
  devInbox: DevInboxStore;
  /** The dispatcher's code reads and transactions (`dispatchOn`). */
  dispatch: Pick<DispatcherDeps, 'codeStates' | 'transaction'>;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  dispatcher?: Partial<DispatcherOptions>;
  /** Transports to use instead of those configured (tests). */
  transports?: readonly SmsTransport[];
}) {
  const { config, clock, logger } = deps;
  const reportUrls = new ReportUrls(config.reportUrl, deps.secretKey, deps.previousSecretKeys);
  const failoverMs = config.failoverSeconds * 1000;
  const timeoutMs = config.sendTimeoutSeconds * 1000;
  // Reports may send a text on at once; the dispatcher comes after the transports that report.
  const late: { dispatcher?: Dispatcher } = {};
  let started = false;
  const reports = new DeliveryReports({
    outbox: deps.outbox,
    clock,
    logger,
    transports: deps.transports?.map((t) => t.name) ?? config.transports,
    failoverMs,
    // Only where this process sends texts itself.
    onRequeued: () => (started ? late.dispatcher?.kick() : undefined),
  });

  const build = (name: SmsConfig['transports'][number]): SmsTransport => {
    const reportUrl = (messageId: string, attempt: number) => reportUrls.url(name, messageId, attempt);
    switch (name) {
      case 'dev':
        return devTransport({ inbox: deps.devInbox, logger, clock });
      case 'kannel':
        return kannelTransport({ url: required(config.kannel).url, sender: config.sender, timeoutMs }, reportUrl);
      case 'smpp': {
        const smpp = required(config.smpp);
        return new SmppTransport(
          { url: smpp.url, systemType: smpp.systemType, sender: config.sender, window: smpp.window, enquireLinkMs: smpp.enquireLinkSeconds * 1000, timeoutMs, coding: smpp.coding },
          (report) => reports.record(report).then(() => undefined),
          logger.child({ transport: 'smpp' }),
        );
      }
      case 'http': {
        const http = required(config.http);
        return httpWebhookTransport({ url: http.url, secrets: http.secrets, sender: config.sender, timeoutMs }, reportUrl, clock);
      }
      case 'twilio': {
        const twilio = required(config.twilio);
        return twilioTransport({ ...twilio, sender: config.sender, timeoutMs }, reportUrl);
      }
    }
  };
  const transports = deps.transports ?? config.transports.map(build);

  const dispatcher = new Dispatcher({
    outbox: deps.outbox,
    transports,
    ...deps.dispatch,
    clock,
    logger,
    random: deps.random,
    options: { concurrency: config.concurrency, leaseMs: config.leaseSeconds * 1000, failoverMs, ...deps.dispatcher },
  });
  late.dispatcher = dispatcher;

  return {
    transports,
    dispatcher,
    reports,
    reportUrls,
    /** Connects the transports that hold connections and starts sending. */
    start(): void {
      started = true;
      for (const transport of transports) transport.start?.();
      dispatcher.start();
    },
    /** Lets texts in hand finish, then closes the transports' connections. */
    async stop(): Promise<void> {
      await dispatcher.stop();
      await Promise.all(transports.map((transport) => transport.stop?.()));
    },
  };
}

function required<T>(settings: T | undefined): T {
  if (settings === undefined) throw new Error('transport settings missing; loadConfig should have refused this configuration');
  return settings;
}

/**
 * `smsDelivery` as both composition roots (the web service and `engangskod worker`) build it:
 * from the configuration and the stores it reads and writes.
 */
export function smsDeliveryFrom(
  config: Config,
  stores: DispatchDatabase & { readonly outbox: OutboxStores; readonly devInbox: DevInboxStore },
  options: { clock: Clock; logger: Logger; dispatcher?: Partial<DispatcherOptions>; transports?: readonly SmsTransport[] },
): SmsDelivery {
  return smsDelivery({
    config: config.sms,
    secretKey: config.secretKey,
    previousSecretKeys: config.previousSecretKeys,
    outbox: stores.outbox,
    devInbox: stores.devInbox,
    dispatch: dispatchOn(stores, config.otp.maxAttempts),
    clock: options.clock,
    logger: options.logger,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.transports ? { transports: options.transports } : {}),
  });
}
