import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { AccountStore } from './account-store.ts';
import { normalizeEmail, type EmailError } from './email.ts';
import { checkPassword, type PasswordError } from './password-policy.ts';
import type { PasswordHasher } from './password-hasher.ts';

export type SignUpError = EmailError | PasswordError | 'email_taken';

export interface AccountView {
  readonly id: string;
  readonly email: string;
}

export class AccountService {
  constructor(
    private readonly deps: { accounts: AccountStore; hasher: PasswordHasher; clock: Clock },
  ) {}

  /** The account behind a session, or undefined once it is gone. */
  async find(accountId: string): Promise<AccountView | undefined> {
    const account = await this.deps.accounts.findById(accountId);
    return account ? { id: account.id, email: account.email } : undefined;
  }

  async signUp(rawEmail: string, rawPassword: string): Promise<Result<AccountView, SignUpError>> {
    const email = normalizeEmail(rawEmail);
    if (!email.ok) return email;
    const password = checkPassword(rawPassword, email.value);
    if (!password.ok) return password;
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
