import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Values encrypted and authenticated (AES-256-GCM) with a key derived from SECRET_KEY and a
 * purpose. Pages keep journey state in a cookie this way, so the browser holds it but can
 * neither read nor change it (a shared computer's cookie jar shows no email or number); the
 * OpenID Connect provider keeps its private signing keys and client secrets this way, so a
 * copy of the database alone yields neither.
 */
export class Sealer {
  readonly #key: Buffer;

  constructor(secretKey: Buffer, purpose: string) {
    this.#key = createHmac('sha256', secretKey).update(`sealed-cookie:${purpose}`).digest();
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** undefined for anything not sealed by this key and purpose, or changed since. */
  open(sealed: string | undefined): unknown {
    if (!sealed) return undefined;
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < 29) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
}
