import { err, ok, type Result } from '../../lib/result.ts';
import { hasControlCharacters } from './text-input.ts';

export type EmailError = 'email_invalid';

// Deliberately plain: one @, no spaces, a dotted domain. Deliverability is proven by use,
// not by a regular expression; this only keeps out what cannot be an address.
const shape = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;

/**
 * The single normal form of an email: NFC, trimmed, lower-cased. Every lookup, limit and
 * uniqueness check uses this form, so `Anna@Example.se` and `anna@example.se` are one account.
 */
export function normalizeEmail(raw: string): Result<string, EmailError> {
  if (hasControlCharacters(raw)) return err('email_invalid');
  const email = raw.normalize('NFC').trim().toLowerCase();
  if (email.length > 254 || !shape.test(email)) return err('email_invalid');
  const local = email.slice(0, email.lastIndexOf('@'));
  if (local.length > 64) return err('email_invalid');
  return ok(email);
}
