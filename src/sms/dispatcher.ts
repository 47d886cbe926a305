import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';
import type { CodeState, CodeStore } from '../domain/sign-in/code-store.ts';
import { redactCodes } from './message-texts.ts';
import { statusAfter, type Channel, type OutboxEvent } from './outbox-model.ts';
import type { AttemptEnd, AttemptOutcome } from './outbox-attempt-store.ts';
import type { OutboxMessage } from './outbox-queue-store.ts';
import type { OutboxStores } from './outbox-store.ts';
import type { MessageTransport, SendOutcome } from './transport.ts';

export interface DispatcherOptions {
  /** Texts sent at once. */
  readonly concurrency: number;
  /** How long a claimed text is ours; after that another dispatcher may take it over. Longer than any send may take. */
  readonly leaseMs: number;
  /** How often due texts (retries, failovers, texts of crashed senders) are looked for without a kick. */
  readonly pollMs: number;
  /** Attempts after which a text that keeps failing is given up as failed (its code's expiry usually comes first). */
  readonly maxAttempts: number;
  /** A text accepted by a gateway that sends no delivery report within this goes out through the next transport. */
  readonly failoverMs: number;
  /** Backoff between rounds of retries: base · 2^(round − 1), at most max, with equal jitter. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /**
   * A text queued by a request is claimed this long after the first kick, together with those
   * queued meanwhile: one claim per batch instead of one per text, which under load is most of
   * the dispatcher's database work. Small beside the seconds an SMS takes to arrive.
   */
  readonly gatherMs: number;
}

export const defaultDispatcherOptions: DispatcherOptions = {
  concurrency: 32,
  leaseMs: 30_000,
  pollMs: 1_000,
  maxAttempts: 20,
  failoverMs: 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  gatherMs: 20,
};

/** What a dispatcher reads and writes: the outbox, and the state of the codes its texts carry. */
export interface DispatchStores {
  readonly outbox: Pick<OutboxStores, 'queue' | 'attempts'>;
  /** The state of each code, in one read; a code not found is `void`. */
  codeStates(codeIds: readonly string[], now: number): Promise<ReadonlyMap<string, CodeState>>;
}

export interface DispatcherDeps {
  outbox: DispatchStores['outbox'];
  /** The channel whose messages this dispatcher claims ('sms' when not given); its transports send that channel. */
  channel?: Channel;
  /** In failover order; at least one. */
  transports: readonly MessageTransport[];
  /** What the stored body keeps once the code in it cannot be needed (the SMS rule when not given). */
  redact?: (body: string) => string;
  codeStates: DispatchStores['codeStates'];
  /**
   * Runs `work` in one transaction, with the stores bound to it: a claimed batch's code
   * states and started attempts are then one commit (on SQLite one turn of the group
   * commit) instead of a round trip each. Without it, each store call is its own.
   */
  transaction?: <T>(work: (stores: DispatchStores) => Promise<T>) => Promise<T>;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  options?: Partial<DispatcherOptions>;
}

/** A database as a dispatcher needs it: its stores, and transactions over them (`Storage`). */
export interface DispatchDatabase {
  readonly outbox: Pick<OutboxStores, 'queue' | 'attempts'>;
  readonly codes: Pick<CodeStore, 'states'>;
  transaction<T>(work: (stores: Omit<DispatchDatabase, 'transaction'>) => Promise<T>): Promise<T>;
}

/** A dispatcher's stores on `database`; a code is usable while under `maxAttempts` wrong entries. */
export function dispatchOn(database: DispatchDatabase, maxAttempts: number): Pick<DispatcherDeps, 'outbox' | 'codeStates' | 'transaction'> {
  const on = (stores: Omit<DispatchDatabase, 'transaction'>): DispatchStores => ({
    outbox: stores.outbox,
    codeStates: (codeIds, now) => stores.codes.states(codeIds, now, maxAttempts),
  });
  return { ...on(database), transaction: (work) => database.transaction((stores) => work(on(stores))) };
}

