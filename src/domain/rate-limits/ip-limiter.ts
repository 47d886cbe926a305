import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { LimitCheck } from './rolling-limit.ts';

/**
 * Per-client-IP throttle for code requests. Kept in process: it guards against floods
 * from one address, where a fixed hourly window is precise enough and writing every
 * refused request to the database would itself be the flood's cost.
 */
export class IpLimiter {
  readonly #limiter: RateLimiterMemory;

  constructor(perHour: number) {
    this.#limiter = new RateLimiterMemory({ keyPrefix: 'ip', points: perHour, duration: 3600 });
  }

  async consume(ip: string): Promise<LimitCheck> {
    try {
      await this.#limiter.consume(ip, 1);
      return { limited: false };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
      throw rejection;
    }
  }
}
