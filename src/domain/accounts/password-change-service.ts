import type { Clock } from '../../lib/clock.ts';
import type { Locale } from '../../i18n/locale.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { ActivityLog, RequestContext } from '../activity/activity-log.ts';
import type { CodeDelivery } from '../code-delivery/code-delivery.ts';
import type { GrowingDelay } from '../rate-limits/growing-delay.ts';
import { RECENT_SIGN_IN_SECONDS } from '../sessions/session-service.ts';
import type { Session } from '../sessions/session-store.ts';
import type { InTransaction } from '../unit-of-work.ts';
import type { AccountStore } from './account-store.ts';
import { PASSWORD_MAX_LENGTH, checkPassword, type PasswordError } from './password-policy.ts';
import type { PasswordHasher } from './password-hasher.ts';

export interface PasswordChange {
  readonly session: Session;
  /** Needed unless the session's sign-in is recent (RECENT_SIGN_IN_SECONDS). */
  readonly currentPassword?: string | undefined;
  readonly password: string;
  readonly locale: Locale;
  readonly context?: RequestContext;
}

export type PasswordChangeError = PasswordError | 'reauthentication_required' | 'credentials_invalid' | 'rate_limited' | 'unauthenticated';

/**
 * "Byt lösenord": the current password, or a sign-in within the last ten minutes, proves it is
 * the holder. Every other session of the account ends (ASVS 3.3.3), and so do the websites'
 * grants and tokens; the verified numbers get a text and a proven address a mail, so a change
 * made by someone else does not go unnoticed.
 */
export class PasswordChangeService {
  constructor(
    private readonly deps: {
      accounts: AccountStore;
      hasher: PasswordHasher;
      transaction: InTransaction;
      delivery: CodeDelivery;
      activity: ActivityLog;
      clock: Clock;
      /** Wrong current passwords make the next try wait, as at sign-in: a stolen session cannot guess freely. */
      delay: GrowingDelay;
      /** Ends what websites (OpenID Connect) hold for the account: grants, sessions, refresh tokens. */
      endWebsiteSessions: (accountId: string) => Promise<void>;
    },
  ) {}

  async change(input: PasswordChange): Promise<Result<void, PasswordChangeError>> {
    const { session } = input;
    const context = input.context ?? {};
    const account = await this.deps.accounts.findById(session.accountId);
    if (!account) return err('unauthenticated');
    const password = checkPassword(input.password, account.email);
    if (!password.ok) return password;

    const recent = this.deps.clock.now() - session.createdAt < RECENT_SIGN_IN_SECONDS * 1000;
    if (input.currentPassword === undefined || input.currentPassword === '') {
      if (!recent) return err('reauthentication_required');
    } else {
      const wait = await this.deps.delay.check(account.id);
      if (wait.limited) return err('rate_limited', wait.retryAfterSeconds);
      const current = input.currentPassword.normalize('NFKC');
      const right = [...current].length <= PASSWORD_MAX_LENGTH && (await this.deps.hasher.verify(account.passwordHash, current));
      if (!right) {
        await this.deps.delay.recordFailure(account.id);
        await this.deps.activity.appendAttempt(account.id, 'password_failed', context);
        return err('credentials_invalid');
      }
    }

    // Hashed outside the transaction: argon2 takes tens of milliseconds it need not hold a connection for.
    const passwordHash = await this.deps.hasher.hash(password.value);
    const sending = this.deps.delivery.begin();
    await this.deps.transaction(async (stores) => {
      const now = this.deps.clock.now();
      await stores.accounts.setPasswordHash(account.id, passwordHash);
      await stores.sessions.revokeForAccount(account.id, now, session.id);
      await this.deps.activity.record(stores.activity, account.id, 'password_changed', context);
      await sending.securityNotice(stores, account, { kind: 'password_changed' }, input.locale);
    });
    await sending.settle();
    await this.deps.endWebsiteSessions(account.id);
    return ok(undefined);
  }
}
