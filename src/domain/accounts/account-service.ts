import type { Clock } from '../../lib/clock.ts';
import type { Locale } from '../../i18n/locale.ts';
import { newId } from '../../lib/ids.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { hmac } from '../../lib/secrets.ts';
import type { ActivityLog, RequestContext } from '../activity/activity-log.ts';
import type { CodeDelivery } from '../code-delivery/code-delivery.ts';
import type { AbuseThrottles } from '../rate-limits/abuse-throttles.ts';
import { ipKey } from '../rate-limits/ip-key.ts';
import { checkRollingLimit, DAY_MS, recordRollingLimit, type RollingLimit } from '../rate-limits/rolling-limit.ts';
import type { Throttle } from '../rate-limits/throttle.ts';
import type { KnownDevices } from '../sessions/known-devices.ts';
import type { IssuedSession, SessionService } from '../sessions/session-service.ts';
import type { OneTimeCodes } from '../sign-in/one-time-codes.ts';
import type { DomainStores, InTransaction } from '../unit-of-work.ts';
import { isProven, type Account, type AccountStore } from './account-store.ts';
import { normalizeEmail, type EmailError } from './email.ts';
import { lettersToCode } from './link-code.ts';
import { checkPassword, type PasswordError } from './password-policy.ts';
import type { PasswordHasher } from './password-hasher.ts';

export type SignUpError = EmailError | PasswordError | 'rate_limited';
/** One answer for every way a code can fail (wrong, used, replaced, expired, unknown address). */
export type VerifyEmailError = 'code_invalid';

/** An account whose address was not proven within this long is removed: its address is free again. */
export const UNVERIFIED_ACCOUNT_MS = DAY_MS;

export interface AccountView {
  readonly id: string;
  readonly email: string;
  readonly emailVerified: boolean;
}

export interface SignUpRequest {
  readonly email: string;
  readonly password: string;
  readonly locale: Locale;
  readonly context?: RequestContext;
}

export const accountView = (account: Account): AccountView => ({ id: account.id, email: account.email, emailVerified: isProven(account) });

/**
 * Sign-up and the proof of the address. A sign-up answers alike whether the address is new
 * or has an account, in its words and its time (argon2 runs either way): only the address's
 * owner learns which, by the mail that goes to it. An account whose address is unproven
 * cannot sign in; a later sign-up for the address replaces its password and code, and it is
 * removed after a day, so no one can hold an address they cannot read.
 */
export class AccountService {
  readonly #failures: RollingLimit;

  constructor(
    private readonly deps: {
      accounts: AccountStore;
      hasher: PasswordHasher;
      clock: Clock;
      signUpsPerIp: Throttle;
      transaction: InTransaction;
      delivery: CodeDelivery;
      oneTimeCodes: OneTimeCodes;
      sessions: SessionService;
      devices: KnownDevices;
      activity: ActivityLog;
      throttles: AbuseThrottles;
      secretKey: Buffer;
      /** OTP_ACCOUNT_FAILURE_LIMIT: wrong codes per address in a rolling day, as for sign-in codes. */
      accountFailureLimit: number;
    },
  ) {
    this.#failures = { bucket: 'verify_email:failure', limit: deps.accountFailureLimit, windowMs: DAY_MS };
  }

  /** The account behind a session, or undefined once it is gone. */
  async find(accountId: string): Promise<AccountView | undefined> {
    const account = await this.deps.accounts.findById(accountId);
    return account ? accountView(account) : undefined;
  }

  /**
   * The client's sign-ups are counted once the form is well formed (a typo costs nothing),
   * before the hash that a flood would spend.
   */
  async signUp(request: SignUpRequest): Promise<Result<void, SignUpError>> {
    const context = request.context ?? {};
    const email = normalizeEmail(request.email);
    if (!email.ok) return email;
    const password = checkPassword(request.password, email.value);
    if (!password.ok) return password;
    if (context.clientIp !== undefined) {
      const check = await this.deps.signUpsPerIp.consume(ipKey(context.clientIp));
      if (check.limited) return err('rate_limited', check.retryAfterSeconds);
    }
    // Hashed whatever the address: a taken one costs the same argon2 work as a new one.
    const passwordHash = await this.deps.hasher.hash(password.value);
    const sending = this.deps.delivery.begin();
    await this.deps.transaction(async (stores) => {
      const existing = await stores.accounts.findAnyByEmail(email.value);
      // A disabled account keeps its address and is told nothing; the answer is the same as ever.
      if (existing?.disabledAt != null) return;
      const sender = await this.#sender(stores, existing, context);
      // An address kept for an email change's undo (EmailChangeService) is taken too: its owner may want it back.
      const holderId = existing?.emailVerifiedAt != null ? existing.id : await stores.emailChanges.reservedBy(email.value, this.deps.clock.now());
      if (holderId !== undefined) {
        await sending.mail(stores, { kind: 'sign_up_attempt', to: email.value, locale: request.locale }, { sender });
        await this.deps.activity.attempt(stores.activity, holderId, 'sign_up_attempt', context);
        return;
      }
      const id = existing?.id ?? newId();
      if (!existing) {
        const created = await stores.accounts.insert({ id, email: email.value, passwordHash, createdAt: this.deps.clock.now(), emailVerifiedAt: null });
        // Another sign-up for the address committed first: it holds the address; this one mails nothing.
        if (created === 'email_taken') return;
        await this.deps.activity.record(stores.activity, id, 'account_created', context);
      }
      const issued = await sending.mailCode(stores, { accountId: id, purpose: 'verify_email' }, email.value, request.locale, 'verify_email', { sender });
      // The newest sign-up's password goes with the newest code, and only when its mail goes.
      if (existing && issued) await stores.accounts.setPasswordHash(id, passwordHash);
    });
    await sending.settle();
    return ok(undefined);
  }

