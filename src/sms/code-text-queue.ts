import type { CodeText, TextQueue } from '../domain/code-delivery/text-queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { TextTemplates } from '../config/sms-config.ts';
import { composeCodeText, composeNoticeText } from './message-texts.ts';
import type { NewMessage } from './outbox-queue-store.ts';
import type { OutboxStores } from './outbox-store.ts';

/** The domain's TextQueue on the outbox: composes the localized text and queues it. */
export function codeTextQueue(deps: { outbox: Pick<OutboxStores, 'queue'>; clock: Clock; publicUrl: URL; ttlSeconds: number; templates?: TextTemplates }): TextQueue {
  const message = (text: Omit<CodeText, 'to'>, to: string): NewMessage => ({
    to,
    body: composeCodeText({
      purpose: text.purpose,
      locale: text.locale,
      code: text.code,
      lastToday: text.lastToday,
      ttlSeconds: deps.ttlSeconds,
      publicUrl: deps.publicUrl,
      templates: deps.templates,
    }),
    locale: text.locale,
    purpose: text.purpose,
    codeId: text.codeId,
  });
  return {
    async enqueueCode(text: CodeText) {
      await deps.outbox.queue.enqueue(message(text, text.to), deps.clock.now());
    },
    async enqueueDecoy(text) {
      await deps.outbox.queue.enqueueDecoy(message(text, ''), deps.clock.now());
    },
    async enqueueNotice(notice) {
      await deps.outbox.queue.enqueue(
        // A deleted account's last text has a purpose of its own, as its mail (the kind): housekeeping erases both once settled.
        { to: notice.to, body: composeNoticeText(notice), locale: notice.locale, purpose: notice.kind === 'account_deleted' ? notice.kind : 'notice', codeId: null },
        deps.clock.now(),
      );
    },
  };
}
