import type { LimitCheck } from './rolling-limit.ts';
import type { Throttle, ThrottleFactory } from './throttle.ts';

export const MAX_DELAY_SECONDS = 15 * 60;

/**
 * Growing delays instead of a lockout: `free` failures within an hour cost nothing, then each
 * further failure makes the next try wait twice as long (2 s, 4 s, 8 s … at most 15 minutes).
 * A guesser is slowed to a crawl; the owner is never locked out for good.
 */
export class GrowingDelay {
  readonly #failures: Throttle;
  readonly #waits: Throttle;

  constructor(make: ThrottleFactory, name: string, private readonly free: number) {
    this.#failures = make({ name: `${name}-failures`, points: Number.MAX_SAFE_INTEGER, durationSeconds: 3600 });
    this.#waits = make({ name: `${name}-wait`, points: 1, durationSeconds: 1 });
  }

  /** Whether `key` must still wait before its next try. */
  check(key: string): Promise<LimitCheck> {
    return this.#waits.check(key);
  }

  async recordFailure(key: string): Promise<void> {
    await this.#failures.consume(key);
    const over = (await this.#failures.used(key)) - this.free;
    if (over > 0) await this.#waits.block(key, Math.min(MAX_DELAY_SECONDS, 2 ** over));
  }
}
