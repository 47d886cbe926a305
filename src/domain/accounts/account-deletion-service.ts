import type { Locale } from '../../i18n/locale.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { hmac } from '../../lib/secrets.ts';
import type { CodeDelivery } from '../code-delivery/code-delivery.ts';
import type { Session } from '../sessions/session-store.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { InTransaction } from '../unit-of-work.ts';
import { isProven, type AccountStore } from './account-store.ts';
import { normalizeEmail } from './email.ts';

export type AccountDeletionError = 'reauthentication_required' | 'email_mismatch' | 'unauthenticated';

/** The outbox purpose of the farewell text and mail; housekeeping erases them once settled. */
export const FAREWELL_PURPOSE = 'account_deleted';

/**
 * "Ta bort kontot" (GDPR art. 17): the account and everything kept about the person go in one
 * transaction: numbers, codes, sessions, browsers, activity, the limit rows keyed by the
 * account, its email or its browsers, texts and mails to it, and what websites were given
 * (grants, consents, tokens, the provider's sessions). A last notice goes to the proven
 * address and the verified numbers; once settled, housekeeping blanks its recipient and body.
 * The address is free to sign up again at once.
 */
export class AccountDeletionService {
  constructor(
    private readonly deps: {
      accounts: AccountStore;
      sessions: SessionService;
      transaction: InTransaction;
      delivery: CodeDelivery;
      secretKey: Buffer;
    },
  ) {}

  /** The holder: a sign-in within the last ten minutes, and the account's email typed to confirm. */
  async deleteOwn(session: Session, typedEmail: string, locale: Locale): Promise<Result<void, AccountDeletionError>> {
    if (!this.deps.sessions.requireRecentSignIn(session).ok) return err('reauthentication_required');
    const account = await this.deps.accounts.findById(session.accountId);
    if (!account) return err('unauthenticated');
    const typed = normalizeEmail(typedEmail);
    if (!typed.ok || typed.value !== account.email) return err('email_mismatch');
    await this.delete(account.id, locale);
    return ok(undefined);
  }

  /** Deletes the account (the operator's `engangskod users delete`); false when there is none. */
  async delete(accountId: string, locale: Locale): Promise<boolean> {
    const account = await this.deps.accounts.findById(accountId);
    if (!account) return false;
    const sending = this.deps.delivery.begin();
    const deleted = await this.deps.transaction(async (stores) => {
      const phones = await stores.phones.listByAccount(account.id);
      // The farewell first: its mail records a limit row under the address, which the erasure then takes too.
      for (const phone of phones) {
        if (phone.verifiedAt !== null) await sending.notice(stores, { to: phone.e164, region: phone.region, locale, kind: 'account_deleted' });
      }
      if (isProven(account)) await sending.mail(stores, { kind: 'account_deleted', to: account.email, locale }, { sender: 'holder' });
      const numbers = [...new Set(phones.map((p) => p.e164))];
      const shared = new Set(await stores.erasure.sharedNumbers(account.id, numbers));
      const scopes = ['other', ...(await stores.erasure.deviceKeys(account.id))];
      const removed = await stores.erasure.erase({
        accountId: account.id,
        email: account.email,
        // Another account's texts to a number it shares are that account's to keep.
        numbers: numbers.filter((n) => !shared.has(n)),
        ...this.#limitKeys(account.id, account.email, numbers, scopes),
        keepPurpose: FAREWELL_PURPOSE,
      });
      return removed > 0;
    });
    await sending.settle();
    return deleted;
  }

  /**
   * The limit-log keys that name the person, as each service derives them (HMACs of the
   * account id, the email or the email and a number, scoped by browser: `other` or a known
   * browser's key). Keys of numbers alone stay until pruned: they guard the SMS bill, and a
   * deletion must not reset a number's day (docs/SECURITY.md).
   */
  #limitKeys(accountId: string, email: string, numbers: readonly string[], scopes: readonly string[]) {
    const key = (purpose: string, value: string) => hmac(this.deps.secretKey, purpose, value);
    const pairs = numbers.map((e164) => key('limit:pair', `${email}\n${e164}`));
    const limitKeys = [
      key('limit:mail-address', email),
      key('limit:verify', accountId),
      key('limit:verify-failure', accountId),
      key('limit:verify-email', accountId),
      ...scopes.flatMap((scope) => [
        key('limit:password-email', `${email}\n${scope}`),
        key('limit:reset-password', `${accountId}:${scope}`),
        key('limit:allowance', `${accountId}:${scope}`),
        key('limit:account', `${accountId}:${scope}`),
      ]),
    ];
    // A pair's cooldowns are keyed by the pair and the asking browser or client.
    return { limitKeys, limitKeyPrefixes: pairs.map((pair) => `${pair}:`) };
  }
}
