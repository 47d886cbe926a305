import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * What the pumping guard's store owes on every backend. Called inside storageContract (SQLite
 * and PostgreSQL), which opens an empty database per case.
 */
export function guardContract(storage: () => Storage): void {
  describe('pumping guard: counts per minute and suspensions', () => {
    const text = { texts: 1, codeTexts: 1, conversions: 0 };
    const suspension = (key: string, since: number, scope: 'prefix' | 'region' = 'prefix') => ({
      scope,
      key,
      since,
      until: since + HOUR,
      tally: { texts: 8, codeTexts: 7, conversions: 1 },
    });

    const zero = { texts: 0, codeTexts: 0, conversions: 0 };
    const place = { prefix: '+4670111', region: 'SE' };

    it('adds up texts and conversions per prefix and per region over the minutes after a time, and no other’s', async () => {
      const guard = storage().guard;
      await guard.add(place, T0, text);
      await guard.add(place, T0, { texts: 1, codeTexts: 0, conversions: 0 });
      await guard.add(place, T0 + MINUTE, { texts: 0, codeTexts: 0, conversions: 1 });
      await guard.add({ prefix: '+4670222', region: 'SE' }, T0, text);
      await guard.add({ prefix: '+4670111', region: 'NO' }, T0, text);
      assert.deepEqual(await guard.tally(place, T0 - 1), {
        prefix: { texts: 3, codeTexts: 2, conversions: 1 },
        region: { texts: 3, codeTexts: 2, conversions: 1 },
      });
      assert.deepEqual(await guard.tally(place, T0), { prefix: { texts: 0, codeTexts: 0, conversions: 1 }, region: { texts: 0, codeTexts: 0, conversions: 1 } }, 'only minutes after');
      assert.deepEqual(await guard.tally({ prefix: '+4670999', region: 'DK' }, 0), { prefix: zero, region: zero });
      assert.deepEqual(await guard.tally({ prefix: 'SE', region: '+4670111' }, 0), { prefix: zero, region: zero }, 'a prefix is not a region');
    });

    it('adds and answers the tallies with the addition in them, older minutes and the window’s edge included', async () => {
      const guard = storage().guard;
      await guard.add(place, T0 - HOUR, text);
      await guard.add(place, T0 - HOUR + MINUTE, text);
      await guard.add({ prefix: '+4670222', region: 'SE' }, T0, { texts: 1, codeTexts: 0, conversions: 1 });
      const tallies = await guard.addAndTally(place, T0, text, T0 - HOUR);
      assert.deepEqual(tallies, { prefix: { texts: 2, codeTexts: 2, conversions: 0 }, region: { texts: 3, codeTexts: 2, conversions: 1 } });
      assert.deepEqual(await guard.addAndTally(place, T0, text, T0 - HOUR), {
        prefix: { texts: 3, codeTexts: 3, conversions: 0 },
        region: { texts: 4, codeTexts: 3, conversions: 1 },
      }, 'the same minute again');
      assert.deepEqual(await guard.tally(place, T0 - HOUR), { prefix: { texts: 3, codeTexts: 3, conversions: 0 }, region: { texts: 4, codeTexts: 3, conversions: 1 } });
    });

    it('counts every one of many simultaneous additions to one minute', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => storage().guard.addAndTally({ prefix: `+46701${i % 3}`, region: 'SE' }, T0, text, 0)));
      await Promise.all(Array.from({ length: 10 }, () => storage().guard.add(place, T0, text)));
      const tallies = await storage().guard.tally(place, 0);
      assert.equal(tallies.region.texts, 30);
      assert.equal(tallies.prefix.texts, 10);
    });

    it('suspends a key once until it ends, telling the prefix’s suspension before the region’s', async () => {
      const guard = storage().guard;
      assert.equal(await guard.suspend(suspension('+4670111', T0)), true);
      assert.equal(await guard.suspend(suspension('+4670111', T0 + MINUTE)), false, 'one is in force');
      assert.equal(await guard.suspended('+4670111', 'SE', T0 + 30 * MINUTE), 'prefix');
      assert.equal(await guard.suspended('+4670222', 'SE', T0 + 30 * MINUTE), undefined);
      assert.equal(await guard.suspended('+4670111', 'SE', T0 + HOUR), undefined, 'over after its hour');
      assert.equal(await guard.suspend(suspension('SE', T0 + 10 * MINUTE, 'region')), true);
      assert.equal(await guard.suspended('+4670222', 'SE', T0 + 30 * MINUTE), 'region');
      assert.equal(await guard.suspended('+4670111', 'SE', T0 + 30 * MINUTE), 'prefix');
      assert.equal(await guard.suspend(suspension('+4670111', T0 + HOUR)), true, 'an ended one is replaced');
      assert.equal(await guard.suspended('+4670111', 'NO', T0 + HOUR + 30 * MINUTE), 'prefix');
    });

    it('suspends once when many try at the same moment', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => storage().guard.suspend(suspension('+4670333', T0))));
      assert.equal(results.filter(Boolean).length, 1);
    });

    it('lists suspensions in force newest first with the hour that made them, and lifts one with its counts', async () => {
      const guard = storage().guard;
      await guard.suspend(suspension('+4670111', T0));
      await guard.suspend(suspension('SE', T0 + MINUTE, 'region'));
      await guard.suspend(suspension('+4670999', T0 - 2 * HOUR));
      await guard.add(place, T0, text);
      assert.deepEqual(await guard.listSuspended(T0 + 2 * MINUTE), [suspension('SE', T0 + MINUTE, 'region'), suspension('+4670111', T0)]);
      assert.equal(await guard.lift('prefix', '+4670111', T0 + 2 * MINUTE), true);
      assert.equal(await guard.lift('prefix', '+4670111', T0 + 2 * MINUTE), false, 'nothing left to lift');
      assert.equal(await guard.lift('prefix', '+4670999', T0 + 2 * MINUTE), false, 'long over');
      assert.equal(await guard.suspended('+4670111', 'NO', T0 + 2 * MINUTE), undefined);
      assert.equal((await guard.tally(place, 0)).prefix.texts, 0, 'its counts start again');
      assert.equal((await guard.tally(place, 0)).region.texts, 1, 'the region’s stay');
      assert.deepEqual((await guard.listSuspended(T0 + 2 * MINUTE)).map((s) => s.key), ['SE']);
    });

    it('prunes minutes that started and suspensions that ended before a time', async () => {
      const guard = storage().guard;
      await guard.add(place, T0, text);
      await guard.add(place, T0 + HOUR, text);
      await guard.suspend(suspension('+4670111', T0 - HOUR));
      await guard.suspend(suspension('+4670222', T0));
      assert.equal(await guard.prune(T0 + 1), 3, 'the prefix’s and the region’s minute, and the ended suspension');
      assert.deepEqual(await guard.tally(place, 0), { prefix: text, region: text });
      assert.deepEqual((await guard.listSuspended(T0)).map((s) => s.key), ['+4670222']);
    });
  });
}
