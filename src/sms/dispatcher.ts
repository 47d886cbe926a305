import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';
import type { CodeState } from '../domain/sign-in/code-store.ts';
import { redactCodes } from './message-texts.ts';
import type { OutboxMessage, OutboxStore } from './outbox-store.ts';
import type { SmsTransport } from './transport.ts';

export interface DispatcherOptions {
  /** Texts sent at once. */
  readonly concurrency: number;
  /** How long a claimed text is ours; after that another dispatcher may take it over. */
  readonly leaseMs: number;
  /** How often due texts (retries, texts of crashed senders) are looked for without a kick. */
  readonly pollMs: number;
  /** Attempts after which a text that keeps failing is given up as failed. */
  readonly maxAttempts: number;
}

export const defaultDispatcherOptions: DispatcherOptions = { concurrency: 8, leaseMs: 30_000, pollMs: 1_000, maxAttempts: 8 };

/**
 * Moves texts from the outbox to the transport. A text is claimed under a lease before it
 * is sent, so two dispatchers never send the same text and a crashed one's texts are taken
 * over once the lease lapses. A text whose code was used, replaced or has expired is not
 * sent: a useless code only confuses the person waiting for the right one.
 */
export class Dispatcher {
  readonly #options: DispatcherOptions;
  #pass: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly deps: {
      outbox: OutboxStore;
      transport: SmsTransport;
      codeState: (codeId: string, now: number) => Promise<CodeState>;
      clock: Clock;
      logger: Logger;
      random?: () => number;
      options?: Partial<DispatcherOptions>;
    },
  ) {
    this.#options = { ...defaultDispatcherOptions, ...deps.options };
  }

  start(): void {
    this.#stopped = false;
    this.#timer = setInterval(() => this.kick(), this.#options.pollMs);
    this.#timer.unref();
    this.kick();
  }

  /** Finishes the texts in hand, then stops; queued texts wait in the outbox for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#pass;
  }

  /** Starts a pass now (or right after the running one), e.g. when a text was just queued. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#pass) {
      this.#again = true;
      return;
    }
    this.#pass = this.#run().then(() => undefined).finally(() => {
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
    try {
      for (;;) {
        const now = this.deps.clock.now();
        const batch = await this.deps.outbox.claimDue(now, this.#options.leaseMs, this.#options.concurrency);
        if (batch.length === 0) return handled;
        await Promise.all(batch.map((message) => this.#deliver(message)));
        handled += batch.length;
        if (this.#stopped) return handled;
      }
    } catch (error) {
      // The outbox keeps every text; the next poll tries again.
      this.deps.logger.error({ err: error }, 'SMS dispatcher pass failed');
      return handled;
    }
  }

  async #deliver(message: OutboxMessage): Promise<void> {
    const { outbox, transport, clock, logger } = this.deps;
    if (message.codeId !== null) {
      const state = await this.deps.codeState(message.codeId, clock.now());
      if (state !== 'usable') {
        const status = state === 'expired' ? 'expired' : 'cancelled';
        await outbox.markFinal(message.id, { status, error: `code ${state === 'expired' ? 'expired' : 'no longer usable'} before sending`, at: clock.now(), body: redactCodes(message.body) });
        logger.info({ messageId: message.id, status }, 'text not sent: its code can no longer be used');
        return;
      }
    }
    let outcome;
    try {
      outcome = await transport.send({ id: message.id, to: message.to, body: message.body });
    } catch (error) {
      outcome = { ok: false as const, retryable: true, error: error instanceof Error ? error.message : String(error) };
    }
    const at = clock.now();
    if (outcome.ok) {
      await outbox.markHandedOver(message.id, { status: outcome.status, transport: transport.name, at, body: redactCodes(message.body) });
      return;
    }
    if (outcome.retryable && message.attempts < this.#options.maxAttempts) {
      const nextAttemptAt = at + this.#backoffMs(message.attempts);
      await outbox.markRetry(message.id, { nextAttemptAt, error: outcome.error, at });
      logger.warn({ messageId: message.id, attempts: message.attempts, error: outcome.error }, 'text not sent, will retry');
      return;
    }
    await outbox.markFinal(message.id, { status: 'failed', error: outcome.error, at, body: redactCodes(message.body) });
    logger.error({ messageId: message.id, attempts: message.attempts, error: outcome.error }, 'text failed for good');
  }

  /** Exponential (1 s, 2 s, 4 s … at most a minute) with equal jitter (half fixed, half random), so retries do not stampede. */
  #backoffMs(attempts: number): number {
    const ceiling = Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));
    return Math.round(ceiling / 2 + (this.deps.random ?? Math.random)() * (ceiling / 2));
  }
}
