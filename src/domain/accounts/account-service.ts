import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { AccountStore } from './account-store.ts';
import { normalizeEmail, type EmailError } from './email.ts';
import { checkPassword, type PasswordError } from './password-policy.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { ipKey } from '../rate-limits/ip-key.ts';
import type { Throttle } from '../rate-limits/throttle.ts';

export type SignUpError = EmailError | PasswordError | 'email_taken' | 'rate_limited';

export interface AccountView {
  readonly id: string;
  readonly email: string;
}

export class AccountService {
  constructor(
    private readonly deps: { accounts: AccountStore; hasher: PasswordHasher; clock: Clock; signUpsPerIp: Throttle },
  ) {}

  /** The account behind a session, or undefined once it is gone. */
  async find(accountId: string): Promise<AccountView | undefined> {
    const account = await this.deps.accounts.findById(accountId);
    return account ? { id: account.id, email: account.email } : undefined;
  }

  /**
   * `clientIp`: the client's sign-ups are counted once the form is well formed (a typo costs
   * nothing), before the lookup and the hash that a flood would spend.
   */
  async signUp(rawEmail: string, rawPassword: string, clientIp?: string): Promise<Result<AccountView, SignUpError>> {
    const email = normalizeEmail(rawEmail);
    if (!email.ok) return email;
    const password = checkPassword(rawPassword, email.value);
    if (!password.ok) return password;
    if (clientIp !== undefined) {
      const check = await this.deps.signUpsPerIp.consume(ipKey(clientIp));
      if (check.limited) return err('rate_limited', check.retryAfterSeconds);
    }
    // Checked before hashing so a taken email costs no argon2 work; the insert still
    // decides if two sign-ups race for the same address.
    if (await this.deps.accounts.findByEmail(email.value)) return err('email_taken');
    const account = {
      id: newId(),
      email: email.value,
      passwordHash: await this.deps.hasher.hash(password.value),
      createdAt: this.deps.clock.now(),
    };
    const outcome = await this.deps.accounts.insert(account);
    if (outcome === 'email_taken') return err('email_taken');
    return ok({ id: account.id, email: account.email });
  }
}
