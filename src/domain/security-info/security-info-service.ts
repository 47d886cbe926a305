import type { Clock } from '../../lib/clock.ts';
import type { CodeDelivery, SecurityNotice, TextBatch } from '../code-delivery/code-delivery.ts';
import type { Locale } from '../../i18n/locale.ts';
import { newId } from '../../lib/ids.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { hmac } from '../../lib/secrets.ts';
import type { AbuseThrottles } from '../rate-limits/abuse-throttles.ts';
import { ipKey } from '../rate-limits/ip-key.ts';
import { checkRollingLimit, DAY_MS, recordRollingLimit, type RollingLimit } from '../rate-limits/rolling-limit.ts';
import type { OneTimeCodes } from '../sign-in/one-time-codes.ts';
import { lastDigits, type ActivityLog, type RequestContext } from '../activity/activity-log.ts';
import type { DomainStores, InTransaction } from '../unit-of-work.ts';
import { parseMobileNumber, type PhoneNumberError } from './phone-number.ts';
import type { Phone, PhoneStore } from './phone-store.ts';

export const MAX_PHONES_PER_ACCOUNT = 5;

export interface PhoneView {
  readonly id: string;
  readonly region: string;
  readonly e164: string;
  readonly verified: boolean;
}

export type AddPhoneError = PhoneNumberError | 'phone_limit_reached' | 'phone_exists' | 'rate_limited';
export type VerifyPhoneError = 'phone_not_found' | 'verification_code_invalid';

export const phoneView = (phone: Phone): PhoneView => ({
  id: phone.id,
  region: phone.region,
  e164: phone.e164,
  verified: phone.verifiedAt !== null,
});

/** A person's mobile numbers: added, proven with a code sent to them, removed. */
export class SecurityInfoService {
  readonly #verifyLimit: RollingLimit;
  readonly #accountFailures: RollingLimit;

  constructor(
    private readonly deps: {
      transaction: InTransaction;
      phones: PhoneStore;
      oneTimeCodes: OneTimeCodes;
      clock: Clock;
      secretKey: Buffer;
      regions: readonly string[];
      verifyDailyLimit: number;
      /** OTP_ACCOUNT_FAILURE_LIMIT: wrong verification codes per account in a rolling day, as for sign-in codes. */
      accountFailureLimit: number;
      /** Its `redeemsPerIp` holds a client's guesses at verification and sign-in codes together. */
      throttles: AbuseThrottles;
      activity: ActivityLog;
      /** The same gate as sign-in codes: a verification text costs as much as any other. */
      delivery: CodeDelivery;
    },
  ) {
    this.#verifyLimit = { bucket: 'verify_code:account', limit: deps.verifyDailyLimit, windowMs: DAY_MS };
    this.#accountFailures = { bucket: 'verify_code:failure', limit: deps.accountFailureLimit, windowMs: DAY_MS };
  }

  async list(accountId: string): Promise<PhoneView[]> {
    return (await this.deps.phones.listByAccount(accountId)).map(phoneView);
  }

  /**
   * Adds the number unverified and sends it a code; it counts for sign-in only once proven.
   * The account's other verified numbers and its address get a notice.
   */
  async add(accountId: string, region: string, number: string, locale: Locale, context: RequestContext = {}): Promise<Result<PhoneView, AddPhoneError>> {
    const parsed = parseMobileNumber(region, number, this.deps.regions);
    if (!parsed.ok) return parsed;
    const admitted = await this.deps.delivery.admit(context.clientIp);
    // No form here offers a proof of work: past the free allowance a signed-in person waits.
    if (!admitted.ok) return err('rate_limited', admitted.retryAfterSeconds);
    const sending = this.deps.delivery.begin();
    const outcome = await this.deps.transaction(async (stores): Promise<Result<Phone, AddPhoneError>> => {
      const existing = await stores.phones.listByAccount(accountId);
      if (existing.some((p) => p.e164 === parsed.value.e164)) return err('phone_exists');
      if (existing.length >= MAX_PHONES_PER_ACCOUNT) return err('phone_limit_reached');
      const limited = await this.#checkLimit(stores, accountId);
      if (limited) return limited;
      const phone: Phone = {
        id: newId(),
        accountId,
        region: parsed.value.region,
        e164: parsed.value.e164,
        verifiedAt: null,
        createdAt: this.deps.clock.now(),
      };
      if ((await stores.phones.insert(phone)) === 'duplicate') return err('phone_exists');
      await this.#sendCode(stores, sending, phone, locale);
      const digits = lastDigits(phone.e164);
      await this.#notice(stores, sending, accountId, { kind: 'phone_added', lastDigits: digits }, locale);
      await this.deps.activity.record(stores.activity, accountId, 'phone_added', context, { number: digits });
      return ok(phone);
    });
    if (!outcome.ok) return outcome;
    await sending.settle();
    return ok(phoneView(outcome.value));
  }

