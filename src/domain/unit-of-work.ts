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

/** Runs `work` in one transaction: all its writes land, or none do. */
export type InTransaction = <T>(work: (stores: DomainStores) => Promise<T>) => Promise<T>;
