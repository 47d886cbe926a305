/**
 * `verify_email` proves the address at sign-up, `change_email` the new address of an email change
 * (both by mail only); `reset_password` sets a new password (by mail or text).
 */
export type CodePurpose = 'sign_in' | 'verify_phone' | 'verify_email' | 'reset_password' | 'change_email';

/** The purposes whose codes go by mail only. */
export type MailOnlyPurpose = 'verify_email' | 'change_email';

/**
 * Whose code it is. A newer code for the same subject replaces the older ones: for sign-in
 * the subject is the account, for verification the account and the number being proven.
 */
export interface CodeSubject {
  readonly accountId: string;
  readonly purpose: CodePurpose;
  readonly phoneId?: string;
}

export interface StoredCode {
  readonly id: string;
  readonly accountId: string | null;
  readonly phoneId: string | null;
  readonly purpose: CodePurpose;
  readonly codeHmac: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly attempts: number;
}

/** A stored code, and where it went when it went by text (null for a mail's). */
export interface UsableCode extends StoredCode {
  readonly sentTo: { readonly e164: string; readonly region: string } | null;
}

/** What became of a code, as the SMS dispatcher needs to know before it sends one. */
export type CodeState = 'usable' | 'expired' | 'void';

export interface CodeStore {
  /** Makes every code of the subject that could still be used unusable. */
  invalidateSubject(subject: CodeSubject, at: number): Promise<void>;
  /** Makes every unused code sent to this number unusable (the number was removed). */
  invalidatePhone(phoneId: string, at: number): Promise<void>;
  insert(code: StoredCode): Promise<void>;
  /**
   * `invalidateSubject(subject, at)` and then `insert(code)`, as one write where the database
   * allows (every code request makes it): the new code is the subject's only usable one.
   */
  replace(subject: CodeSubject, code: StoredCode, at: number): Promise<void>;
  /**
   * The newest code of the subject that is unused, valid, unexpired and under the attempt cap,
   * with the number it was texted to (read with it: a redeemed code tells the pumping guard).
   */
  findUsable(subject: CodeSubject, now: number, maxAttempts: number): Promise<UsableCode | undefined>;
  /**
   * Marks the code used if, at this instant, it still is usable: one conditional update, so
   * of any number of simultaneous redeems exactly one gets `true`.
   */
  consume(id: string, now: number, maxAttempts: number): Promise<boolean>;
  /**
   * As `consume`, inside a transaction, for a caller that goes on as if the code was used: when
   * it no longer is usable, the transaction fails with CodeNoLongerUsableError and none of its writes land. Where
   * the database answers later (PostgreSQL's pipelined transactions) the failure comes at the
   * next statement waited for, or at the commit.
   */
  consumeOrFail(id: string, now: number, maxAttempts: number): Promise<void>;
  recordWrongAttempt(id: string): Promise<void>;
  state(id: string, now: number, maxAttempts: number): Promise<CodeState>;
  /** `state` of several codes in one read (a dispatcher's batch); a code not found is `void`. */
  states(ids: readonly string[], now: number, maxAttempts: number): Promise<Map<string, CodeState>>;
  /** Deletes codes that expired before `before`; they can never be used again. */
  prune(before: number): Promise<number>;
}

/** A code `consumeOrFail` was to use had been used, invalidated or spent by guesses meanwhile. */
export class CodeNoLongerUsableError extends Error {
  constructor() {
    super('the one-time code was no longer usable when it was to be used');
    this.name = 'CodeNoLongerUsableError';
  }
}
