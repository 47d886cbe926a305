import type { Locale } from '../../i18n/locale.ts';
import type { CodePurpose, MailOnlyPurpose } from '../sign-in/code-store.ts';

export interface CodeText {
  readonly to: string;
  /** An address is proven by mail only. */
  readonly purpose: Exclude<CodePurpose, MailOnlyPurpose>;
  readonly locale: Locale;
  readonly code: string;
  readonly codeId: string;
  readonly expiresAt: number;
  /** This text uses up the day's allowance: it says so. */
  readonly lastToday?: boolean;
}

/** What a notice text says: a change to the account's security, told to its holder's numbers (and address, see SecurityNotice). */
export type NoticeKind =
  | {
      readonly kind: 'phone_added' | 'phone_removed';
      /** The last digits of the number the notice is about. */
      readonly lastDigits: string;
    }
  | { readonly kind: 'password_changed' | 'email_changed' | 'passkey_added' | 'passkey_removed' }
  /** The last text to a deleted account's number: the outbox erases it once settled (housekeeping). */
  | { readonly kind: 'account_deleted' }
  | {
      readonly kind: 'new_browser';
      /** The browser as a person reads it ("Firefox 133 on Linux"); null when it did not say. */
      readonly browser: string | null;
    };

export type NoticeText = { readonly to: string; readonly locale: Locale } & NoticeKind;

/**
 * Where a code's text message goes. Written in the same transaction as the code, so a
 * code is never stored without its text nor a text queued for a code that was rolled back.
 */
export interface TextQueue {
  enqueueCode(text: CodeText): Promise<void>;
  /**
   * The same work as `enqueueCode` for a request that matched nothing: the text is composed
   * and written, as a row that is never sent and is soon deleted, so a match and a miss take
   * the same time. No number is kept.
   */
  enqueueDecoy(text: Omit<CodeText, 'to'>): Promise<void>;
  /** A short notice with no code, e.g. to the other numbers of an account when one is added. */
  enqueueNotice(notice: NoticeText): Promise<void>;
}
