import { generateKeyPair, randomBytes, type JsonWebKey } from 'node:crypto';
import { promisify } from 'node:util';
import type { Clock } from '../lib/clock.ts';
import { countSealed, type SealedCount, type Sealer } from '../lib/sealed.ts';
import type { SigningKeyRow, SigningKeyStore } from './oidc-store.ts';

export type PrivateJwk = JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };

export interface KeySummary {
  readonly kid: string;
  readonly generation: number;
  readonly createdAt: string;
  /** The newest key signs; the others are still published so tokens they signed verify. */
  readonly signing: boolean;
}

/**
 * The keys ID tokens are signed with. Generated at the first OpenID Connect request and kept in the database
 * (sealed with SECRET_KEY), so every instance signs with the same key and a restart does
 * not make the tokens already handed out unverifiable. RS256: what OpenID Connect requires
 * every client to accept.
 */
export class SigningKeys {
  constructor(private readonly deps: { store: SigningKeyStore; sealer: Sealer; clock: Clock }) {}

  /** The key set to sign with and publish, newest first; creates the first key if there is none. */
  async load(): Promise<PrivateJwk[]> {
    let rows = await this.deps.store.list();
    if (rows.length === 0) {
      // Two instances starting at once both try; the generation is unique, so one key wins.
      await this.#add(1);
      rows = await this.deps.store.list();
    }
    const keys = rows.map((row) => this.deps.sealer.open(row.sealedJwk) as PrivateJwk | undefined);
    if (keys.some((key) => key === undefined)) {
      throw new Error(
        'The OpenID Connect signing keys cannot be opened: neither SECRET_KEY nor SECRET_KEYS_PREVIOUS is the key they were sealed with',
      );
    }
    return keys as PrivateJwk[];
  }

  /**
   * A new key signs on every instance within KEY_CHECK_MS (oidc.ts); the previous one stays published
   * for tokens it signed, and older ones are removed (their tokens have long expired).
   */
  async rotate(): Promise<{ added: KeySummary; removed: number }> {
    const rows = await this.deps.store.list();
    const generation = (rows[0]?.generation ?? 0) + 1;
    const kid = await this.#add(generation);
    if (!kid) throw new Error('Another rotation ran at the same moment; list the keys and try again if needed');
    const removed = await this.deps.store.removeOlderThan(generation - 1);
    return { added: { kid, generation, createdAt: new Date(this.deps.clock.now()).toISOString(), signing: true }, removed };
  }

  /** The keys by the secret key that sealed them; with `reseal`, those of a previous key are re-sealed under SECRET_KEY. */
  async sealedCounts(options: { reseal?: boolean } = {}): Promise<SealedCount> {
    const write = options.reseal ? (row: SigningKeyRow, sealed: string) => this.deps.store.reseal(row.kid, sealed) : undefined;
    return countSealed(this.deps.sealer, await this.deps.store.list(), (row) => row.sealedJwk, write);
  }

  async list(): Promise<KeySummary[]> {
    const rows = await this.deps.store.list();
    return rows.map((row, index) => ({
      kid: row.kid,
      generation: row.generation,
      createdAt: new Date(row.createdAt).toISOString(),
      signing: index === 0,
    }));
  }

  async #add(generation: number): Promise<string | undefined> {
    // On libuv's thread pool: a 2048-bit RSA key takes 50–350 ms here, too long to hold the event loop.
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const kid = randomBytes(12).toString('base64url');
    const jwk: PrivateJwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
    const added = await this.deps.store.insertIfNew({
      kid,
      generation,
      sealedJwk: this.deps.sealer.seal(jwk),
      createdAt: this.deps.clock.now(),
    });
    return added ? kid : undefined;
  }
}
