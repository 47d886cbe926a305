import pino, { type Logger } from 'pino';
import type { Config } from './config/config.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import type { DispatcherOptions } from './sms/dispatcher.ts';
import { smsDeliveryFrom } from './sms/sms-delivery.ts';
import { mailDeliveryFrom } from './mail/mail-delivery.ts';
import { openStorage } from './storage/open-storage.ts';
import type { Storage } from './storage/storage.ts';

/**
 * The composition root of `engangskod worker`: config → storage → transports → dispatchers (texts, mails),
 * with no HTTP. Delivery reports that come by callback reach the web service, which records
 * them in the same database; SMPP receipts come in on the worker's own session.
 */
export async function buildWorker(config: Config, options: { clock?: Clock; logger?: Logger; dispatcher?: Partial<DispatcherOptions> } = {}) {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const storage: Storage = await openStorage(config, logger);
  const sms = smsDeliveryFrom(config, storage, { clock, logger, dispatcher: options.dispatcher });
  const mail = mailDeliveryFrom(config, storage, { clock, logger, dispatcher: options.dispatcher });
  return {
    sms,
    mail,
    storage,
    logger,
    start: () => {
      sms.start();
      mail.start();
    },
    /** Lets texts and mails in hand finish, closes gateway sessions, then the database. */
    async close() {
      await Promise.all([sms.stop(), mail.stop()]);
      await storage.close();
    },
  };
}
