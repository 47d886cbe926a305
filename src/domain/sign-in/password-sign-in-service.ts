import { err, ok, type Result } from '../../lib/result.ts';
import { ipKey } from '../rate-limits/ip-key.ts';
import { hmac } from '../../lib/secrets.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { ActivityLog, RequestContext } from '../activity/activity-log.ts';
import { normalizeEmail } from '../accounts/email.ts';
import type { PasswordHasher } from '../accounts/password-hasher.ts';
import { PASSWORD_MAX_LENGTH } from '../accounts/password-policy.ts';
import type { Clock } from '../../lib/clock.ts';
import type { GrowingDelay } from '../rate-limits/growing-delay.ts';
import type { LimitLogStore } from '../rate-limits/limit-log-store.ts';
import { DAY_MS, consumeRollingLimit, strictest, type RollingLimit } from '../rate-limits/rolling-limit.ts';
import type { KnownDevices, KnownDeviceStore } from '../sessions/known-devices.ts';
import type { IssuedSession, SessionService } from '../sessions/session-service.ts';
import type { InTransaction } from '../unit-of-work.ts';
import type { CodeDelivery } from '../code-delivery/code-delivery.ts';
import type { NewBrowserNotice } from '../sessions/new-browser-notice.ts';
import type { Locale } from '../../i18n/locale.ts';

/** `email_unverified`: the right password, for an account whose address is not proven yet (told only to whoever knows the password). */
export type PasswordSignInError = 'credentials_invalid' | 'rate_limited' | 'email_unverified';

export class PasswordSignInService {
  readonly #failuresInARow: RollingLimit;

  constructor(
    private readonly deps: {
      accounts: AccountStore;
      hasher: PasswordHasher;
      sessions: SessionService;
      devices: KnownDevices;
      deviceStore: KnownDeviceStore;
      secretKey: Buffer;
      activity: ActivityLog;
      /** Growing delays after repeated wrong passwords, per submitted email and per client IP. */
      delays: { readonly perEmail: GrowingDelay; readonly perIp: GrowingDelay };
      /** The durable log the cap on wrong passwords in a row is counted in. */
      limits: LimitLogStore;
      transaction: InTransaction;
      clock: Clock;
      /** Wrong passwords in a row (within a rolling day) after which password sign-in pauses. */
      failureLimit: number;
      delivery: CodeDelivery;
      newBrowser: NewBrowserNotice;
    },
  ) {
    this.#failuresInARow = { bucket: 'password:failure', limit: deps.failureLimit, windowMs: DAY_MS };
  }

  /**
   * Unknown emails cost an argon2 verify too, so timing does not tell which emails exist;
   * delays and the pause are keyed on the submitted email, so they come alike whether or not it
   * has an account.
   *
   * The growing delays hold a guesser to some 17 tries an hour, but they forget after an hour;
   * the pause caps the wrong passwords in a row at `failureLimit` a day (NIST SP 800-63B
   * §5.2.2: at most 100). It is a pause, not a lockout: the count is kept in a rolling day, a
   * right password before the limit starts it again, and code sign-in stays open to the owner.
   *
   * A browser the holder signed in on before keeps delays and a pause of its own: a stranger's
   * wrong passwords make other browsers wait, never the holder's own.
   */
  async signIn(
    rawEmail: string,
    rawPassword: string,
    context: RequestContext = {},
    /** The language of a notice about a new browser. */
    locale: Locale = 'sv',
  ): Promise<Result<IssuedSession, PasswordSignInError>> {
    const password = rawPassword.normalize('NFKC');
    const email = normalizeEmail(rawEmail);
    const account = email.ok ? await this.deps.accounts.findByEmail(email.value) : undefined;
    const standing = await this.deps.devices.standing(this.deps.deviceStore, account?.id, context.deviceId);
    const emailKey = hmac(this.deps.secretKey, 'limit:password-email', `${email.ok ? email.value : rawEmail}\n${standing.scope}`);
    const { perEmail, perIp } = this.deps.delays;
    const wait = strictest([
      await perEmail.check(emailKey),
      context.clientIp === undefined ? { limited: false } : await perIp.check(ipKey(context.clientIp)),
    ]);
    if (wait.limited) return err('rate_limited', wait.retryAfterSeconds);
    const { limits, clock } = this.deps;
    const { bucket } = this.#failuresInARow;
    // Checked before hashing (a paused email costs no argon2 either way), and each try counted
    // as a failure up front in the same transaction, which a right password clears: guesses sent
    // side by side would otherwise all pass the check before the first of them failed.
    const paused = await this.deps.transaction((stores) => consumeRollingLimit(stores.limits, this.#failuresInARow, emailKey, clock.now()));
    if (paused.limited) return err('rate_limited', paused.retryAfterSeconds);

    let right = false;
    // Over-long input is refused before hashing: argon2 on megabytes is a denial of service.
    if (!account || [...password].length > PASSWORD_MAX_LENGTH) {
      await this.deps.hasher.verifyDummy(password.slice(0, PASSWORD_MAX_LENGTH));
    } else {
      right = await this.deps.hasher.verify(account.passwordHash, password);
    }
    if (!account || !right) {
      await perEmail.recordFailure(emailKey);
      if (context.clientIp !== undefined) await perIp.recordFailure(ipKey(context.clientIp));
      if (account) await this.deps.activity.appendAttempt(account.id, 'password_failed', context);
      return err('credentials_invalid');
    }
    await limits.clear(bucket, emailKey);
    if (account.emailVerifiedAt === null) return err('email_unverified');
    const sending = this.deps.delivery.begin();
    const session = await this.deps.transaction(async (stores) => {
      await this.deps.activity.record(stores.activity, account.id, 'signed_in', context, { method: 'pwd' });
      await this.deps.newBrowser.afterSignIn(stores, sending, account, standing, context, locale);
      await this.deps.devices.remember(stores.knownDevices, account.id, context.deviceId);
      return this.deps.sessions.create(account.id, 'pwd', stores.sessions, context);
    });
    await sending.settle();
    return ok(session);
  }
}