  /**
   * A new code for an address not yet proven (the first mail was lost or its code expired).
   * Answers alike for every address; only an unproven account's address gets a mail.
   */
  async resendVerification(rawEmail: string, locale: Locale, context: RequestContext = {}): Promise<Result<void, EmailError | 'rate_limited'>> {
    const email = normalizeEmail(rawEmail);
    if (!email.ok) return email;
    const admitted = await this.deps.delivery.admit(context.clientIp);
    if (!admitted.ok) return err('rate_limited', admitted.retryAfterSeconds);
    const sending = this.deps.delivery.begin();
    await this.deps.transaction(async (stores) => {
      const account = await stores.accounts.findByEmail(email.value);
      const sender = await this.#sender(stores, account, context);
      if (account && account.emailVerifiedAt === null) {
        await sending.mailCode(stores, { accountId: account.id, purpose: 'verify_email' }, email.value, locale, 'verify_email', { sender });
      } else {
        await sending.mailDecoy(stores, email.value, locale, 'verify_email');
      }
    });
    await sending.settle();
    return ok(undefined);
  }

  /**
   * Proves the address with the code from its mail (or the letters of its link) and signs in.
   * Guesses are capped per code, per address and per client, as for sign-in codes.
   */
  async verifyEmail(rawEmail: string, rawCode: string, context: RequestContext = {}): Promise<Result<IssuedSession, VerifyEmailError>> {
    const { oneTimeCodes, clock } = this.deps;
    const code = lettersToCode(rawCode) ?? rawCode;
    if (context.clientIp !== undefined && (await this.deps.throttles.redeemsPerIp.consume(ipKey(context.clientIp))).limited) {
      oneTimeCodes.spendComparison(code);
      return err('code_invalid');
    }
    const email = normalizeEmail(rawEmail);
    const account = email.ok ? await this.deps.accounts.findByEmail(email.value) : undefined;
    const accountId = account?.id ?? newId();
    const subject = { accountId, purpose: 'verify_email' } as const;
    const outcome = await this.deps.transaction(async (stores) => {
      const failuresKey = hmac(this.deps.secretKey, 'limit:verify-email', accountId);
      const paused = await checkRollingLimit(stores.limits, this.#failures, failuresKey, clock.now());
      if (!account || account.emailVerifiedAt !== null || paused.limited) {
        await stores.codes.findUsable(subject, clock.now(), oneTimeCodes.settings.maxAttempts);
        oneTimeCodes.spendComparison(code);
        return undefined;
      }
      const result = await oneTimeCodes.redeem(stores.codes, subject, code);
      if (result === 'wrong') await recordRollingLimit(stores.limits, this.#failures, failuresKey, clock.now());
      if (result !== 'redeemed' || !(await stores.accounts.markEmailVerified(account.id, clock.now()))) return undefined;
      await this.deps.activity.record(stores.activity, account.id, 'email_verified', context);
      await this.deps.activity.record(stores.activity, account.id, 'signed_in', context, { method: 'otp' });
      await this.deps.devices.remember(stores.knownDevices, account.id, context.deviceId);
      return this.deps.sessions.create(account.id, 'otp', stores.sessions, context);
    });
    return outcome ? ok(outcome) : err('code_invalid');
  }

  /** A browser the holder signed in on before asks as the holder; anyone else as a stranger. */
  async #sender(stores: DomainStores, account: Account | undefined, context: RequestContext): Promise<'holder' | 'stranger'> {
    const standing = await this.deps.devices.standing(stores.knownDevices, account?.id, context.deviceId);
    return standing.known ? 'holder' : 'stranger';
  }
}
