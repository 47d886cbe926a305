import type { Channel, MessageStatus } from './outbox-model.ts';
import type { OutboxStores } from './outbox-store.ts';

/**
 * Why a text was left as it was:
 * - `unknown`: no such text;
 * - `code_gone`: it failed and carried a code, which the outbox no longer holds (a failed text
 *   has its code blanked) and which would have expired anyway: the person asks for a new one;
 * - `on_its_way`: sending, or handed to a gateway; the dispatcher retries or fails it over itself;
 * - `settled`: delivered, expired or cancelled: nothing to send;
 * - `due_already`: queued and due now without help;
 * - `sent_again_already`: a failed text that was sent again before.
 */
export type LeftBecause = 'unknown' | 'code_gone' | 'on_its_way' | 'settled' | 'due_already' | 'sent_again_already';

export interface RetryReport {
  /** Texts that were waiting for a later try and are now due. */
  readonly dueNow: readonly string[];
  /** Failed texts without a code, each sent again as a new text (`as`). */
  readonly sentAgain: readonly { readonly id: string; readonly as: string }[];
  readonly left: readonly { readonly id: string; readonly status: MessageStatus | null; readonly because: LeftBecause }[];
}

interface RetryStorage {
  readonly outbox: Pick<OutboxStores, 'operator'>;
  transaction<T>(work: (stores: { readonly outbox: Pick<OutboxStores, 'operator'> }) => Promise<T>): Promise<T>;
}

// Far more failed texts than a day brings; the operator narrows with --hours.
const MAX_FAILED = 10_000;

/**
 * `engangskod outbox retry`: after a gateway came back, texts need not wait out their backoff,
 * and notices that failed meanwhile can go out again. With `ids`, just those texts; without,
 * every text waiting for a retry, and the failed texts created since `since`.
 */
export async function retryTexts(
  storage: RetryStorage,
  now: number,
  request: { readonly ids?: readonly string[]; readonly since: number; /** Failed messages of this channel only (both when not given). */ readonly channel?: Channel },
): Promise<RetryReport> {
  const dueNow: string[] = [];
  const sentAgain: { id: string; as: string }[] = [];
  const left: { id: string; status: MessageStatus | null; because: LeftBecause }[] = [];

  const sendFailedAgain = async (id: string, codeId: string | null): Promise<void> => {
    if (codeId !== null) return void left.push({ id, status: 'failed', because: 'code_gone' });
    // The failed text's mark and its copy commit together: a crash between cannot lose the copy.
    const again = await storage.transaction((stores) => stores.outbox.operator.sendAgain(id, now));
    if (again) sentAgain.push({ id, as: again });
    else left.push({ id, status: 'failed', because: 'sent_again_already' });
  };

  if (request.ids === undefined) {
    dueNow.push(...(await storage.outbox.operator.dueNow(now)));
    for (const text of await storage.outbox.operator.list({ since: request.since, status: 'failed', channel: request.channel, limit: MAX_FAILED })) await sendFailedAgain(text.id, text.codeId);
    return { dueNow, sentAgain, left };
  }

  for (const id of new Set(request.ids)) {
    const text = await storage.outbox.operator.find(id);
    if (!text) left.push({ id, status: null, because: 'unknown' });
    else if (text.status === 'failed') await sendFailedAgain(id, text.codeId);
    else if (text.status === 'queued') {
      const moved = await storage.outbox.operator.dueNow(now, [id]);
      if (moved.length > 0) dueNow.push(id);
      else left.push({ id, status: 'queued', because: 'due_already' });
    } else left.push({ id, status: text.status, because: text.status === 'sending' || text.status === 'sent' ? 'on_its_way' : 'settled' });
  }
  return { dueNow, sentAgain, left };
}
