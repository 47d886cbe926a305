import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import type { MessageTransport } from '../../sms/transport.ts';
import type { DevMailInboxStore } from '../dev-mail-inbox-store.ts';

/**
 * Development only: instead of a mail server, mails land in the database (shown at /dev/mail).
 * Config refuses it in production, since anyone reaching /dev/mail could read every code.
 */
export function devMailTransport(deps: { inbox: DevMailInboxStore; logger: Logger; clock: Clock }): MessageTransport {
  return {
    name: 'dev',
    async send(mail) {
      await deps.inbox.add({ messageId: mail.id, to: mail.to, subject: mail.subject ?? '', text: mail.body, at: deps.clock.now() });
      // The inbox, not the log, shows the mail: logs are copied and kept where codes must not be.
      deps.logger.info({ messageId: mail.id }, 'dev mail inbox: mail stored, read it at /dev/mail');
      return { ok: true, status: 'delivered' };
    },
  };
}
