export interface Account {
  readonly id: string;
  /** Normalised (see email.ts): the one form stored and compared. */
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: number;
}

export interface AccountStore {
  /** Inserts unless the email is taken; the database's unique index decides races. */
  insert(account: Account): Promise<'created' | 'email_taken'>;
  findByEmail(email: string): Promise<Account | undefined>;
  findById(id: string): Promise<Account | undefined>;
  /** Newest first; for operators (`engangskod users list`). */
  list(limit: number): Promise<Account[]>;
}
