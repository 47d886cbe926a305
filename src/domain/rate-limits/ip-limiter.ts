import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimitCheck } from './rolling-limit.ts';

export const IP_LIMIT_WINDOW_SECONDS = 3600;

/**
 * Per-client-IP throttle for code requests, on rate-limiter-flexible. A fixed hourly window
 * is precise enough against floods from one address, and refused requests cost no database
 * write. The limiter's store is chosen by the composition root: in process on one instance,
 * Redis when several share the load (see storage/redis).
 */
export class IpLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  /** The in-process limiter: one instance, or the fallback while Redis is unreachable. */
  static inMemory(perHour: number): IpLimiter {
    return new IpLimiter(memoryIpLimiter(perHour));
  }

  async consume(ip: string): Promise<LimitCheck> {
    try {
      await this.limiter.consume(ip, 1);
      return { limited: false };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
      throw rejection;
    }
  }
}

export const memoryIpLimiter = (perHour: number): RateLimiterMemory =>
  new RateLimiterMemory({ keyPrefix: 'ip', points: perHour, duration: IP_LIMIT_WINDOW_SECONDS });
