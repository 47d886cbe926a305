export interface Account {
  readonly id: string;
  /** Normalised (see email.ts): the one form stored and compared. */
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: number;
  /**
   * When the address was proven with a code sent to it; null until then (no sign-in yet). 0 for
   * accounts from before addresses were proven: they sign in, but the address counts as unproven.
   */
  readonly emailVerifiedAt: number | null;
  /** When an operator disabled the account; null or absent while it is in use. */
  readonly disabledAt?: number | null;
}

export interface AccountStore {
  /** Inserts unless the email is taken; the database's unique index decides races. */
  insert(account: Account): Promise<'created' | 'email_taken'>;
  /**
   * The account in use with this email: a disabled one is not found, so sign-in, codes,
   * resets and sign-up answer about it exactly as about an unknown address.
   */
  findByEmail(email: string): Promise<Account | undefined>;
  /** Disabled or not; for operators (`engangskod users …`). */
  findAnyByEmail(email: string): Promise<Account | undefined>;
  /** Disables (`at`) or enables (null) the account; answers whether that changed anything. */
  setDisabled(id: string, at: number | null): Promise<boolean>;
  findById(id: string): Promise<Account | undefined>;
  /** The address was proven (also one from before proofs, marked 0); answers whether it changed anything. */
  markEmailVerified(id: string, at: number): Promise<boolean>;
  /** A new password (a reset, or a repeated sign-up for an address not yet proven). */
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  /**
   * Gives the account a new, proven address (an email change, or its undo): `email_taken` when
   * another account holds it (the unique index decides races).
   */
  changeEmail(id: string, email: string, verifiedAt: number): Promise<'changed' | 'email_taken'>;
  /** Removes the account that holds `email` if its address was never proven (someone proved it elsewhere); answers whether one went. */
  deleteUnverifiedByEmail(email: string): Promise<boolean>;
  /** Removes accounts whose address was never proven and that were created before `before`; answers how many. */
  deleteUnverifiedBefore(before: number): Promise<number>;
  /** Newest first; for operators (`engangskod users list`). */
  list(limit: number): Promise<Account[]>;
}

/** Whether the person proved they read the address's mail (accounts from before proofs have not). */
export const isProven = (account: Account): boolean => account.emailVerifiedAt !== null && account.emailVerifiedAt > 0;
