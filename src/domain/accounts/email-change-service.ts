import type { Clock } from '../../lib/clock.ts';
import type { Locale } from '../../i18n/locale.ts';
import { newId } from '../../lib/ids.ts';
import type { Random } from '../../lib/random.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { hmac } from '../../lib/secrets.ts';
import type { ActivityLog, RequestContext } from '../activity/activity-log.ts';
import type { CodeDelivery } from '../code-delivery/code-delivery.ts';
import type { AbuseThrottles } from '../rate-limits/abuse-throttles.ts';
import { ipKey } from '../rate-limits/ip-key.ts';
import { checkRollingLimit, DAY_MS, recordRollingLimit, type RollingLimit } from '../rate-limits/rolling-limit.ts';
import { RECENT_SIGN_IN_SECONDS } from '../sessions/session-service.ts';
import type { Session } from '../sessions/session-store.ts';
import type { OneTimeCodes } from '../sign-in/one-time-codes.ts';
import type { DomainStores, InTransaction } from '../unit-of-work.ts';
import { accountView, type AccountView } from './account-service.ts';
import type { Account, AccountStore } from './account-store.ts';
import { normalizeEmail, type EmailError } from './email.ts';
import { codeToLetters, lettersToCode } from './link-code.ts';

/** How long the old address's link undoes a change, and the old address stays the account's. */
export const UNDO_DAYS = 7;
const UNDO_MS = UNDO_DAYS * DAY_MS;
// 40 random digits spelled in letters: some 133 bits, and no run of digits in the mail.
const UNDO_TOKEN_DIGITS = 40;

export type EmailChangeRequestError = EmailError | 'email_unchanged' | 'reauthentication_required' | 'rate_limited' | 'unauthenticated';
/** `email_taken`: another account proved the address after the code was sent (told only to whoever holds the code). */
export type EmailChangeVerifyError = 'verification_code_invalid' | 'email_taken' | 'unauthenticated';
/** One answer for an unknown, used, voided and expired link. */
export type EmailChangeUndoError = 'link_invalid';

/**
 * "Byt e-postadress": a code to the new address proves it before the account takes it, with
 * the rules of every one-time code (single use, newest wins, expiry, guess caps). The request
 * answers alike whether or not the new address is free: a taken one gets a mail saying someone
 * tried, instead of a code. Once changed, the old address gets a link that undoes the change
 * for UNDO_DAYS days, and stays reserved for the account meanwhile, so whoever took over a
 * session cannot also take the address the holder would recover the account with.
 */
export class EmailChangeService {
  readonly #failures: RollingLimit;

  constructor(
    private readonly deps: {
      accounts: AccountStore;
      transaction: InTransaction;
      delivery: CodeDelivery;
      oneTimeCodes: OneTimeCodes;
      activity: ActivityLog;
      throttles: AbuseThrottles;
      clock: Clock;
      random: Random;
      secretKey: Buffer;
      /** OTP_ACCOUNT_FAILURE_LIMIT: wrong codes per account in a rolling day, as for sign-in codes. */
      accountFailureLimit: number;
      /** Ends what websites (OpenID Connect) hold for the account: grants, sessions, refresh tokens. */
      endWebsiteSessions: (accountId: string) => Promise<void>;
    },
  ) {
    this.#failures = { bucket: 'change_email:failure', limit: deps.accountFailureLimit, windowMs: DAY_MS };
  }

