import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { solveChallenge } from 'altcha-lib/v1';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { ProofOfWork, usedProofsInLimitLog, usedProofsOnThrottle, type PowChallenge, type UsedProofs } from './proof-of-work.ts';
import { memoryThrottles } from './throttle.ts';

const KEY = Buffer.from('a secret key of at least thirty-two bytes!');

async function solved(challenge: PowChallenge): Promise<string> {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  assert.ok(solution);
  const { algorithm, salt, signature } = challenge;
  return Buffer.from(JSON.stringify({ algorithm, challenge: challenge.challenge, number: solution.number, salt, signature })).toString('base64');
}

describe('ProofOfWork', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const stores: [string, () => UsedProofs][] = [
    ['the limit log (SQLite or PostgreSQL)', () => usedProofsInLimitLog(t.app.domain.transaction, t.clock)],
    ['a throttle of one point (Redis, here in memory)', () => usedProofsOnThrottle(memoryThrottles)],
  ];
  for (const [name, used] of stores) {
    it(`accepts a solved proof exactly once, even when it arrives many times at once: ${name}`, async () => {
      const pow = new ProofOfWork({ secretKey: KEY, clock: t.clock, maxNumber: 1000, used: used() });
      const proof = await solved(await pow.challenge());
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => pow.redeem(proof)));
      assert.equal(outcomes.filter(Boolean).length, 1);
      assert.equal(await pow.redeem(proof), false);
    });
  }

  it('rejects a proof of a challenge signed with a different key of the same length', async () => {
    const other = Buffer.from(KEY.toString().replace(/!$/, '?'));
    assert.equal(other.length, KEY.length);
    const theirs = new ProofOfWork({ secretKey: other, clock: t.clock, maxNumber: 1000, used: stores[0]![1]() });
    const ours = new ProofOfWork({ secretKey: KEY, clock: t.clock, maxNumber: 1000, used: stores[0]![1]() });
    assert.equal(await ours.redeem(await solved(await theirs.challenge())), false);
  });

  it('accepts a proof of a challenge handed out before SECRET_KEY was rotated, with the old key among the previous ones', async () => {
    const before = new ProofOfWork({ secretKey: KEY, clock: t.clock, maxNumber: 1000, used: stores[0]![1]() });
    const proof = await solved(await before.challenge());
    const newKey = Buffer.from('the rotated secret key, 32 bytes or more');
    const rotated = new ProofOfWork({ secretKey: newKey, previousKeys: [KEY], clock: t.clock, maxNumber: 1000, used: stores[0]![1]() });
    assert.equal(await rotated.redeem(proof), true);
  });

  it('rejects a proof once its challenge is five minutes old, on the injected clock', async () => {
    const pow = new ProofOfWork({ secretKey: KEY, clock: t.clock, maxNumber: 1000, used: stores[0]![1]() });
    const proof = await solved(await pow.challenge());
    t.clock.advanceSeconds(300);
    assert.equal(await pow.redeem(proof), false);
  });

  it('rejects a wrong number, a changed expiry and payloads that are not one, without throwing', async () => {
    const pow = new ProofOfWork({ secretKey: KEY, clock: t.clock, maxNumber: 1000, used: stores[0]![1]() });
    const payload = JSON.parse(Buffer.from(await solved(await pow.challenge()), 'base64').toString());
    const pack = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
    const later = payload.salt.replace(/expires=(\d+)/, (_: string, s: string) => `expires=${Number(s) + 3600}`);
    for (const bad of [
      pack({ ...payload, number: (payload.number + 1) % 1000 }),
      pack({ ...payload, salt: later }),
      pack({ ...payload, algorithm: 'SHA-1' }),
      pack({ ...payload, number: -1 }),
      pack({ ...payload, number: '1' }),
      pack(null),
      '',
      '!!!',
    ]) {
      assert.equal(await pow.redeem(bad), false, bad);
    }
    assert.equal(await pow.redeem(pack(payload)), true, 'the real one still counts: the refusals used nothing');
  });
});