/** A claimed text that is to go out now: its attempt is written down, on this transport. */
interface ReadyText {
  readonly message: OutboxMessage;
  readonly index: number;
  readonly transport: MessageTransport;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Moves texts from the outbox to the transports. A text is claimed under a lease before it
 * is sent, so two dispatchers never send the same text and a crashed one's texts are taken
 * over once the lease lapses. A text whose code was used, replaced or has expired is not
 * sent: a useless code only confuses the person waiting for the right one.
 *
 * Transports are tried in the configured order: a failure moves the text to the next one at
 * once, and backoff starts only when every transport failed in a round. A text a gateway
 * accepted but did not report on within `failoverMs` goes out through the next transport too.
 *
 * Every attempt is written down before the text leaves. An attempt whose sender died before
 * the gateway answered, or that got no answer (timed out, cut off), is in doubt: it is not
 * sent again at once, but waits `failoverMs` for
 * the gateway's report (Kannel retries report callbacks, SMPP sessions deliver stored
 * receipts), and only then goes out again. That keeps duplicates out whenever gateways
 * report, while nothing a person was promised is lost when they do not (at least once).
 *
 * Per claimed batch the database sees one transaction that claims, checks the codes and
 * starts the attempts, then one store call per text for what its gateway answered.
 */
export class Dispatcher {
  readonly #options: DispatcherOptions;
  readonly #transports: readonly MessageTransport[];
  readonly #channel: Channel;
  readonly #redact: (body: string) => string;
  readonly #stores: DispatchStores;
  #pass: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #gathering: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(private readonly deps: DispatcherDeps) {
    if (deps.transports.length === 0) throw new Error('the dispatcher needs at least one transport');
    this.#transports = deps.transports;
    this.#channel = deps.channel ?? 'sms';
    this.#redact = deps.redact ?? redactCodes;
    this.#options = { ...defaultDispatcherOptions, ...deps.options };
    this.#stores = { outbox: deps.outbox, codeStates: deps.codeStates };
  }

  start(): void {
    this.#stopped = false;
    // Not unref'd: in `engangskod worker` this timer is what keeps the process running until
    // SIGTERM; whoever starts a dispatcher stops it.
    this.#timer = setInterval(() => this.kick(), this.#options.pollMs);
    this.kick();
  }

  /** Finishes the texts in hand, then stops; queued texts wait in the outbox for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#gathering);
    await this.#pass;
  }

  /** A text was just queued: a pass starts soon, for it and whatever else is queued by then (`gatherMs`). */
  kickSoon(): void {
    if (this.#stopped || this.#gathering) return;
    this.#gathering = setTimeout(() => {
      this.#gathering = undefined;
      this.kick();
    }, this.#options.gatherMs);
  }

  /** Starts a pass now (or right after the running one). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#pass) {
      this.#again = true;
      return;
    }
    this.#pass = this.#run()
      .then(() => undefined)
      .finally(() => {
        this.#pass = undefined;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Resolves once every text that is due now has been dealt with. For tests and shutdown. */
  async drain(): Promise<void> {
    // A kicked pass may hold texts this one cannot claim (PostgreSQL skips locked rows), so
    // it is done only when a pass of its own found nothing and no other pass is running.
    for (;;) {
      while (this.#pass) await this.#pass;
      const handled = await this.#run();
      if (handled === 0 && !this.#pass) return;
    }
  }

  /** Claims and delivers due texts until none are due; answers how many it handled. */
  async #run(): Promise<number> {
    let handled = 0;
    const { concurrency, gatherMs } = this.#options;
    // Claimed texts whose attempt is written down, waiting for a slot: the next batch is claimed
    // while this one is with the gateways, so the slots need not wait for the database.
    const ready: ReadyText[] = [];
    // A pool, not batches: a slot freed by a fast send takes the next text at once, so one
    // slow gateway answer does not hold up the others.
    const sending = new Set<Promise<void>>();
    // A slot is free once the gateway answered: what it answered is written meanwhile, beside
    // the next claim rather than before it, and at most one round of texts behind.
    const recording = new Set<Promise<void>>();
    let failed = false;
    let exhausted = false;
    let lastClaim = { at: 0, full: true };
    for (;;) {
      while (ready.length > 0 && sending.size < concurrency) this.#start(ready.shift() as ReadyText, sending, recording, () => (failed = true));
      // A claim costs a write whatever its size: while texts are in flight and claims come back
      // short, one claim per gatherMs takes what was queued meanwhile.
      const wait = sending.size === 0 || lastClaim.full ? 0 : Math.max(0, lastClaim.at + gatherMs - Date.now());
      const open = !this.#stopped && !failed;
      // Once a claim found nothing, the next waits until the texts in hand are written: a
      // retry they make due at once is then found by it.
      const idle = sending.size === 0 && recording.size === 0;
      // A whole round's answers still being written do not hold the claim back: under load each
      // write waits a turn of the event loop, and a claim after them cost a turn per round.
      const claim: boolean = open && ready.length === 0 && wait === 0 && recording.size <= concurrency && (!exhausted || idle);
      if (claim) {
        try {
          const batch = await this.#claim(concurrency);
          lastClaim = { at: Date.now(), full: batch.claimed === concurrency };
          exhausted = batch.claimed === 0;
          handled += batch.claimed;
          ready.push(...batch.ready);
        } catch (error) {
          // The outbox keeps every text; the next poll tries again. The texts in hand go first.
          this.deps.logger.error({ err: error, channel: this.#channel }, 'dispatcher pass failed');
          failed = true;
        }
        // Slots to fill, or everything claimed was settled without sending: there may be more due.
        if (ready.length > 0 || (!exhausted && !failed && sending.size === 0)) continue;
      }
      if (ready.length === 0 && sending.size === 0 && recording.size === 0 && (!open || failed || exhausted)) return handled;
      await Promise.race([...sending, ...recording, ...(ready.length === 0 && wait > 0 ? [delay(wait)] : [])]);
    }
  }

  /** Sends a readied text in a slot of `sending`; once answered, writes what happened in `recording`. */
  #start(text: ReadyText, sending: Set<Promise<void>>, recording: Set<Promise<void>>, onFailure: () => void): void {
    const send: Promise<void> = this.#send(text)
      .then((outcome) => {
        const record: Promise<void> = this.#record(text, outcome)
          .catch((error: unknown) => {
            // The text stays claimed; its lease lapses and it is taken up again.
            onFailure();
            this.deps.logger.error({ err: error, messageId: text.message.id, channel: this.#channel }, 'dispatcher could not record a message');
          })
          .finally(() => recording.delete(record));
        recording.add(record);
      })
      .finally(() => sending.delete(send));
    sending.add(send);
  }

  /**
   * Claims up to `limit` due texts and readies them in the same transaction: texts of a dead
   * sender are settled, texts whose code can no longer be used are dropped, and the rest get
   * their attempt written down before any of them leaves. Logs once it is committed.
   */
  async #claim(limit: number): Promise<{ claimed: number; ready: ReadyText[] }> {
    const { clock } = this.deps;
    const logs: (() => void)[] = [];
    const transaction = this.deps.transaction ?? ((work) => work(this.#stores));
    const batch = await transaction(async (stores) => {
      const now = clock.now();
      const claimed = await stores.outbox.queue.claimDue(this.#channel, now, this.#options.leaseMs, limit);
      const open: OutboxMessage[] = [];
      for (const message of claimed) {
        if (message.claimedFrom === 'sending' && (await this.#settledDeadSender(stores, message, logs))) continue;
        open.push(message);
      }
      const codeIds = open.flatMap((message) => (message.codeId === null ? [] : [message.codeId]));
      const states = codeIds.length > 0 ? await stores.codeStates(codeIds, now) : new Map<string, CodeState>();
      const ready: ReadyText[] = [];
      for (const message of open) {
        const lastIndex = this.#transports.length - 1;
        // No report in time: the next transport, or the only one again for a text left in doubt.
        const index = message.claimedFrom === 'sent' ? Math.min(message.transportIndex + 1, lastIndex) : Math.min(message.transportIndex, lastIndex);
        const transport = this.#transports[index] as MessageTransport;
        const state = message.codeId === null ? 'usable' : (states.get(message.codeId) ?? 'void');
        if (state === 'usable') ready.push({ message, index, transport });
        else await this.#dropUnusable(stores, message, state, transport, logs);
      }
      const at = clock.now();
      await stores.outbox.attempts.startAttempts(ready.map(({ message, transport }) => ({ messageId: message.id, attempt: message.attempts, transport: transport.name, at })));
      return { claimed: claimed.length, ready };
    });
    for (const log of logs) log();
    return batch;
  }

  /** Hands a readied text to its transport; a transport that throws has failed, retryably. */
  async #send({ message, transport }: ReadyText): Promise<SendOutcome> {
    try {
      return await transport.send({ id: message.id, attempt: message.attempts, to: message.to, body: message.body, subject: message.subject, locale: message.locale });
    } catch (error) {
      return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * A text claimed from a sender whose lease lapsed: if that sender's attempt may have left or
   * did, the claim is given back (as the model says) instead of sending again. Answers whether
   * it was; a sender that died before it started an attempt leaves nothing to wait for.
   */
  async #settledDeadSender({ outbox }: DispatchStores, message: OutboxMessage, logs: (() => void)[]): Promise<boolean> {
    const { clock, logger } = this.deps;
    const previous = await outbox.attempts.findAttempt(message.id, message.attempts - 1);
    if (!previous) return false;
    const at = clock.now();
    const event: OutboxEvent | undefined =
      previous.outcome === null || previous.outcome === 'unknown'
        ? 'previous_attempt_in_doubt'
        : previous.outcome === 'sent' || previous.outcome === 'delivered'
          ? 'previous_attempt_accepted'
          : undefined;
    if (event === undefined) return false;
    let failoverAt: number | null = at + this.#options.failoverMs;
    if (event === 'previous_attempt_in_doubt') {
      if (previous.outcome === null) {
        await outbox.attempts.finishAttempt({ messageId: message.id, attempt: previous.attempt, outcome: 'unknown', error: 'the sender stopped before the gateway answered', gatewayId: null, at });
      }
      logs.push(() => logger.warn({ messageId: message.id, attempt: previous.attempt, transport: previous.transport }, 'text in doubt after a sender stopped: waiting for a report before sending again'));
    } else if (message.transportIndex >= this.#transports.length - 1) {
      failoverAt = null;
    }
    // The code stays in the stored text only while a failover may still need it.
    const body = failoverAt === null ? this.#redact(message.body) : message.body;
    await outbox.queue.returnToSent(message.id, { attempt: message.attempts, transport: previous.transport, at, failoverAt, body });
    return true;
  }

  /** A text whose code was used, replaced or has expired is not sent: a useless code only confuses. */
  async #dropUnusable({ outbox }: DispatchStores, message: OutboxMessage, state: Exclude<CodeState, 'usable'>, transport: MessageTransport, logs: (() => void)[]): Promise<void> {
    const { clock, logger } = this.deps;
    const at = clock.now();
    const body = this.#redact(message.body);
    if (message.claimedFrom === 'sent') {
      // It already went out once; no need for another (the model's failover_dropped).
      const previous = (this.#transports[message.transportIndex] ?? transport).name;
      await outbox.queue.returnToSent(message.id, { attempt: message.attempts, transport: previous, at, failoverAt: null, body });
      return;
    }
    const event = state === 'expired' ? 'code_expired' : 'code_used_or_replaced';
    const status = statusAfter('sending', event);
    await outbox.queue.markFinal(message.id, { status, error: `code ${state === 'expired' ? 'expired' : 'no longer usable'} before sending`, at, body, attempt: message.attempts });
    logs.push(() => logger.info({ messageId: message.id, status }, 'text not sent: its code can no longer be used'));
  }

  /**
   * What the gateway answered, as an event of the outbox model: the attempt's end and the
   * text's change in one store call. The status the text moves to is the model's (a claimed
   * text is `sending`), never decided here.
   */
  async #record({ message, index, transport }: ReadyText, outcome: SendOutcome): Promise<void> {
    const { outbox, clock, logger } = this.deps;
    const attempt = message.attempts;
    const lastIndex = this.#transports.length - 1;
    const at = clock.now();
    const ended = (result: AttemptOutcome, error: string | null, gatewayId: string | null = null): AttemptEnd => ({ outcome: result, error, gatewayId });

    if (outcome.ok) {
      const status = statusAfter('sending', outcome.status === 'delivered' ? 'gateway_delivered' : 'gateway_accepted');
      // The code stays in the stored text only while a failover may still need it.
      const failoverAt = status === 'sent' && index < lastIndex ? at + this.#options.failoverMs : null;
      const body = failoverAt === null ? this.#redact(message.body) : message.body;
      const finishes = ended(outcome.status, null, outcome.gatewayId ?? null);
      await outbox.queue.markHandedOver(message.id, { status, transport: transport.name, at, body, attempt, transportIndex: index, failoverAt, finishes });
      return;
    }
    if (outcome.inDoubt) {
      // The gateway may have it: like a text whose sender died, it waits for a report first.
      const status = statusAfter('sending', 'gateway_silent');
      const failoverAt = at + this.#options.failoverMs;
      const finishes = ended('unknown', outcome.error);
      await outbox.queue.markHandedOver(message.id, { status, transport: transport.name, at, body: message.body, attempt, transportIndex: index, failoverAt, finishes });
      logger.warn({ messageId: message.id, attempt, transport: transport.name, error: outcome.error }, 'no answer from the gateway: waiting for its report before sending again');
      return;
    }

    const named = `${transport.name}: ${outcome.error}`;
    const error = this.#transports.length > 1 ? named : outcome.error;
    const triesLeft = attempt < this.#options.maxAttempts;
    if (outcome.retryable && triesLeft) {
      // Straight on to the next transport; a pause only once every transport failed this round.
      const next = index < lastIndex ? index + 1 : 0;
      const nextAttemptAt = next === 0 ? at + this.#backoffMs(Math.ceil(attempt / this.#transports.length)) : at;
      await outbox.queue.markRetry(message.id, { nextAttemptAt, error, at, attempt, transportIndex: next, finishes: ended('retry', outcome.error) });
      logger.warn({ messageId: message.id, attempt, transport: transport.name, error: outcome.error }, 'text not sent, will retry');
      return;
    }
    const finishes = ended('failed', outcome.error);
    if (!outcome.retryable && index < lastIndex && triesLeft) {
      // This gateway will never take it; the next one may.
      await outbox.queue.markRetry(message.id, { nextAttemptAt: at, error: named, at, attempt, transportIndex: index + 1, finishes });
      logger.warn({ messageId: message.id, attempt, transport: transport.name, error: outcome.error }, 'text refused, trying the next transport');
      return;
    }
    await outbox.queue.markFinal(message.id, { status: statusAfter('sending', 'send_failed_for_good'), error, at, body: this.#redact(message.body), attempt, finishes });
    logger.error({ messageId: message.id, attempts: attempt, error: outcome.error }, 'text failed for good');
  }

  /** Exponential (base, 2·base, 4·base … at most max) with equal jitter (half fixed, half random), so retries do not stampede. */
  #backoffMs(round: number): number {
    const ceiling = Math.min(this.#options.backoffMaxMs, this.#options.backoffBaseMs * 2 ** Math.max(0, round - 1));
    return Math.round(ceiling / 2 + (this.deps.random ?? Math.random)() * (ceiling / 2));
  }
}
