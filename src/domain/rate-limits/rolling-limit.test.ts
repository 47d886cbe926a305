import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../lib/clock.ts';
import { openSqlite } from '../../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../../storage/storage.ts';
import { DAY_MS, checkRollingLimit, consumeRollingLimit, recordRollingLimit, strictest, type RollingLimit } from './rolling-limit.ts';

const HOUR_S = 60 * 60;
const DAY_S = 24 * HOUR_S;

describe('rolling limits', () => {
  let folder: string;
  let storage: Storage;
  let clock: ManualClock;
  const rule: RollingLimit = { bucket: 'otp:email', limit: 3, windowMs: DAY_MS };

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'engangskod-limits-'));
    storage = await openSqlite(join(folder, 'db.sqlite'));
    clock = new ManualClock();
  });
  afterEach(async () => {
    await storage.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const check = (key = 'anna@example.se', r: RollingLimit = rule) => checkRollingLimit(storage.limits, r, key, clock.now());
  /** What a service does: check, and count the event only when it was allowed. */
  const attempt = async (key = 'anna@example.se', r: RollingLimit = rule) => {
    const result = await check(key, r);
    if (!result.limited) await recordRollingLimit(storage.limits, r, key, clock.now());
    return result;
  };

  it('allows `limit` events and refuses the next', async () => {
    for (let i = 0; i < rule.limit; i++) {
      assert.deepEqual(await attempt(), { limited: false }, `event ${i + 1}`);
      clock.advanceSeconds(60);
    }
    const refused = await attempt();
    assert.equal(refused.limited, true);
  });

  it('does not count checks, only recorded events', async () => {
    for (let i = 0; i < 10; i++) assert.deepEqual(await check(), { limited: false });
    assert.equal(await storage.limits.holdNthNewest({ bucket: rule.bucket, key: 'anna@example.se' }, 0, 1), undefined);
  });

  it('asks to retry exactly when the oldest counted event leaves the window', async () => {
    await attempt(); // 09:00
    clock.advanceSeconds(HOUR_S);
    await attempt(); // 10:00
    clock.advanceSeconds(HOUR_S);
    await attempt(); // 11:00
    clock.advanceSeconds(HOUR_S);

    const refused = await check(); // 12:00: the 09:00 event leaves at 09:00 tomorrow
    assert.deepEqual(refused, { limited: true, retryAfterSeconds: 21 * HOUR_S });

    clock.advanceSeconds(21 * HOUR_S - 1);
    assert.deepEqual(await check(), { limited: true, retryAfterSeconds: 1 }, 'a second early');
    clock.advanceSeconds(1);
    assert.deepEqual(await attempt(), { limited: false }, 'exactly on time');
    assert.equal((await check()).limited, true, 'the freed slot is taken again');
  });

  it('rounds Retry-After up, so waiting it out is never a second too early', async () => {
    clock.advanceSeconds(0.4); // events at 09:00:00.400
    await attempt();
    await attempt();
    await attempt();
    clock.advanceSeconds(9.6); // 09:00:10.000: 23:59:50.400 left, so 23:59:51 to wait

    assert.deepEqual(await check(), { limited: true, retryAfterSeconds: DAY_S - 9 });
    clock.advanceSeconds(DAY_S - 10);
    assert.deepEqual(await check(), { limited: true, retryAfterSeconds: 1 }, '0.4 s short');
    clock.advanceSeconds(1);
    assert.deepEqual(await check(), { limited: false });
  });

  it('is a rolling window, not a fixed day: midnight frees nothing', async () => {
    // Three events late on 1 January.
    clock.advanceSeconds(14 * HOUR_S); // 23:00 (the clock starts at 09:00)
    await attempt();
    clock.advanceSeconds(30 * 60); // 23:30
    await attempt();
    clock.advanceSeconds(29 * 60); // 23:59
    await attempt();

    clock.advanceSeconds(2 * 60); // 00:01 on 2 January: a calendar-day counter would have reset
    const refused = await check();
    assert.equal(refused.limited, true);
    assert.equal(refused.limited && refused.retryAfterSeconds, 22 * HOUR_S + 59 * 60);

    clock.advanceSeconds(22 * HOUR_S + 59 * 60); // 23:00 on 2 January: only the first event has aged out
    assert.deepEqual(await attempt(), { limited: false });
    assert.deepEqual(await check(), { limited: true, retryAfterSeconds: 30 * 60 }, 'the next slot frees at 23:30');
  });

  it('counts each key and each bucket on its own', async () => {
    for (let i = 0; i < rule.limit; i++) await attempt('anna@example.se');
    assert.equal((await check('anna@example.se')).limited, true);
    assert.deepEqual(await check('bo@example.se'), { limited: false });
    assert.deepEqual(await check('anna@example.se', { ...rule, bucket: 'otp:phone' }), { limited: false });
  });

  it('consumes: counts the event with the check when allowed, and nothing once limited', async () => {
    const consume = () => consumeRollingLimit(storage.limits, rule, 'anna@example.se', clock.now());
    for (let i = 0; i < rule.limit; i++) {
      assert.deepEqual(await consume(), { limited: false }, `event ${i + 1}`);
      clock.advanceSeconds(60);
    }
    assert.deepEqual(await consume(), { limited: true, retryAfterSeconds: DAY_S - 3 * 60 });
    assert.equal(await storage.limits.countSince(rule.bucket, 'anna@example.se', 0), rule.limit, 'the refused one is not counted');
    assert.deepEqual(await check(), await consume(), 'a check and a refused consume answer alike');
  });

  it('picks the longest wait of several limits', async () => {
    const perEmail: RollingLimit = { bucket: 'otp:email', limit: 2, windowMs: DAY_MS };
    const perPhone: RollingLimit = { bucket: 'otp:phone', limit: 1, windowMs: DAY_MS };
    await attempt('anna@example.se', perEmail); // 09:00
    await attempt('+46701234567', perPhone); // 09:00
    clock.advanceSeconds(HOUR_S);
    await attempt('anna@example.se', perEmail); // 10:00
    clock.advanceSeconds(HOUR_S);

    // Both limits are reached: both wait for their 09:00 event, which leaves in 22 h.
    const checks = [await check('anna@example.se', perEmail), await check('+46701234567', perPhone)];
    assert.deepEqual(strictest(checks), { limited: true, retryAfterSeconds: 22 * HOUR_S });

    clock.advanceSeconds(22 * HOUR_S); // 09:00 next day: both free a slot
    assert.deepEqual(await attempt('anna@example.se', perEmail), { limited: false });
    assert.deepEqual(await attempt('+46701234567', perPhone), { limited: false });
    clock.advanceSeconds(60);
    // Now the email waits for its 10:00 event (59 min); the number for the one just made (~24 h).
    const later = [await check('anna@example.se', perEmail), await check('+46701234567', perPhone)];
    assert.deepEqual(later, [
      { limited: true, retryAfterSeconds: 59 * 60 },
      { limited: true, retryAfterSeconds: DAY_S - 60 },
    ]);
    assert.deepEqual(strictest(later), { limited: true, retryAfterSeconds: DAY_S - 60 });
    assert.deepEqual(strictest([...later].reverse()), { limited: true, retryAfterSeconds: DAY_S - 60 });
  });

  it('is not limited when no limit is', () => {
    assert.deepEqual(strictest([]), { limited: false });
    assert.deepEqual(strictest([{ limited: false }, { limited: false }]), { limited: false });
    assert.deepEqual(strictest([{ limited: false }, { limited: true, retryAfterSeconds: 5 }]), { limited: true, retryAfterSeconds: 5 });
  });
});
