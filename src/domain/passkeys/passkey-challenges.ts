import type { Clock } from '../../lib/clock.ts';
import type { Random } from '../../lib/random.ts';
import { hmac, hmacMatchesAny } from '../../lib/secrets.ts';
import type { UsedProofs } from '../rate-limits/proof-of-work.ts';

/** Long enough to find the phone or touch the key, too short to keep a challenge for later. */
export const PASSKEY_CHALLENGE_SECONDS = 300;

/**
 * WebAuthn challenges, signed rather than stored: `<nonce>.<expiry>.<mac>`, the MAC over the
 * flow the challenge was made for (a registration by one session, a sign-in on one browser or
 * through the API), so handing out options writes nothing, and a challenge made for one flow
 * is refused by every other. Each is claimed at its first use (UsedProofs: the limit log or
 * Redis, shared by every instance), so an assertion replayed with it is refused.
 */
export class PasskeyChallenges {
  constructor(private readonly deps: { secretKey: Buffer; previousKeys?: readonly Buffer[]; clock: Clock; random: Random; used: UsedProofs }) {}

  issue(flow: string): string {
    const nonce = this.deps.random.token(16);
    const expiry = (this.deps.clock.now() + PASSKEY_CHALLENGE_SECONDS * 1000).toString(36);
    return `${nonce}.${expiry}.${this.#mac(flow, nonce, expiry)}`;
  }

  /** True once for a challenge this service made for `flow` that has not expired; false for anything else. */
  async redeem(challenge: string, flow: string): Promise<boolean> {
    const [nonce, expiry, mac, ...rest] = challenge.split('.');
    if (nonce === undefined || expiry === undefined || mac === undefined || rest.length > 0) return false;
    // A challenge handed out just before a SECRET_KEY rotation still verifies under the previous key.
    if (!hmacMatchesAny([this.deps.secretKey, ...(this.deps.previousKeys ?? [])], 'passkey-challenge', `${flow}\0${nonce}\0${expiry}`, mac)) return false;
    const expiresAt = parseInt(expiry, 36);
    if (!(this.deps.clock.now() < expiresAt)) return false;
    return this.deps.used.claim(mac, expiresAt);
  }

  #mac(flow: string, nonce: string, expiry: string): string {
    return hmac(this.deps.secretKey, 'passkey-challenge', `${flow}\0${nonce}\0${expiry}`);
  }
}
