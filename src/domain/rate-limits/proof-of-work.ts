import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from 'altcha-lib/v1/types';
import type { Clock } from '../../lib/clock.ts';
import { hmac } from '../../lib/secrets.ts';
import type { InTransaction } from '../unit-of-work.ts';
import type { ThrottleFactory } from './throttle.ts';

/** An ALTCHA challenge (v1: find the number behind a SHA-256), as the widget takes it. */
export type PowChallenge = Challenge;

/** A challenge is good for this long: enough to solve it and send the form, too short to stockpile. */
export const POW_TTL_SECONDS = 300;

/** Remembers proofs spent, so each counts once. */
export interface UsedProofs {
  /** True for the first claim of `signature`; false once claimed. Kept at least until `expiresAt`. */
  claim(signature: string, expiresAt: number): Promise<boolean>;
}

const USED_BUCKET = 'pow:used';

/**
 * Spent proofs in the limit log (SQLite or PostgreSQL): shared by every instance, and atomic,
 * since the key is held while it is checked and recorded. Housekeeping prunes the rows long
 * after the proof expired.
 */
export const usedProofsInLimitLog = (transaction: InTransaction, clock: Clock, bucket = USED_BUCKET): UsedProofs => ({
  claim: (signature) =>
    transaction(async (stores) => {
      // Claimed when no earlier claim is logged (the first newest since the epoch), in one step.
      return (await stores.limits.holdNthNewest({ bucket, key: signature }, 0, 1, clock.now())) === undefined;
    }),
});

/** Spent proofs on a throttle of one point (Redis when configured): the second claim is refused. */
export const usedProofsOnThrottle = (make: ThrottleFactory, name = 'pow-used', durationSeconds = POW_TTL_SECONDS): UsedProofs => {
  const once = make({ name, points: 1, durationSeconds });
  return { claim: async (signature) => !(await once.consume(signature)).limited };
};

/**
 * Proofs of work (ALTCHA) that let a client past its free allowance of code requests: a
 * school or library puts hundreds of people behind one address, and a proof costs each of
 * them a second of their browser's time while it costs a flood a great deal. A proof is
 * signed with a key derived from SECRET_KEY, expires after POW_TTL_SECONDS and counts once.
 */
export class ProofOfWork {
  readonly #hmacKey: string;
  /** Challenges handed out under the keys SECRET_KEY replaced still verify until they expire. */
  readonly #previousHmacKeys: readonly string[];

  constructor(
    private readonly deps: { secretKey: Buffer; previousKeys?: readonly Buffer[]; clock: Clock; maxNumber: number; used: UsedProofs },
  ) {
    this.#hmacKey = hmac(deps.secretKey, 'altcha', 'challenge signature');
    this.#previousHmacKeys = (deps.previousKeys ?? []).map((key) => hmac(key, 'altcha', 'challenge signature'));
  }

  async challenge(): Promise<PowChallenge> {
    const expires = new Date(this.deps.clock.now() + POW_TTL_SECONDS * 1000);
    return createChallenge({ algorithm: 'SHA-256', hmacKey: this.#hmacKey, maxNumber: this.deps.maxNumber, expires });
  }

  /** True when `payload` (the widget's base64 JSON) solves a challenge of ours that has not expired nor been used; it is used from now on. */
  async redeem(payload: string): Promise<boolean> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    } catch {
      return false;
    }
    if (!isPayload(parsed) || parsed.algorithm !== 'SHA-256' || parsed.number > this.deps.maxNumber) return false;
    // Expiry is checked on the injected clock; the signature covers the salt that carries it.
    const expiresAt = Number(extractParams(parsed).expires) * 1000;
    if (!Number.isFinite(expiresAt) || expiresAt <= this.deps.clock.now()) return false;
    let verified = false;
    for (const key of [this.#hmacKey, ...this.#previousHmacKeys]) verified ||= await verifySolution(parsed, key, false);
    if (!verified) return false;
    return this.deps.used.claim(parsed.signature, expiresAt);
  }
}

interface Payload {
  readonly algorithm: 'SHA-256';
  readonly challenge: string;
  readonly number: number;
  readonly salt: string;
  readonly signature: string;
}

const isPayload = (value: unknown): value is Payload => {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p.algorithm === 'string' &&
    typeof p.challenge === 'string' &&
    typeof p.salt === 'string' &&
    typeof p.signature === 'string' &&
    typeof p.number === 'number' &&
    Number.isSafeInteger(p.number) &&
    p.number >= 0
  );
};
