import { randomUUID } from 'node:crypto';
import { normalizeEmail } from '../../src/domain/accounts/email.ts';
import { ok, type Result } from '../../src/lib/result.ts';
import { fastHasher, type TestApp } from './test-app.ts';

/**
 * An account whose address is already proven, stored as sign-up and verification leave it
 * (normalised email, argon2id hash): for tests about what comes after sign-up. The sign-up
 * itself is tested through its own service and the API.
 */
export async function provenAccount(t: TestApp, rawEmail: string, password = 'correct horse battery staple'): Promise<Result<{ id: string; email: string }, never>> {
  const email = normalizeEmail(rawEmail);
  if (!email.ok) throw new Error(`not an email: ${rawEmail}`);
  const now = t.clock.now();
  const account = { id: randomUUID(), email: email.value, passwordHash: await fastHasher.hash(password), createdAt: now, emailVerifiedAt: now };
  if ((await t.app.storage.accounts.insert(account)) !== 'created') throw new Error(`${email.value} is taken`);
  return ok({ id: account.id, email: account.email });
}
