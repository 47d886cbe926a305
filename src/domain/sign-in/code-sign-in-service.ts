import type { Clock } from '../../lib/clock.ts';
import type { CodeDelivery } from '../code-delivery/code-delivery.ts';
import { ipKey } from '../rate-limits/ip-key.ts';
import type { Locale } from '../../i18n/locale.ts';
import { newId } from '../../lib/ids.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { hmac } from '../../lib/secrets.ts';
import { normalizeEmail, type EmailError } from '../accounts/email.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import { lastDigits, type ActivityLog, type RequestContext } from '../activity/activity-log.ts';
import type { AbuseThrottles } from '../rate-limits/abuse-throttles.ts';
import { checkRollingLimit, consumeRollingLimit, DAY_MS, recordRollingLimit, type RollingLimit } from '../rate-limits/rolling-limit.ts';
import { parseMobileNumber } from '../security-info/phone-number.ts';
import type { KnownDeviceStore, KnownDevices } from '../sessions/known-devices.ts';
import { CodeNoLongerUsableError } from './code-store.ts';
import type { SessionService, IssuedSession } from '../sessions/session-service.ts';
import type { OneTimeCodes } from './one-time-codes.ts';
import type { InTransaction } from '../unit-of-work.ts';
import type { NewBrowserNotice } from '../sessions/new-browser-notice.ts';

export interface CodeRequest {
  readonly email: string;
  readonly region: string;
  readonly number: string;
  readonly clientIp: string;
  readonly userAgent?: string;
  /** The browser's device cookie id, if it has one (see RequestContext). */
  readonly deviceId?: string;
  readonly locale: Locale;
  /** A proof of work (the ALTCHA widget's payload), needed once the client's free allowance is spent. */
  readonly proof?: string;
}

/** `resend_too_soon`: this browser asked for this email and number within CODE_RESEND_SECONDS. */
/** `proof_of_work_required`: past the client's free allowance, and no valid unused proof came. */
export type CodeRequestError = EmailError | 'region_unsupported' | 'number_invalid' | 'rate_limited' | 'resend_too_soon' | 'proof_of_work_required';

/** One answer for every way a code can fail, so no answer tells which way it failed. */
export type CodeRedeemError = 'code_invalid';

export interface CodeSignInLimits {
  /** OTP_DAILY_LIMIT: sign-in texts per account and browser standing in a rolling day. */
  readonly dailyLimit: number;
  readonly accountFailureLimit: number;
  /** CODE_RESEND_SECONDS: the wait between two requests for one email and number. */
  readonly resendSeconds: number;
}

export class CodeSignInService {
  readonly #allowance: RollingLimit;
  readonly #pairCooldown: RollingLimit;
  readonly #ownCooldown: RollingLimit;
  readonly #accountFailures: RollingLimit;

  constructor(
    private readonly deps: {
      transaction: InTransaction;
      accounts: AccountStore;
      /** Browsers' standing, read before the transaction (the accounts' store's peer). */
      knownDevices: KnownDeviceStore;
      oneTimeCodes: OneTimeCodes;
      sessions: SessionService;
      throttles: AbuseThrottles;
      delivery: CodeDelivery;
      devices: KnownDevices;
      activity: ActivityLog;
      clock: Clock;
      secretKey: Buffer;
      regions: readonly string[];
      settings: CodeSignInLimits;
      newBrowser: NewBrowserNotice;
    },
  ) {
    const { dailyLimit, accountFailureLimit, resendSeconds } = deps.settings;
    this.#allowance = { bucket: 'sign_in_code:allowance', limit: dailyLimit, windowMs: DAY_MS };
    // A cooldown of 0 seconds is no cooldown: a window of 0 holds no event.
    this.#pairCooldown = { bucket: 'sign_in_code:pair', limit: 1, windowMs: resendSeconds * 1000 };
    this.#ownCooldown = { bucket: 'sign_in_code:pair-client', limit: 1, windowMs: resendSeconds * 1000 };
    this.#accountFailures = { bucket: 'sign_in_code:failure', limit: accountFailureLimit, windowMs: DAY_MS };
  }

