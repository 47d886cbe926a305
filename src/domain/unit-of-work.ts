import type { AccountStore } from './accounts/account-store.ts';
import type { AccountErasureStore } from './accounts/account-erasure-store.ts';
import type { EmailChangeStore } from './accounts/email-change-store.ts';
import type { ActivityStore } from './activity/activity-store.ts';
import type { PhoneStore } from './security-info/phone-store.ts';
import type { PasskeyStore } from './passkeys/passkey-store.ts';
import type { CodeStore } from './sign-in/code-store.ts';
import type { GuardStore } from './code-delivery/pumping-guard.ts';
import type { TextQueue } from './code-delivery/text-queue.ts';
import type { MailQueue } from './code-delivery/mail-queue.ts';
import type { LimitLogStore } from './rate-limits/limit-log-store.ts';
import type { KnownDeviceStore } from './sessions/known-devices.ts';
import type { SessionStore } from './sessions/session-store.ts';

/** The stores a domain operation may touch together, all in one transaction. */
export interface DomainStores {
  readonly accounts: AccountStore;
  readonly erasure: AccountErasureStore;
  readonly phones: PhoneStore;
  readonly passkeys: PasskeyStore;
  readonly codes: CodeStore;
  readonly limits: LimitLogStore;
  readonly texts: TextQueue;
  /** Mails, on the same outbox as texts (verification, password reset, notices). */
  readonly mails: MailQueue;
  readonly activity: ActivityStore;
  readonly sessions: SessionStore;
  readonly knownDevices: KnownDeviceStore;
  /** Email changes waiting for their code, and made ones that can still be undone. */
  readonly emailChanges: EmailChangeStore;
  readonly guard: GuardStore;
}

/** The stores for work that follows a commit: outside the transaction, each statement its own. */
export interface CommittedStores {
  readonly guard: GuardStore;
}

/**
 * Work that follows a transaction's commit, given the transaction's result. On PostgreSQL its
 * statements go out right behind the commit, on the same connection, before the commit's
 * answer is back; they wait for that answer before theirs, so nothing it does after its first
 * statement runs unless the transaction committed. The statements themselves have run by then:
 * should the commit fail (a write the transaction did not wait for failed), they ran after a
 * rollback. So it is for counts that bear one too many, as the pumping guard's do.
 */
export type AfterCommit<T> = (stores: CommittedStores, result: T) => Promise<void>;

/**
 * Runs `work` in one transaction: all its writes land, or none do. Then `after`, if given, once
 * the transaction committed; the call resolves once both are done, and rejects with `after`'s
 * failure too, although `work`'s writes have landed then.
 */
export type InTransaction = <T>(work: (stores: DomainStores) => Promise<T>, after?: AfterCommit<T>) => Promise<T>;
