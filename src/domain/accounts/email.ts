import { err, ok, type Result } from '../../lib/result.ts';
import { hasInvisibleCharacters, isLookAlikeLabel } from './look-alikes.ts';
import { hasControlCharacters } from './text-input.ts';

export type EmailError = 'email_invalid' | 'email_confusable';

// Deliberately plain: one @, no spaces, a dotted domain. Deliverability is proven by use,
// not by a regular expression; this only keeps out what cannot be an address.
const shape = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;

/**
 * The single normal form of an email: NFKC, trimmed, lower-cased. Every lookup, limit and
 * uniqueness check uses this form, so `Anna@Example.se`, `ａｎｎａ@example.se` (fullwidth) and
 * `anna@example.se` are one account. An address that could pass for another is refused
 * (`email_confusable`): one with invisible characters, or a local part or domain label that
 * mixes scripts (see look-alikes.ts). Sign-in paths use this too, so they find the same account.
 */
export function normalizeEmail(raw: string): Result<string, EmailError> {
  if (hasControlCharacters(raw)) return err('email_invalid');
  // Before trimming, which would quietly drop a BOM (U+FEFF) at either end.
  if (hasInvisibleCharacters(raw)) return err('email_confusable');
  // NFKC again after lower-casing: a few compatibility letters lower-case to decomposed text.
  const email = raw.normalize('NFKC').trim().toLowerCase().normalize('NFKC');
  if (email.length > 254 || !shape.test(email)) return err('email_invalid');
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  if (local.length > 64) return err('email_invalid');
  if ([local, ...email.slice(at + 1).split('.')].some(isLookAlikeLabel)) return err('email_confusable');
  return ok(email);
}
