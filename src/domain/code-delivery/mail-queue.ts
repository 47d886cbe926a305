import type { Locale } from '../../i18n/locale.ts';

/**
 * What a mail is about. The mail/ folder turns each kind into a subject and a plain text in
 * the person's language; the domain never writes prose.
 */
export type AccountMail =
  /** Proves the address at sign-up: the code (the only run of digits in the mail) and a link with the same effect. */
  | { readonly kind: 'verify_email'; readonly code: string; readonly codeId: string; readonly expiresAt: number }
  /**
   * Someone tried to create an account with an address that has one: the sign-up answers
   * exactly as for a new address, and only the address's owner learns it is taken.
   */
  | { readonly kind: 'sign_up_attempt' }
  /** A code to set a new password ("Glömt lösenordet?"). */
  | { readonly kind: 'password_reset'; readonly code: string; readonly codeId: string; readonly expiresAt: number }
  /** The password was just changed: a notice on a channel the changer may not hold. */
  | { readonly kind: 'password_changed' }
  /** A passkey was added to or removed from the account: a notice on a channel the changer may not hold. */
  | { readonly kind: 'passkey_added' | 'passkey_removed' }
  /** The account was deleted: the last mail to its address, erased from the outbox once settled. */
  | { readonly kind: 'account_deleted' }
  /** A number was added to or removed from the account (its last digits). */
  | { readonly kind: 'phone_added' | 'phone_removed'; readonly lastDigits: string }
  /** A sign-in from a browser the account was not signed in on before. */
  | { readonly kind: 'new_browser'; readonly browser: string | null; readonly ip: string | null }
  /** A code to the new address of an email change: proves it before the account takes it. */
  | { readonly kind: 'change_email'; readonly code: string; readonly codeId: string; readonly expiresAt: number }
  /**
   * Someone tried to move an account to an address another account holds (or keeps for its
   * undo): the request answers as for a free address, and only the address's owner learns it.
   */
  | { readonly kind: 'email_change_attempt' }
  /** To the old address after an email change: a link (single use, `undoDays` days) that undoes it. */
  | { readonly kind: 'email_changed'; readonly undoToken: string; readonly undoDays: number };

export type MailKind = AccountMail['kind'];

export type MailMessage = AccountMail & { readonly to: string; readonly locale: Locale };

/**
 * Where mails go: the same durable outbox as texts, written in the caller's transaction, so a
 * mail is queued exactly when what it is about is committed.
 */
export interface MailQueue {
  enqueue(mail: MailMessage): Promise<void>;
  /**
   * The same work as `enqueue` for a request that matched nothing: composed and written as a
   * row that is never sent and soon deleted, so a match and a miss take the same time.
   */
  enqueueDecoy(mail: MailMessage): Promise<void>;
}
