import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimitCheck } from './rolling-limit.ts';

/**
 * A fixed-window throttle on rate-limiter-flexible, for guards against floods (per IP, per
 * number prefix, per region, the SMS budget, guessing): precise enough for that, and a refused
 * request costs no database write. Which store backs it is the composition root's choice: in
 * process on one instance, Redis when several share the load (storage/redis).
 */
export class Throttle {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  /** Counts one (or `points`) against `key`; limited once the window's points are spent. */
  async consume(key: string, points = 1): Promise<LimitCheck> {
    try {
      await this.limiter.consume(key, points);
      return { limited: false };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return limitedFor(rejection);
      throw rejection;
    }
  }

  /** Whether `key` is limited now, without counting anything. */
  async check(key: string): Promise<LimitCheck> {
    const state = await this.limiter.get(key);
    if (state && state.consumedPoints >= this.limiter.points) return limitedFor(state);
    return { limited: false };
  }

  /** How many points `key` has used in the current window. */
  async used(key: string): Promise<number> {
    return (await this.limiter.get(key))?.consumedPoints ?? 0;
  }

  /** Refuses `key` for `seconds`, whatever it has used. */
  async block(key: string, seconds: number): Promise<void> {
    await this.limiter.block(key, seconds);
  }
}

const limitedFor = (state: RateLimiterRes): LimitCheck => ({
  limited: true,
  retryAfterSeconds: Math.max(1, Math.ceil(state.msBeforeNext / 1000)),
});

export interface ThrottleRule {
  /** Distinct per rule: the store's keys are prefixed with it. */
  readonly name: string;
  readonly points: number;
  readonly durationSeconds: number;
}

/** Makes the throttle for a rule on whichever store this deployment uses. */
export type ThrottleFactory = (rule: ThrottleRule) => Throttle;

export const memoryLimiter = (rule: ThrottleRule): RateLimiterMemory =>
  new RateLimiterMemory({ keyPrefix: rule.name, points: rule.points, duration: rule.durationSeconds });

/** Throttles kept in this process alone: one instance, or the fallback while Redis is away. */
export const memoryThrottles: ThrottleFactory = (rule) => new Throttle(memoryLimiter(rule));