  /**
   * Sends a code only when the email has an account with this verified number, and
   * otherwise does the same work and gives the same answer, so neither the answer nor its
   * timing tells whether an email or number is known.
   *
   * What a request may spend depends on who could have sent it. A miss spends only the
   * requester's own limits (per client, and the cooldown of the pair it asked for), never
   * anything the holder needs. A match spends the allowance of the browser's standing: a
   * browser the holder signed in on before has its own; every other browser shares one, and
   * texts they cause may use only part of the number's day (the gate's strangers' share).
   * Past an allowance the answer is unchanged and no text goes; the text that used it up said so.
   */
  async request(input: CodeRequest): Promise<Result<void, CodeRequestError>> {
    const email = normalizeEmail(input.email);
    if (!email.ok) return email;
    const number = parseMobileNumber(input.region, input.number, this.deps.regions);
    if (!number.ok) return number;
    const admitted = await this.deps.delivery.admit(input.clientIp, input.proof);
    if (!admitted.ok) return admitted;

    const pair = this.#key('pair', `${email.value}\n${number.value.e164}`);
    const client = input.deviceId === undefined ? ipKey(input.clientIp) : this.#key('browser', input.deviceId);
    const sending = this.deps.delivery.begin();
    const outcome = await this.deps.transaction(async (stores) => {
      const now = this.deps.clock.now();
      // Reads that need no other's answer go out together: one round trip each step on
      // PostgreSQL. The number is held (by the gate's read) before the pair, in every request.
      const [account, standing, own, gate] = await Promise.all([
        stores.accounts.findByEmail(email.value),
        this.deps.devices.standingByEmail(stores.knownDevices, email.value, input.deviceId),
        // The same browser asking again for the same pair waits, and is told how long: that is
        // its own limit. Another browser asking for the pair inside the wait gets the usual answer
        // and no text: it cannot learn that anyone asked, nor cause a second text.
        consumeRollingLimit(stores.limits, this.#ownCooldown, `${pair}:${client}`, now),
        sending.gate(stores, number.value),
      ]);
      if (own.limited) return own;
      // An unknown email runs the same lookups against an id that matches nothing.
      const accountId = account?.id ?? newId();
      const allowanceKey = this.#key('allowance', `${accountId}:${standing.scope}`);
      const [phone, slot, used] = await Promise.all([
        stores.phones.findVerified(accountId, number.value.e164),
        consumeRollingLimit(stores.limits, this.#pairCooldown, `${pair}:${standing.scope}`, now),
        stores.limits.countSince(this.#allowance.bucket, allowanceKey, now - this.#allowance.windowMs),
      ]);

      const context = { clientIp: input.clientIp, userAgent: input.userAgent };
      const detail = { number: lastDigits(number.value.e164) };
      // The holder sees requests with their email: each one sent, and those with a number not
      // on the account counted per day. An unknown email counts into a decoy group for no one:
      // the same statements as a known email with the wrong number.
      if (account && phone) await this.deps.activity.record(stores.activity, account.id, 'code_requested', context, detail);
      else await this.deps.activity.attempt(stores.activity, account ? account.id : null, 'code_request_unmatched', context);

      if (account && phone && !slot.limited && used < this.#allowance.limit) {
        const sender = standing.known ? 'holder' : 'stranger';
        const subject = { accountId: account.id, purpose: 'sign_in' } as const;
        const issued = await sending.code(stores, subject, phone, input.locale, { sender, lastOfAllowance: used + 1 >= this.#allowance.limit, gate });
        if (issued) await recordRollingLimit(stores.limits, this.#allowance, allowanceKey, now);
      } else {
        await sending.decoy(stores, number.value, input.locale, gate);
      }
      return { limited: false as const };
    }, async (committed, done) => {
      if (!done.limited) await sending.settle(committed);
    });
    if (outcome.limited) return err('resend_too_soon', outcome.retryAfterSeconds);
    return ok(undefined);
  }

  /**
   * Wrong, used, replaced, expired and over-guessed codes, unknown emails and a paused
   * account all get `code_invalid`, and each path does the HMAC a real check does.
   */
  async redeem(rawEmail: string, code: string, context: RequestContext = {}, locale: Locale = 'sv'): Promise<Result<IssuedSession, CodeRedeemError>> {
    const { accounts, oneTimeCodes, clock } = this.deps;
    // A guesser spreading over accounts is held per IP; the answer stays the wrong-code one.
    if (context.clientIp !== undefined && (await this.deps.throttles.redeemsPerIp.consume(ipKey(context.clientIp))).limited) {
      oneTimeCodes.spendComparison(code);
      return err('code_invalid');
    }
    const email = normalizeEmail(rawEmail);
    // Wrong codes from browsers the holder never signed in on pause only those browsers: a
    // stranger's guesses cannot stop the holder's own browser.
    const [account, standing] = await this.deps.devices.accountAndStanding(accounts, this.deps.knownDevices, email.ok ? email.value : undefined, context.deviceId);
    // An unknown email runs the same lookups against an id that matches nothing.
    const accountId = account?.id ?? newId();
    const failuresKey = this.#key('account', `${accountId}:${standing.scope}`);
    // One transaction, holding the account's failure key from the pause check to the recorded
    // failure: simultaneous guesses (PostgreSQL runs them side by side) then take turns, so
    // neither the per-code attempt cap nor the account pause can be raced past.
    const sending = this.deps.delivery.begin();
    const signingIn = this.deps.transaction(async (stores) => {
      // The code is read in the hold's round trip, sent after the hold: PostgreSQL runs a
      // connection's statements in order, so the read waits for the key as it did before.
      const [paused, found] = await Promise.all([
        checkRollingLimit(stores.limits, this.#accountFailures, failuresKey, clock.now()),
        oneTimeCodes.findUsable(stores.codes, { accountId, purpose: 'sign_in' }),
      ]);
      if (!account || paused.limited) {
        oneTimeCodes.spendComparison(code);
        return 'refused' as const;
      }
      const { outcome: result, phoneId, sentTo } = await oneTimeCodes.redeemFound(stores.codes, found, code, { orFail: true });
      if (result === 'redeemed') {
        // The session and the activity row commit with the used code: one write to the disk, not three.
        await this.deps.activity.record(stores.activity, account.id, 'signed_in', context, { method: 'otp' });
        await this.deps.newBrowser.afterSignIn(stores, sending, account, standing, context, locale, phoneId ?? undefined);
        await this.deps.devices.remember(stores.knownDevices, account.id, context.deviceId);
        const session = await this.deps.sessions.create(account.id, 'otp', stores.sessions, context);
        return { session, sentTo };
      }
      // Only a guess at a real, outstanding code counts toward the pause: with no code out there
      // is nothing to guess, and counting those would let anyone who knows an email pause its
      // code sign-in without a text ever reaching the owner.
      if (result === 'wrong') await recordRollingLimit(stores.limits, this.#accountFailures, failuresKey, clock.now());
      await this.deps.activity.attempt(stores.activity, account.id, 'code_failed', context);
      return result;
    }, async (committed, done) => {
      if (typeof done !== 'object') return;
      // The pumping guard judges the number's prefix and region by codes used.
      await Promise.all([sending.settle(committed), done.sentTo && this.deps.delivery.converted(done.sentTo, committed)]);
    });
    const outcome = await signingIn.catch(async (error: unknown) => {
      if (!(error instanceof CodeNoLongerUsableError) || !account) throw error;
      // Another browser used the code, or guesses spent it, since it was read: nothing of this
      // sign-in landed, and it is a failed attempt as a code no longer usable is.
      await this.deps.activity.appendAttempt(account.id, 'code_failed', context);
      return 'no_usable_code' as const;
    });
    if (typeof outcome !== 'object') return err('code_invalid');
    return ok(outcome.session);
  }

  /** Limit keys are HMACs: the log says how often, never who (not even for non-accounts). */
  #key(kind: string, value: string): string {
    return hmac(this.deps.secretKey, `limit:${kind}`, value);
  }
}