  /** Mails a code to the new address, or, if another account holds or keeps it, a mail saying someone tried. */
  async request(session: Session, rawEmail: string, locale: Locale, context: RequestContext = {}): Promise<Result<void, EmailChangeRequestError>> {
    if (!this.#recent(session)) return err('reauthentication_required');
    const email = normalizeEmail(rawEmail);
    if (!email.ok) return email;
    const account = await this.deps.accounts.findById(session.accountId);
    if (!account) return err('unauthenticated');
    if (email.value === account.email) return err('email_unchanged');
    // Mails cost nothing but a mailbox's peace: a client asking for many is held as for codes.
    const admitted = await this.deps.delivery.admit(context.clientIp);
    if (!admitted.ok) return err('rate_limited', admitted.retryAfterSeconds);
    const sending = this.deps.delivery.begin();
    await this.deps.transaction(async (stores) => {
      const now = this.deps.clock.now();
      const subject = { accountId: account.id, purpose: 'change_email' } as const;
      // A new request replaces the older: its code stops working even if this one's mail is withheld.
      await stores.codes.invalidateSubject(subject, now);
      await stores.emailChanges.endPending(account.id, now);
      // The new address is not yet shown to be the requester's: its mails use the strangers' share.
      const taken = await this.#taken(stores, email.value, account.id);
      if (taken) {
        // A disabled account keeps its address and is told nothing, as at sign-up.
        if (taken === 'in_use') await sending.mail(stores, { kind: 'email_change_attempt', to: email.value, locale }, { sender: 'stranger' });
        return;
      }
      const issued = await sending.mailCode(stores, subject, email.value, locale, 'change_email', { sender: 'stranger' });
      if (issued) await stores.emailChanges.insertPending({ id: newId(), accountId: account.id, oldEmail: account.email, newEmail: email.value, requestedAt: now });
    });
    await sending.settle();
    return ok(undefined);
  }

  /**
   * The code from the new address makes the change: the address is proven, every other session
   * ends (the address is how the account is recovered), the numbers get a text and the old
   * address a mail with the undo link.
   */
  async verify(session: Session, rawCode: string, locale: Locale, context: RequestContext = {}): Promise<Result<AccountView, EmailChangeVerifyError>> {
    const { oneTimeCodes, clock } = this.deps;
    const code = lettersToCode(rawCode) ?? rawCode;
    if (context.clientIp !== undefined && (await this.deps.throttles.redeemsPerIp.consume(ipKey(context.clientIp))).limited) {
      oneTimeCodes.spendComparison(code);
      return err('verification_code_invalid');
    }
    const accountId = session.accountId;
    const subject = { accountId, purpose: 'change_email' } as const;
    const sending = this.deps.delivery.begin();
    const outcome = await this.deps.transaction(async (stores): Promise<Result<Account, EmailChangeVerifyError>> => {
      const now = clock.now();
      const failuresKey = hmac(this.deps.secretKey, 'limit:change-email', accountId);
      const paused = await checkRollingLimit(stores.limits, this.#failures, failuresKey, now);
      const pending = await stores.emailChanges.findPending(accountId, now - oneTimeCodes.settings.ttlSeconds * 1000);
      const account = await stores.accounts.findById(accountId);
      if (!account) return err('unauthenticated');
      if (!pending || paused.limited) {
        await stores.codes.findUsable(subject, now, oneTimeCodes.settings.maxAttempts);
        oneTimeCodes.spendComparison(code);
        return err('verification_code_invalid');
      }
      const result = await oneTimeCodes.redeem(stores.codes, subject, code);
      if (result === 'wrong') await recordRollingLimit(stores.limits, this.#failures, failuresKey, now);
      if (result !== 'redeemed') return err('verification_code_invalid');
      if (await this.#taken(stores, pending.newEmail, accountId)) return err('email_taken');
      // An account that never proved the address cannot keep it from the one who just did.
      await stores.accounts.deleteUnverifiedByEmail(pending.newEmail);
      if ((await stores.accounts.changeEmail(accountId, pending.newEmail, now)) === 'email_taken') return err('email_taken');
      const token = codeToLetters(this.deps.random.digits(UNDO_TOKEN_DIGITS));
      await stores.emailChanges.markChanged(pending.id, now, this.#tokenHmac(token), now + UNDO_MS);
      await stores.sessions.revokeForAccount(accountId, now, session.id);
      await this.deps.activity.record(stores.activity, accountId, 'email_changed', context);
      await sending.securityNotice(stores, account, { kind: 'email_changed', undoToken: token, undoDays: UNDO_DAYS }, locale, { mailTo: account.email });
      return ok({ ...account, email: pending.newEmail, emailVerifiedAt: now });
    });
    if (!outcome.ok) return outcome;
    await sending.settle();
    await this.deps.endWebsiteSessions(accountId);
    return ok(accountView(outcome.value));
  }

  /** Whether an undo link still works (the page asks before it does anything: mail scanners open links). */
  async canUndo(token: string): Promise<boolean> {
    return (await this.deps.transaction((stores) => stores.emailChanges.findUndoable(this.#tokenHmac(token), this.deps.clock.now()))) !== undefined;
  }

  /**
   * The old address's link: the account gets the old address back, every session of it ends,
   * and so do any later changes and their links, whoever made them. Single use.
   */
  async undo(token: string, context: RequestContext = {}): Promise<Result<{ readonly email: string }, EmailChangeUndoError>> {
    const outcome = await this.deps.transaction(async (stores) => {
      const now = this.deps.clock.now();
      const change = await stores.emailChanges.claimUndo(this.#tokenHmac(token), now);
      if (!change?.changedAt) return undefined;
      // The old address was kept for the account, so no one else can hold it; a race rolls back.
      if ((await stores.accounts.changeEmail(change.accountId, change.oldEmail, now)) === 'email_taken') throw new Error('an address reserved for its undo was taken');
      await stores.emailChanges.endChangesAfter(change.accountId, change.changedAt, now);
      await stores.emailChanges.endPending(change.accountId, now);
      await stores.codes.invalidateSubject({ accountId: change.accountId, purpose: 'change_email' }, now);
      await stores.sessions.revokeForAccount(change.accountId, now);
      await this.deps.activity.record(stores.activity, change.accountId, 'email_change_undone', context);
      return change;
    });
    if (!outcome) return err('link_invalid');
    await this.deps.endWebsiteSessions(outcome.accountId);
    return ok({ email: outcome.oldEmail });
  }

  /** Held by another account (an unproven one does not count: whoever proves the address gets it), or kept for another's undo. */
  /** Whether another account holds the address (in use, or disabled by an operator), or keeps it for an undo. */
  async #taken(stores: DomainStores, email: string, accountId: string): Promise<'in_use' | 'disabled' | false> {
    const holder = await stores.accounts.findAnyByEmail(email);
    if (holder && holder.id !== accountId && holder.disabledAt != null) return 'disabled';
    if (holder && holder.id !== accountId && holder.emailVerifiedAt !== null) return 'in_use';
    const reservedBy = await stores.emailChanges.reservedBy(email, this.deps.clock.now());
    return reservedBy !== undefined && reservedBy !== accountId ? 'in_use' : false;
  }

  #recent(session: Session): boolean {
    return this.deps.clock.now() - session.createdAt < RECENT_SIGN_IN_SECONDS * 1000;
  }

  #tokenHmac(token: string): string {
    return hmac(this.deps.secretKey, 'email-undo', token.toLowerCase());
  }
}
