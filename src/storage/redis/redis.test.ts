import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { redisUnavailable, testRedisUrl } from '../../../test/helpers/redis.ts';
import { connectRedis, redisThrottles, type RedisConnection } from './redis.ts';

const skip = await redisUnavailable();
const logger = pino({ level: 'silent' });

describe('throttles in Redis', { skip }, () => {
  const prefix = `engangskod-test:${randomBytes(6).toString('hex')}`;
  let instanceA: RedisConnection;
  let instanceB: RedisConnection;
  before(async () => {
    instanceA = await connectRedis(testRedisUrl, logger);
    instanceB = await connectRedis(testRedisUrl, logger);
  });
  after(async () => {
    const keys = await instanceA.client.keys(`${prefix}*`);
    if (keys.length) await instanceA.client.del(...keys);
    await instanceA.close();
    await instanceB.close();
  });

  it('is shared by instances: requests through either count toward one limit', async () => {
    const rule = { name: 'ip', points: 3, durationSeconds: 3600 };
    const a = redisThrottles(instanceA, prefix)(rule);
    const b = redisThrottles(instanceB, prefix)(rule);
    const outcomes = [await a.consume('192.0.2.1'), await b.consume('192.0.2.1'), await a.consume('192.0.2.1'), await b.consume('192.0.2.1')];
    assert.deepEqual(outcomes.map((o) => o.limited), [false, false, false, true]);
    const last = outcomes[3]!;
    assert.ok(last.limited && last.retryAfterSeconds > 0 && last.retryAfterSeconds <= 3600);
    assert.equal((await a.consume('192.0.2.2')).limited, false, 'another address has its own count');
  });

  it('keeps limiting, per instance, while Redis is unreachable instead of failing or letting everything through', async () => {
    const broken = await connectRedis(testRedisUrl, logger);
    const limiter = redisThrottles(broken, `${prefix}:outage`)({ name: 'ip', points: 2, durationSeconds: 3600 });
    broken.client.disconnect();
    const outcomes = [await limiter.consume('192.0.2.9'), await limiter.consume('192.0.2.9'), await limiter.consume('192.0.2.9')];
    assert.deepEqual(outcomes.map((o) => o.limited), [false, false, true]);
    await assert.rejects(broken.ping());
  });
});
