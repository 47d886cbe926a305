import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { Throttle, memoryLimiter, type ThrottleFactory } from '../../domain/rate-limits/throttle.ts';

export interface RedisConnection {
  readonly client: Redis;
  /** Throws unless Redis answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One Redis client per process, shared by everything that keeps state in Redis. Commands
 * fail fast while it is unreachable (no offline queue), so a limit check never hangs a
 * request; ioredis keeps reconnecting in the background.
 */
export async function connectRedis(url: string, logger: Logger): Promise<RedisConnection> {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 3000 });
  let down = false;
  client.on('error', (error: Error) => {
    if (!down) logger.error({ err: error }, 'Redis unreachable; limits fall back to this instance alone until it is back');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info('Redis reachable again');
    down = false;
  });
  await client.connect();
  return {
    client,
    async ping() {
      await client.ping();
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/**
 * Throttles shared by every instance through Redis. While Redis is unreachable an in-process
 * limiter stands in (rate-limiter-flexible's insurance limiter), so requests are still
 * limited, per instance, instead of failing or going unlimited.
 */
export function redisThrottles(redis: RedisConnection, keyPrefix = 'engangskod'): ThrottleFactory {
  return (rule) =>
    new Throttle(
      new RateLimiterRedis({
        storeClient: redis.client,
        keyPrefix: `${keyPrefix}:${rule.name}`,
        points: rule.points,
        duration: rule.durationSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memoryLimiter(rule),
      }),
    );
}
