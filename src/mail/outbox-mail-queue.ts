import type { MailMessage, MailQueue } from '../domain/code-delivery/mail-queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { NewMessage } from '../sms/outbox-queue-store.ts';
import type { OutboxStores } from '../sms/outbox-store.ts';
import { composeMail } from './message-mails.ts';

/**
 * The domain's MailQueue on the outbox: composes the mail in the person's language and queues
 * it on the mail channel, in the caller's transaction. A mail with a code carries the code's
 * id, so the dispatcher drops it once the code is used, replaced or expired, as it does texts.
 * The mail dispatcher is woken by the gate (CodeDelivery) once the transaction has committed.
 */
export function outboxMailQueue(deps: {
  outbox: Pick<OutboxStores, 'queue'>;
  clock: Clock;
  publicUrl: URL;
  ttlSeconds: number;
}): MailQueue {
  const message = (mail: MailMessage, to: string): NewMessage => {
    const { subject, text } = composeMail(mail, { publicUrl: deps.publicUrl, ttlSeconds: deps.ttlSeconds });
    return { channel: 'mail', to, subject, body: text, locale: mail.locale, purpose: mail.kind, codeId: 'codeId' in mail ? mail.codeId : null };
  };
  return {
    async enqueue(mail) {
      await deps.outbox.queue.enqueue(message(mail, mail.to), deps.clock.now());
    },
    async enqueueDecoy(mail) {
      // Composed as for a match (the same work), but no address is kept.
      await deps.outbox.queue.enqueueDecoy(message(mail, ''), deps.clock.now());
    },
  };
}
