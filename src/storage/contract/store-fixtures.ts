import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Account } from '../../domain/accounts/account-store.ts';
import type { Phone } from '../../domain/security-info/phone-store.ts';
import type { Session } from '../../domain/sessions/session-store.ts';
import type { CodeSubject, StoredCode } from '../../domain/sign-in/code-store.ts';
import type { ClientRow, ConsentRow, OidcPayloadRow, SigningKeyRow } from '../../oidc/oidc-store.ts';
import type { Stores } from '../storage.ts';
import { aMessage } from './outbox-fixtures.ts';

/** Rows for the storage contract's cases: each a valid row, with the fields a case cares about overridden. */
export const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

export const signIn = (accountId: string): CodeSubject => ({ accountId, purpose: 'sign_in' });

export const anAccount = (overrides: Partial<Account> = {}): Account => ({
  id: randomUUID(),
  email: `${randomUUID()}@example.se`,
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$not-a-real-hash',
  createdAt: T0,
  emailVerifiedAt: T0,
  disabledAt: null,
  ...overrides,
});

export async function inserted(storage: Stores, account: Account): Promise<Account> {
  assert.equal(await storage.accounts.insert(account), 'created');
  return account;
}

export const aPhone = (accountId: string, overrides: Partial<Phone> = {}): Phone => ({
  id: randomUUID(),
  accountId,
  region: 'SE',
  e164: '+46701234567',
  verifiedAt: null,
  createdAt: T0,
  ...overrides,
});

export const aCode = (overrides: Partial<StoredCode> & Pick<StoredCode, 'accountId'>): StoredCode => ({
  id: randomUUID(),
  phoneId: null,
  purpose: 'sign_in',
  codeHmac: `hmac-${randomUUID()}`,
  createdAt: T0,
  expiresAt: T0 + 10 * 60_000,
  attempts: 0,
  ...overrides,
});

export const aSession = (accountId: string, overrides: Partial<Session> = {}): Session => ({
  id: randomUUID(),
  tokenHash: `hash-${randomUUID()}`,
  accountId,
  method: 'otp',
  createdAt: T0,
  lastSeenAt: T0,
  expiresAt: T0 + 24 * 60 * 60_000,
  revokedAt: null,
  userAgent: null,
  clientIp: null,
  ...overrides,
});

export const anArtefact = (overrides: Partial<OidcPayloadRow> = {}): OidcPayloadRow => ({
  model: 'AccessToken',
  id: randomUUID(),
  payload: JSON.stringify({ jti: randomUUID(), kind: 'AccessToken' }),
  grantId: null,
  accountId: null,
  clientId: null,
  userCode: null,
  uid: null,
  expiresAt: T0 + 3600_000,
  consumedAt: null,
  ...overrides,
});

export const aConsent = (accountId: string, overrides: Partial<ConsentRow> = {}): ConsentRow => ({
  accountId,
  clientId: randomUUID(),
  scopes: ['openid', 'email'],
  claims: [],
  givenAt: T0,
  expiresAt: T0 + 365 * 24 * 3600_000,
  ...overrides,
});

export const aSigningKey = (overrides: Partial<SigningKeyRow> = {}): SigningKeyRow => ({
  kid: randomUUID(),
  generation: 1,
  sealedJwk: `sealed-${randomUUID()}`,
  createdAt: T0,
  ...overrides,
});

export const aClient = (overrides: Partial<ClientRow> = {}): ClientRow => ({
  clientId: randomUUID(),
  metadata: `sealed-${randomUUID()}`,
  createdAt: T0,
  ...overrides,
});

/** One write to each store, as a transaction's work would do. */
export async function writeToEveryStore(stores: Stores, rows: { anna: Account; phone: Phone; code: StoredCode }): Promise<void> {
  const { anna, phone, code } = rows;
  assert.equal(await stores.accounts.insert(anna), 'created');
  assert.equal(await stores.phones.insert(phone), 'created');
  await stores.codes.insert(code);
  await stores.sessions.insert(aSession(anna.id, { tokenHash: `token-of-${anna.id}` }));
  await stores.limits.record('otp:email', anna.id, T0, 10);
  const messageId = await stores.outbox.queue.enqueue(aMessage({ codeId: code.id }), T0);
  await stores.devInbox.add({ messageId, to: phone.e164, body: 'hej', at: T0 });
}
