import type { Clock } from '../../lib/clock.ts';
import type { Locale } from '../../i18n/locale.ts';
import { newId } from '../../lib/ids.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { hmac } from '../../lib/secrets.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import { normalizeEmail, type EmailError } from '../accounts/email.ts';
import type { PasswordHasher } from '../accounts/password-hasher.ts';
import { checkPassword, type PasswordError } from '../accounts/password-policy.ts';
import { lastDigits, type ActivityLog, type RequestContext } from '../activity/activity-log.ts';
import type { AdmitError, CodeDelivery } from '../code-delivery/code-delivery.ts';
import type { AbuseThrottles } from '../rate-limits/abuse-throttles.ts';
import { ipKey } from '../rate-limits/ip-key.ts';
import { checkRollingLimit, DAY_MS, recordRollingLimit, type RollingLimit } from '../rate-limits/rolling-limit.ts';
import { parseMobileNumber, type PhoneNumberError } from '../security-info/phone-number.ts';
import type { KnownDeviceStore, KnownDevices } from '../sessions/known-devices.ts';
import type { InTransaction } from '../unit-of-work.ts';
import type { OneTimeCodes } from './one-time-codes.ts';

export interface ResetRequest {
  readonly email: string;
  /** Both or neither: with them the code goes by text to that number, if it is a verified one of the account. */
  readonly region?: string;
  readonly number?: string;
  readonly locale: Locale;
  readonly context: RequestContext & { readonly clientIp: string };
  /** A proof of work, needed once the client's free allowance is spent (as for code requests). */
  readonly proof?: string;
}

export type ResetRequestError = EmailError | PhoneNumberError | AdmitError;
/** One answer for every way a code can fail, as for sign-in codes. */
export type ResetCompleteError = PasswordError | 'code_invalid';

/**
 * "Glömt lösenordet?": a code to the proven address, or by text to a verified number the
 * person names (as for sign-in codes, nothing is sent unless email and number match), then a
 * new password. Every outcome of a request answers alike; a reset ends every session of the
 * account, the websites' too, and tells the account's other channels.
 */
export class PasswordResetService {
  readonly #failures: RollingLimit;

  constructor(
    private readonly deps: {
      transaction: InTransaction;
      accounts: AccountStore;
      /** Browsers' standing, read before the transaction (the accounts' store's peer). */
      knownDevices: KnownDeviceStore;
      hasher: PasswordHasher;
      oneTimeCodes: OneTimeCodes;
      delivery: CodeDelivery;
      devices: KnownDevices;
      activity: ActivityLog;
      throttles: AbuseThrottles;
      clock: Clock;
      secretKey: Buffer;
      regions: readonly string[];
      /** OTP_ACCOUNT_FAILURE_LIMIT: wrong reset codes per account and browser standing in a rolling day. */
      accountFailureLimit: number;
      /** Ends what websites (OpenID Connect) hold for the account: grants, sessions, refresh tokens. */
      endWebsiteSessions: (accountId: string) => Promise<void>;
    },
  ) {
    this.#failures = { bucket: 'reset_password:failure', limit: deps.accountFailureLimit, windowMs: DAY_MS };
  }

  async request(input: ResetRequest): Promise<Result<void, ResetRequestError>> {
    const email = normalizeEmail(input.email);
    if (!email.ok) return email;
    const byText = input.region !== undefined || input.number !== undefined;
    const number = byText ? parseMobileNumber(input.region ?? '', input.number ?? '', this.deps.regions) : undefined;
    if (number && !number.ok) return number;
    const admitted = await this.deps.delivery.admit(input.context.clientIp, input.proof);
    if (!admitted.ok) return admitted;

    const { context, locale } = input;
    const sending = this.deps.delivery.begin();
    await this.deps.transaction(async (stores) => {
      // Reads that need no other's answer go out together, as for a code request: one round
      // trip on PostgreSQL. The number, if any, is held by the gate's read from here on.
      const [account, standing, gate] = await Promise.all([
        stores.accounts.findByEmail(email.value),
        this.deps.devices.standingByEmail(stores.knownDevices, email.value, context.deviceId),
        number && sending.gate(stores, number.value),
      ]);
      const sender = standing.known ? 'holder' : 'stranger';
      const subject = { accountId: account?.id ?? newId(), purpose: 'reset_password' } as const;
      if (number && gate) {
        const phone = await stores.phones.findVerified(subject.accountId, number.value.e164);
        if (account && phone) {
          const issued = await sending.code(stores, subject, phone, locale, { sender, gate });
          if (issued) await this.deps.activity.record(stores.activity, account.id, 'password_reset_requested', context, { number: lastDigits(phone.e164) });
        } else {
          await sending.decoy(stores, number.value, locale, gate);
          await this.deps.activity.attempt(stores.activity, account ? account.id : null, 'code_request_unmatched', context);
        }
        return;
      }
      // By mail only to a proven address: an unproven one may be someone else's.
      if (account && account.emailVerifiedAt !== null) {
        const issued = await sending.mailCode(stores, subject, email.value, locale, 'password_reset', { sender });
        if (issued) await this.deps.activity.record(stores.activity, account.id, 'password_reset_requested', context, { channel: 'email' });
      } else {
        await sending.mailDecoy(stores, email.value, locale, 'password_reset');
      }
    }, (committed) => sending.settle(committed));
    return ok(undefined);
  }

