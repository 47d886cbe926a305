import type { Clock } from '../../lib/clock.ts';
import type { SessionStore } from '../sessions/session-store.ts';
import type { AccountStore } from './account-store.ts';

/**
 * What operators do to an account (`engangskod users disable|enable`). A disabled account is
 * not found by its email (AccountStore.findByEmail), so it cannot sign in in any way, gets no
 * codes, and every answer about it is the one for an unknown address; its sessions end.
 */
export class AccountOperator {
  constructor(
    private readonly deps: {
      accounts: AccountStore;
      sessions: SessionStore;
      clock: Clock;
      /** Ends what websites (OpenID Connect) hold for the account: grants, sessions, refresh tokens. */
      endWebsiteSessions: (accountId: string) => Promise<void>;
    },
  ) {}

  /** Answers false when it was disabled already. Every session ends, ours and the websites'. */
  async disable(accountId: string): Promise<boolean> {
    const now = this.deps.clock.now();
    const changed = await this.deps.accounts.setDisabled(accountId, now);
    // Ended even when it was disabled already: a sign-in racing the first disable ends too.
    await this.deps.sessions.revokeForAccount(accountId, now);
    await this.deps.endWebsiteSessions(accountId);
    return changed;
  }

  /** Answers false when it was not disabled. The person signs in again as before. */
  enable(accountId: string): Promise<boolean> {
    return this.deps.accounts.setDisabled(accountId, null);
  }
}