  /** A new code for a number not yet proven; older codes for it stop working. */
  async resendCode(
    accountId: string,
    phoneId: string,
    locale: Locale,
    context: RequestContext = {},
  ): Promise<Result<void, 'phone_not_found' | 'phone_already_verified' | 'rate_limited'>> {
    const known = await this.deps.phones.find(accountId, phoneId);
    if (!known) return err('phone_not_found');
    if (known.verifiedAt !== null) return err('phone_already_verified');
    const admitted = await this.deps.delivery.admit(context.clientIp);
    // No form here offers a proof of work: past the free allowance a signed-in person waits.
    if (!admitted.ok) return err('rate_limited', admitted.retryAfterSeconds);
    const sending = this.deps.delivery.begin();
    const outcome = await this.deps.transaction(async (stores): Promise<Result<void, 'phone_not_found' | 'phone_already_verified' | 'rate_limited'>> => {
      const phone = await stores.phones.find(accountId, phoneId);
      if (!phone) return err('phone_not_found');
      if (phone.verifiedAt !== null) return err('phone_already_verified');
      const limited = await this.#checkLimit(stores, accountId);
      if (limited) return limited;
      await this.#sendCode(stores, sending, phone, locale);
      return ok(undefined);
    });
    if (outcome.ok) await sending.settle();
    return outcome;
  }

  /**
   * Proving a number twice is harmless: a verified number answers as verified.
   *
   * Guesses are capped as for sign-in codes, beyond each code's own attempt cap (which a new
   * code resets): wrong codes per account in a rolling day, and guesses per client. Past either
   * the answer is the wrong-code one, even for the right code, so the cap is not revealed.
   */
  async verify(accountId: string, phoneId: string, code: string, context: RequestContext = {}): Promise<Result<PhoneView, VerifyPhoneError>> {
    const { phones, oneTimeCodes, transaction, clock } = this.deps;
    const phone = await phones.find(accountId, phoneId);
    if (!phone) return err('phone_not_found');
    if (phone.verifiedAt !== null) return ok(phoneView(phone));
    if (context.clientIp !== undefined && (await this.deps.throttles.redeemsPerIp.consume(ipKey(context.clientIp))).limited) {
      oneTimeCodes.spendComparison(code);
      return err('verification_code_invalid');
    }
    const failuresKey = hmac(this.deps.secretKey, 'limit:verify-failure', accountId);
    // One transaction from the pause check to the recorded failure, so simultaneous guesses
    // take turns and cannot race past the cap (as in sign-in's redeem).
    const verified = await transaction(async (stores) => {
      const paused = await checkRollingLimit(stores.limits, this.#accountFailures, failuresKey, clock.now());
      if (paused.limited) {
        oneTimeCodes.spendComparison(code);
        return err('verification_code_invalid');
      }
      const outcome = await oneTimeCodes.redeem(stores.codes, { accountId, purpose: 'verify_phone', phoneId }, code);
      if (outcome !== 'redeemed') {
        // Only a guess at an outstanding code counts toward the pause, as for sign-in codes.
        if (outcome === 'wrong') await recordRollingLimit(stores.limits, this.#accountFailures, failuresKey, clock.now());
        await this.deps.activity.attempt(stores.activity, accountId, 'verification_code_failed', context);
        return err('verification_code_invalid');
      }
      const at = clock.now();
      await stores.phones.markVerified(phoneId, at);
      await this.deps.activity.record(stores.activity, accountId, 'phone_verified', context, { number: lastDigits(phone.e164) });
      return ok(phoneView({ ...phone, verifiedAt: at }));
    });
    // Once committed: the pumping guard judges the number's prefix and region by codes used.
    if (verified.ok) await this.deps.delivery.converted(phone);
    return verified;
  }

  /**
   * Removes the number and voids every code sent to it, so it gets no codes afterwards. The
   * remaining verified numbers and the address are told, as when one is added.
   */
  async remove(accountId: string, phoneId: string, locale: Locale, context: RequestContext = {}): Promise<Result<void, 'phone_not_found'>> {
    const sending = this.deps.delivery.begin();
    const outcome = await this.deps.transaction(async (stores) => {
      const phone = await stores.phones.find(accountId, phoneId);
      if (!phone || !(await stores.phones.remove(accountId, phoneId))) return err('phone_not_found');
      await stores.codes.invalidatePhone(phoneId, this.deps.clock.now());
      const digits = lastDigits(phone.e164);
      await this.deps.activity.record(stores.activity, accountId, 'phone_removed', context, { number: digits });
      await this.#notice(stores, sending, accountId, { kind: 'phone_removed', lastDigits: digits }, locale);
      return ok(undefined);
    });
    if (outcome.ok) await sending.settle();
    return outcome;
  }

  /** A change to the numbers is told on both channels: a number slipped in or taken out by someone else does not go unnoticed. */
  async #notice(stores: DomainStores, sending: TextBatch, accountId: string, notice: SecurityNotice, locale: Locale): Promise<void> {
    const account = await stores.accounts.findById(accountId);
    if (account) await sending.securityNotice(stores, account, notice, locale);
  }

  async #checkLimit(stores: DomainStores, accountId: string): Promise<ReturnType<typeof err<'rate_limited'>> | undefined> {
    const check = await checkRollingLimit(stores.limits, this.#verifyLimit, this.#limitKey(accountId), this.deps.clock.now());
    return check.limited ? err('rate_limited', check.retryAfterSeconds) : undefined;
  }

  async #sendCode(stores: DomainStores, sending: TextBatch, phone: Phone, locale: Locale): Promise<void> {
    // A number being added is not yet proven to be the account's: its texts use the strangers'
    // share of the number's day, so throw-away accounts cannot use up what its holder keeps.
    await sending.code(stores, { accountId: phone.accountId, purpose: 'verify_phone', phoneId: phone.id }, phone, locale, { sender: 'stranger' });
    await recordRollingLimit(stores.limits, this.#verifyLimit, this.#limitKey(phone.accountId), this.deps.clock.now());
  }

  #limitKey(accountId: string): string {
    return hmac(this.deps.secretKey, 'limit:verify', accountId);
  }
}
