import type { Kysely } from 'kysely';
import type { AccountStore } from '../domain/accounts/account-store.ts';
import type { AccountErasureStore } from '../domain/accounts/account-erasure-store.ts';
import type { GuardStore } from '../domain/code-delivery/pumping-guard.ts';
import type { ActivityStore } from '../domain/activity/activity-store.ts';
import type { LimitLogStore } from '../domain/rate-limits/limit-log-store.ts';
import type { PhoneStore } from '../domain/security-info/phone-store.ts';
import type { PasskeyStore } from '../domain/passkeys/passkey-store.ts';
import type { KnownDeviceStore } from '../domain/sessions/known-devices.ts';
import type { SessionStore } from '../domain/sessions/session-store.ts';
import type { CodeStore } from '../domain/sign-in/code-store.ts';
import type { AfterCommit } from '../domain/unit-of-work.ts';
import type { ClientStore, ConsentStore, OidcPayloadStore, SigningKeyStore } from '../oidc/oidc-store.ts';
import type { OutboxStores } from '../sms/outbox-store.ts';
import type { DevMailInboxStore } from '../mail/dev-mail-inbox-store.ts';
import type { DevInboxStore } from '../sms/transports/dev-inbox-store.ts';
import type { Database } from './database.ts';
import type { Dialect } from './kysely/dialect.ts';
import { kyselyAccountStore } from './kysely/account-store.ts';
import { kyselyAccountErasureStore } from './kysely/account-erasure-store.ts';
import { kyselyActivityStore } from './kysely/activity-store.ts';
import { kyselyCodeStore } from './kysely/code-store.ts';
import { kyselyDevInboxStore } from './kysely/dev-inbox-store.ts';
import { kyselyDevMailInboxStore } from './kysely/dev-mail-inbox-store.ts';
import { kyselyGuardStore } from './kysely/guard-store.ts';
import { kyselyKnownDeviceStore } from './kysely/known-device-store.ts';
import { kyselyLimitLogStore } from './kysely/limit-log-store.ts';
import { kyselyClientStore, kyselyConsentStore, kyselyOidcPayloadStore, kyselySigningKeyStore } from './kysely/oidc-store.ts';
import { kyselyOutboxAttemptStore } from './kysely/outbox-attempt-store.ts';
import { kyselyOutboxOperatorStore } from './kysely/outbox-operator-store.ts';
import { kyselyOutboxQueueStore } from './kysely/outbox-queue-store.ts';
import { kyselyOutboxReportStore } from './kysely/outbox-report-store.ts';
import { kyselyPhoneStore } from './kysely/phone-store.ts';
import { kyselyPasskeyStore } from './kysely/passkey-store.ts';
import { kyselySessionStore } from './kysely/session-store.ts';
import { kyselyEmailChangeStore } from './kysely/email-change-store.ts';
import type { EmailChangeStore } from '../domain/accounts/email-change-store.ts';

/** Every store interface the domain, sms and mail declare, on one database. */
export interface Stores {
  readonly accounts: AccountStore;
  /** Deleting an account: everything about the person, across tables. */
  readonly erasure: AccountErasureStore;
  readonly phones: PhoneStore;
  readonly passkeys: PasskeyStore;
  readonly codes: CodeStore;
  readonly sessions: SessionStore;
  readonly knownDevices: KnownDeviceStore;
  readonly emailChanges: EmailChangeStore;
  readonly limits: LimitLogStore;
  readonly guard: GuardStore;
  readonly outbox: OutboxStores;
  readonly devInbox: DevInboxStore;
  readonly devMail: DevMailInboxStore;
  readonly activity: ActivityStore;
  readonly oidcPayloads: OidcPayloadStore;
  readonly signingKeys: SigningKeyStore;
  readonly clients: ClientStore;
  readonly consents: ConsentStore;
}

export interface Storage extends Stores {
  readonly dialect: Dialect;
  /**
   * Runs `work` with stores bound to one transaction: it commits if `work` resolves, rolls back
   * if it throws. Then `after` once committed, as the domain's InTransaction says (on
   * PostgreSQL with pipelining, in the commit's round trip).
   */
  transaction<T>(work: (stores: Stores) => Promise<T>, after?: AfterCommit<T>): Promise<T>;
  /** Throws unless the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A transaction that commits before anything follows it (SQLite, or PostgreSQL without
 * pipelining): `after` runs once it has, on the stores outside any transaction.
 */
export async function committedThen<T>(committing: Promise<T>, outside: Stores, after?: AfterCommit<T>): Promise<T> {
  const value = await committing;
  if (after) await after({ guard: outside.guard }, value);
  return value;
}

/**
 * `guardAsyncCommit` (GUARD_ASYNC_COMMIT) only for stores outside a transaction; see
 * kyselyGuardStore. `soleWriter`: the stores serve one SQLite transaction, during which nothing
 * else writes (see kyselyLimitLogStore).
 */
export function storesOn(db: Kysely<Database>, dialect: Dialect, options: { guardAsyncCommit?: boolean; soleWriter?: boolean } = {}): Stores {
  return {
    accounts: kyselyAccountStore(db),
    erasure: kyselyAccountErasureStore(db),
    phones: kyselyPhoneStore(db),
    passkeys: kyselyPasskeyStore(db),
    codes: kyselyCodeStore(db, dialect),
    sessions: kyselySessionStore(db),
    knownDevices: kyselyKnownDeviceStore(db),
    emailChanges: kyselyEmailChangeStore(db),
    limits: kyselyLimitLogStore(db, dialect, { soleWriter: options.soleWriter }),
    guard: kyselyGuardStore(db, dialect, { asyncCommit: options.guardAsyncCommit }),
    outbox: {
      queue: kyselyOutboxQueueStore(db, dialect),
      attempts: kyselyOutboxAttemptStore(db),
      reports: kyselyOutboxReportStore(db),
      operator: kyselyOutboxOperatorStore(db),
    },
    devInbox: kyselyDevInboxStore(db),
    devMail: kyselyDevMailInboxStore(db),
    activity: kyselyActivityStore(db, dialect),
    oidcPayloads: kyselyOidcPayloadStore(db),
    signingKeys: kyselySigningKeyStore(db),
    clients: kyselyClientStore(db),
    consents: kyselyConsentStore(db),
  };
}
