import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { keyId } from './secrets.ts';

/**
 * Values encrypted and authenticated (AES-256-GCM) with a key derived from SECRET_KEY and a
 * purpose. Pages keep journey state in a cookie this way, so the browser holds it but can
 * neither read nor change it (a shared computer's cookie jar shows no email or number); the
 * OpenID Connect provider keeps its private signing keys and client secrets this way, so a
 * copy of the database alone yields neither.
 *
 * A sealed value starts with the id of the secret key that sealed it (`<key id>.<sealed>`), so
 * after a rotation the previous keys (SECRET_KEYS_PREVIOUS) still open what they sealed and
 * `engangskod secrets rotate` can tell what to re-seal. Values from before key ids carry none:
 * every key is tried on them.
 */
export class Sealer {
  readonly #keys: ReadonlyArray<{ readonly id: string; readonly key: Buffer }>;

  constructor(secretKey: Buffer, purpose: string, previousKeys: readonly Buffer[] = []) {
    this.#keys = [secretKey, ...previousKeys].map((key) => ({
      id: keyId(key),
      key: createHmac('sha256', key).update(`sealed-cookie:${purpose}`).digest(),
    }));
  }

  seal(value: unknown): string {
    const current = this.#keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `${current.id}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** undefined for anything not sealed by one of the keys for this purpose, or changed since. */
  open(sealed: string | undefined): unknown {
    return this.#find(sealed)?.value;
  }

  /** Whether `sealed` opens, and with the current key or a previous one. */
  sealedWith(sealed: string | undefined): 'current' | 'previous' | undefined {
    const found = this.#find(sealed);
    if (!found) return undefined;
    return found.index === 0 ? 'current' : 'previous';
  }

  #find(sealed: string | undefined): { value: unknown; index: number } | undefined {
    if (!sealed) return undefined;
    const dot = sealed.indexOf('.');
    const candidates = dot === -1 ? this.#keys : this.#keys.filter((k) => k.id === sealed.slice(0, dot));
    const raw = Buffer.from(dot === -1 ? sealed : sealed.slice(dot + 1), 'base64url');
    if (raw.length < 29) return undefined;
    for (const candidate of candidates) {
      const value = openWith(candidate.key, raw);
      if (value !== undefined) return { value: value.parsed, index: this.#keys.indexOf(candidate) };
    }
    return undefined;
  }
}

/** Stored values of one kind by the key that sealed them (`engangskod secrets status|rotate`). */
export interface SealedCount {
  /** Sealed under SECRET_KEY. */
  readonly current: number;
  /** Sealed under a previous key (after a rotation: re-sealed under SECRET_KEY). */
  readonly previous: number;
  /** Opened by none of the keys: sealed under a key no longer configured. */
  readonly unreadable: number;
}

/**
 * Counts stored values by the key that sealed them and, given `write`, re-seals under the
 * current key those a previous key sealed. Values no key opens are counted, never touched:
 * they are for the operator to look at.
 */
export async function countSealed<R>(
  sealer: Sealer,
  rows: readonly R[],
  sealedOf: (row: R) => string,
  write?: (row: R, sealed: string) => Promise<void>,
): Promise<SealedCount> {
  const count = { current: 0, previous: 0, unreadable: 0 };
  for (const row of rows) {
    const state = sealer.sealedWith(sealedOf(row));
    if (state === undefined) count.unreadable += 1;
    else count[state] += 1;
    if (state === 'previous' && write) await write(row, sealer.seal(sealer.open(sealedOf(row))));
  }
  return count;
}

function openWith(key: Buffer, raw: Buffer): { parsed: unknown } | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return { parsed: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
