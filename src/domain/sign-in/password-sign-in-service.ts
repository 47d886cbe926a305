import { err, ok, type Result } from '../../lib/result.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import { normalizeEmail } from '../accounts/email.ts';
import type { PasswordHasher } from '../accounts/password-hasher.ts';
import { PASSWORD_MAX_LENGTH } from '../accounts/password-policy.ts';
import type { IssuedSession, SessionService } from '../sessions/session-service.ts';

export class PasswordSignInService {
  constructor(
    private readonly deps: { accounts: AccountStore; hasher: PasswordHasher; sessions: SessionService },
  ) {}

  /** Unknown emails cost an argon2 verify too, so timing does not tell which emails exist. */
  async signIn(rawEmail: string, rawPassword: string): Promise<Result<IssuedSession, 'credentials_invalid'>> {
    const password = rawPassword.normalize('NFKC');
    const email = normalizeEmail(rawEmail);
    const account = email.ok ? await this.deps.accounts.findByEmail(email.value) : undefined;
    // Over-long input is refused before hashing: argon2 on megabytes is a denial of service.
    if (!account || [...password].length > PASSWORD_MAX_LENGTH) {
      await this.deps.hasher.verifyDummy(password.slice(0, PASSWORD_MAX_LENGTH));
      return err('credentials_invalid');
    }
    if (!(await this.deps.hasher.verify(account.passwordHash, password))) return err('credentials_invalid');
    return ok(await this.deps.sessions.create(account.id, 'pwd'));
  }
}
