import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** SECRET_KEY and the keys it replaced, newest first (the configuration carries both). */
export interface SecretKeys {
  readonly secretKey: Buffer;
  readonly previousSecretKeys: readonly Buffer[];
}

/** Keyed hash of a short secret (a code, an email) so a database leak does not reveal it. */
export const hmac = (key: Buffer, purpose: string, value: string): string =>
  createHmac('sha256', key).update(purpose).update('\0').update(value).digest('base64url');

/** Plain hash for high-entropy secrets (session tokens), where a key adds nothing. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

/** Equality that takes the same time wherever the strings first differ. */
export const constantTimeEqual = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // Compare against itself when lengths differ so the work done does not depend on the input.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
};

/**
 * A short public name for a secret key (it reveals nothing of the key): sealed values carry
 * it, and the operator sees it, to tell which key sealed what.
 */
export const keyId = (key: Buffer): string => createHmac('sha256', key).update('engangskod key id').digest('base64url').slice(0, 8);

/**
 * Whether `digest` is the HMAC of `value` under any of `keys` (the current secret key and the
 * previous ones), so what an older key signed keeps working after a rotation. Every key is
 * compared, so the time taken does not tell which matched.
 */
export const hmacMatchesAny = (keys: readonly Buffer[], purpose: string, value: string, digest: string): boolean => {
  let matched = false;
  for (const key of keys) matched = constantTimeEqual(digest, hmac(key, purpose, value)) || matched;
  return matched;
};
