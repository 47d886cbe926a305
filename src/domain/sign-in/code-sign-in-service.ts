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
import type { LimitLogStore } from '../rate-limits/limit-log-store.ts';
import { DAY_MS, checkRollingLimit, strictest, type RollingLimit } from '../rate-limits/rolling-limit.ts';
import { parseMobileNumber } from '../security-info/phone-number.ts';
import type { SessionService, IssuedSession } from '../sessions/session-service.ts';
import type { OneTimeCodes } from './one-time-codes.ts';
import type { InTransaction } from '../unit-of-work.ts';

export interface CodeRequest {
  readonly email: string;
  readonly region: string;
  readonly number: string;
  readonly clientIp: string;
  readonly userAgent?: string;
  readonly locale: Locale;
}

export type CodeRequestError = EmailError | 'region_unsupported' | 'number_invalid' | 'rate_limited';

/** One answer for every way a code can fail, so no answer tells which way it failed. */
export type CodeRedeemError = 'code_invalid';

export interface CodeSignInLimits {
  readonly dailyLimit: number;
  readonly accountFailureLimit: number;
}

export class CodeSignInService {
  readonly #perEmail: RollingLimit;
  readonly #perNumber: RollingLimit;
  readonly #accountFailures: RollingLimit;

  constructor(
    private readonly deps: {
      transaction: InTransaction;
      accounts: AccountStore;
      limits: LimitLogStore;
      oneTimeCodes: OneTimeCodes;
      sessions: SessionService;
      throttles: AbuseThrottles;
      delivery: CodeDelivery;
      activity: ActivityLog;
      clock: Clock;
      secretKey: Buffer;
      regions: readonly string[];
      settings: CodeSignInLimits;
    },
  ) {
    const { dailyLimit, accountFailureLimit } = deps.settings;
    this.#perEmail = { bucket: 'sign_in_code:email', limit: dailyLimit, windowMs: DAY_MS };
    this.#perNumber = { bucket: 'sign_in_code:number', limit: dailyLimit, windowMs: DAY_MS };
    this.#accountFailures = { bucket: 'sign_in_code:failure', limit: accountFailureLimit, windowMs: DAY_MS };
  }

  /**
   * Sends a code only when the email has an account with this verified number, and
   * otherwise does the same work and gives the same answer, so neither the answer nor its
   * timing tells whether an email or number is known. Limits count the submitted email and
   * number whether they match or not, so unknown emails are limited alike too.
   */
  async request(input: CodeRequest): Promise<Result<void, CodeRequestError>> {
    const email = normalizeEmail(input.email);
    if (!email.ok) return email;
    const number = parseMobileNumber(input.region, input.number, this.deps.regions);
    if (!number.ok) return number;
    const admitted = await this.deps.delivery.admit(number.value, input.clientIp);
    if (!admitted.ok) return admitted;

    const emailKey = this.#key('email', email.value);
    const numberKey = this.#key('number', number.value.e164);
    const sending = this.deps.delivery.begin();
    const outcome = await this.deps.transaction(async (stores) => {
      const now = this.deps.clock.now();
      // Checked inside the transaction that records the request, so concurrent requests
      // cannot both slip under the limit.
      const limit = strictest([
        await checkRollingLimit(stores.limits, this.#perEmail, emailKey, now),
        await checkRollingLimit(stores.limits, this.#perNumber, numberKey, now),
      ]);
      if (limit.limited) return limit;

      const account = await stores.accounts.findByEmail(email.value);
      const phone = await stores.phones.findVerified(account?.id ?? newId(), number.value.e164);
      // The owner sees the request under recent activity; a miss writes the same row for no one.
      const context = { clientIp: input.clientIp, userAgent: input.userAgent };
      await this.deps.activity.record(stores.activity, account && phone ? account.id : null, 'code_requested', context, {
        number: lastDigits(number.value.e164),
      });
      if (account && phone) await sending.code(stores, { accountId: account.id, purpose: 'sign_in' }, phone, input.locale);
      else await sending.decoy(stores, input.locale);
      await stores.limits.record(this.#perEmail.bucket, emailKey, now);
      await stores.limits.record(this.#perNumber.bucket, numberKey, now);
      return { limited: false as const };
    });
    if (outcome.limited) return err('rate_limited', outcome.retryAfterSeconds);
    await sending.settle();
    return ok(undefined);
  }

  /**
   * How many more code requests the submitted email has in the rolling day: the same figure for
   * an email with no account, since the limit counts what was submitted.
   */
  async remainingToday(rawEmail: string): Promise<number> {
    const email = normalizeEmail(rawEmail);
    const key = this.#key('email', email.ok ? email.value : rawEmail);
    const used = await this.deps.limits.countSince(this.#perEmail.bucket, key, this.deps.clock.now() - this.#perEmail.windowMs);
    return Math.max(0, this.#perEmail.limit - used);
  }

  /**
   * Wrong, used, replaced, expired and over-guessed codes, unknown emails and a paused
   * account all get `code_invalid`, and each path does the HMAC a real check does.
   */
  async redeem(rawEmail: string, code: string, context: RequestContext = {}): Promise<Result<IssuedSession, CodeRedeemError>> {
    const { accounts, oneTimeCodes, clock } = this.deps;
    // A guesser spreading over accounts is held per IP; the answer stays the wrong-code one.
    if (context.clientIp !== undefined && (await this.deps.throttles.redeemsPerIp.consume(ipKey(context.clientIp))).limited) {
      oneTimeCodes.spendComparison(code);
      return err('code_invalid');
    }
    const email = normalizeEmail(rawEmail);
    const account = email.ok ? await accounts.findByEmail(email.value) : undefined;
    // An unknown email runs the same lookups against an id that matches nothing.
    const accountId = account?.id ?? newId();
    const failuresKey = this.#key('account', accountId);
    // One transaction, holding the account's failure key from the pause check to the recorded
    // failure: simultaneous guesses (PostgreSQL runs them side by side) then take turns, so
    // neither the per-code attempt cap nor the account pause can be raced past.
    const outcome = await this.deps.transaction(async (stores) => {
      const paused = await checkRollingLimit(stores.limits, this.#accountFailures, failuresKey, clock.now());
      if (!account || paused.limited) {
        await stores.codes.findUsable({ accountId, purpose: 'sign_in' }, clock.now(), oneTimeCodes.settings.maxAttempts);
        oneTimeCodes.spendComparison(code);
        return 'refused' as const;
      }
      const result = await oneTimeCodes.redeem(stores.codes, { accountId: account.id, purpose: 'sign_in' }, code);
      if (result === 'redeemed') {
        // The session and the activity row commit with the used code: one write to the disk, not three.
        await this.deps.activity.record(stores.activity, account.id, 'signed_in', context, { method: 'otp' });
        return this.deps.sessions.create(account.id, 'otp', stores.sessions);
      }
      // Only a guess at a real, outstanding code counts toward the pause: with no code out there
      // is nothing to guess, and counting those would let anyone who knows an email pause its
      // code sign-in without a text ever reaching the owner.
      if (result === 'wrong') await stores.limits.record(this.#accountFailures.bucket, failuresKey, clock.now());
      await this.deps.activity.record(stores.activity, account.id, 'code_failed', context);
      return result;
    });
    return typeof outcome === 'object' ? ok(outcome) : err('code_invalid');
  }

  /** Limit keys are HMACs: the log says how often, never who (not even for non-accounts). */
  #key(kind: string, value: string): string {
    return hmac(this.deps.secretKey, `limit:${kind}`, value);
  }
}
