import type { Logger } from 'pino';
import type { SmsTransport } from '../transport.ts';
import type { Clock } from '../../lib/clock.ts';
import type { DevInboxStore } from './dev-inbox-store.ts';

/**
 * Development only: instead of a phone, texts land in the database (shown at /dev/sms).
 * Config refuses it in production, since anyone reaching /dev/sms could read every code.
 */
export function devTransport(deps: { inbox: DevInboxStore; logger: Logger; clock: Clock }): SmsTransport {
  return {
    name: 'dev',
    async send(sms) {
      await deps.inbox.add({ messageId: sms.id, to: sms.to, body: sms.body, at: deps.clock.now() });
      // The inbox, not the log, shows the text: logs are copied and kept where codes must not be.
      deps.logger.info({ messageId: sms.id }, 'dev SMS inbox: text stored, read it at /dev/sms');
      return { ok: true, status: 'delivered' };
    },
  };
}
