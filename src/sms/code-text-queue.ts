import type { CodeText, TextQueue } from '../domain/sign-in/text-queue.ts';
import type { Clock } from '../lib/clock.ts';
import { composeCodeText, type TextTemplates } from './message-texts.ts';
import type { OutboxStore } from './outbox-store.ts';

/** The domain's TextQueue on the outbox: composes the localized text and queues it. */
export function codeTextQueue(deps: { outbox: OutboxStore; clock: Clock; publicUrl: URL; ttlSeconds: number; templates?: TextTemplates }): TextQueue {
  return {
    async enqueueCode(text: CodeText) {
      const body = composeCodeText({
        purpose: text.purpose,
        locale: text.locale,
        code: text.code,
        ttlSeconds: deps.ttlSeconds,
        publicUrl: deps.publicUrl,
        templates: deps.templates,
      });
      await deps.outbox.enqueue(
        { to: text.to, body, locale: text.locale, purpose: text.purpose, codeId: text.codeId },
        deps.clock.now(),
      );
    },
  };
}
