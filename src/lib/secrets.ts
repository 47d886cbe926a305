import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

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