  /**
   * Sets the new password with a code from `request`. The password is checked first (its
   * errors say nothing about accounts); then the code is used, and only then hashed, so a
   * wrong code costs no argon2 work.
   */
  async complete(input: { readonly email: string; readonly code: string; readonly password: string; readonly locale: Locale; readonly context?: RequestContext }): Promise<Result<void, ResetCompleteError>> {
    const { oneTimeCodes, clock } = this.deps;
    const context = input.context ?? {};
    const email = normalizeEmail(input.email);
    const password = checkPassword(input.password, email.ok ? email.value : input.email);
    if (!password.ok) return password;
    if (context.clientIp !== undefined && (await this.deps.throttles.redeemsPerIp.consume(ipKey(context.clientIp))).limited) {
      oneTimeCodes.spendComparison(input.code);
      return err('code_invalid');
    }
    // Wrong codes from browsers the holder never signed in on pause only those browsers.
    const [account, standing] = await this.deps.devices.accountAndStanding(this.deps.accounts, this.deps.knownDevices, email.ok ? email.value : undefined, context.deviceId);
    const accountId = account?.id ?? newId();
    const failuresKey = hmac(this.deps.secretKey, 'limit:reset-password', `${accountId}:${standing.scope}`);
    const used = await this.deps.transaction(async (stores) => {
      // The code is read in the hold's round trip, sent after the hold, so under it.
      const [paused, found] = await Promise.all([
        checkRollingLimit(stores.limits, this.#failures, failuresKey, clock.now()),
        oneTimeCodes.findUsable(stores.codes, { accountId, purpose: 'reset_password' }),
      ]);
      if (!account || paused.limited) {
        oneTimeCodes.spendComparison(input.code);
        return undefined;
      }
      const { outcome, phoneId } = await oneTimeCodes.redeemFound(stores.codes, found, input.code);
      if (outcome === 'redeemed') return { phoneId };
      if (outcome === 'wrong') await recordRollingLimit(stores.limits, this.#failures, failuresKey, clock.now());
      await this.deps.activity.attempt(stores.activity, account.id, 'reset_code_failed', context);
      return undefined;
    });
    if (!account || !used) return err('code_invalid');

    const passwordHash = await this.deps.hasher.hash(password.value);
    const sending = this.deps.delivery.begin();
    const usedPhone = await this.deps.transaction(async (stores) => {
      const now = clock.now();
      await stores.accounts.setPasswordHash(account.id, passwordHash);
      // A code that came by mail proved the address too.
      if (used.phoneId === null) await stores.accounts.markEmailVerified(account.id, now);
      await stores.sessions.revokeForAccount(account.id, now);
      await this.deps.activity.record(stores.activity, account.id, 'password_reset', context);
      // The other channels hear of it: whoever reset it may hold only the one the code went to.
      await sending.securityNotice(stores, account, { kind: 'password_changed' }, input.locale, used.phoneId === null ? { mailTo: null } : { exceptPhoneId: used.phoneId });
      const phones = await stores.phones.listByAccount(account.id);
      return phones.find((phone) => phone.id === used.phoneId);
    });
    await sending.settle();
    await this.deps.endWebsiteSessions(account.id);
    if (usedPhone) await this.deps.delivery.converted(usedPhone);
    return ok(undefined);
  }
}
