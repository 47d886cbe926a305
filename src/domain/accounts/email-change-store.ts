/** A change of an account's address: pending until the new address is proven, then undoable for a while. */
export interface EmailChange {
  readonly id: string;
  readonly accountId: string;
  readonly oldEmail: string;
  readonly newEmail: string;
  readonly requestedAt: number;
  /** Null while the change waits for its code. */
  readonly changedAt: number | null;
}

export interface EmailChangeStore {
  insertPending(change: Omit<EmailChange, 'changedAt'>): Promise<void>;
  /** Ends every change of the account still waiting for its code (a newer request, an undo). */
  endPending(accountId: string, at: number): Promise<void>;
  /** The account's newest change still waiting for its code, requested at or after `since`. */
  findPending(accountId: string, since: number): Promise<EmailChange | undefined>;
  /** The pending change was made: its undo token (an HMAC) works until `undoUntil`. Answers whether it still was pending. */
  markChanged(id: string, at: number, undoTokenHmac: string, undoUntil: number): Promise<boolean>;
  /** The account whose undo window keeps `email` reserved at `now`, if any. */
  reservedBy(email: string, now: number): Promise<string | undefined>;
  /** The change an unused, unexpired undo token belongs to. */
  findUndoable(undoTokenHmac: string, now: number): Promise<EmailChange | undefined>;
  /**
   * Uses the undo token if, at this instant, it still works: one conditional update, so of any
   * number of simultaneous undos exactly one gets the change.
   */
  claimUndo(undoTokenHmac: string, now: number): Promise<EmailChange | undefined>;
  /** Voids the undo links of the account's changes made after `after` (an undo goes back past them). */
  endChangesAfter(accountId: string, after: number, at: number): Promise<void>;
  /** Deletes changes that can no longer be made or undone before `before`; answers how many. */
  prune(before: number): Promise<number>;
}
