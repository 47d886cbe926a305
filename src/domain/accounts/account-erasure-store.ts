/** What is erased with an account: the values that identify the person wherever they are kept. */
export interface Erasure {
  readonly accountId: string;
  readonly email: string;
  /** The account's numbers (E.164) that no other account holds: texts to them and dev inbox rows go. */
  readonly numbers: readonly string[];
  /** Limit-log keys (HMACs) derived from the account's id, email or browsers. */
  readonly limitKeys: readonly string[];
  /** Starts of limit-log keys: a key made of such an HMAC, a colon and a browser's or client's part. */
  readonly limitKeyPrefixes: readonly string[];
  /** The outbox purpose of the farewell queued in the same transaction, which stays until it is settled. */
  readonly keepPurpose: string;
}

/**
 * Deleting an account (GDPR art. 17) reaches past its own rows: codes, sessions, browsers,
 * activity, limit rows, texts and mails, and what websites were given. One store does it all
 * in the caller's transaction, so a deletion is whole or not at all.
 */
export interface AccountErasureStore {
  /** The keys of the browsers the account signed in on: its limit keys are scoped by them. */
  deviceKeys(accountId: string): Promise<string[]>;
  /** Which of `numbers` another account than `accountId` also holds. */
  sharedNumbers(accountId: string, numbers: readonly string[]): Promise<string[]>;
  /** Deletes every row about the person; answers how many rows went. */
  erase(erasure: Erasure): Promise<number>;
  /**
   * The farewells (outbox rows of `purpose`) that are settled (delivered, failed, expired,
   * cancelled, or sent with no transport left to fail over to) keep no recipient or body, and
   * the development inboxes' copies go; answers how many were erased.
   */
  eraseSettled(purpose: string): Promise<number>;
}
