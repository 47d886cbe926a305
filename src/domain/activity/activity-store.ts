/**
 * Attempts against an account: counted in groups per account, kind and UTC day, so a flood of
 * them cannot push real events out of the holder's view.
 */
export type AttemptKind = 'code_request_unmatched' | 'code_failed' | 'password_failed' | 'verification_code_failed' | 'sign_up_attempt' | 'reset_code_failed';

/** What happened to an account, as its owner sees it under "recent activity". */
export type ActivityKind =
  | 'signed_in'
  | 'code_requested'
  | 'phone_added'
  | 'phone_verified'
  | 'phone_removed'
  | 'account_created'
  | 'email_verified'
  | 'password_reset_requested'
  | 'password_reset'
  | 'password_changed'
  | 'passkey_added'
  | 'passkey_removed'
  | 'email_changed'
  | 'email_change_undone'
  | AttemptKind;

/** Kinds kept one row each. (Rows written before attempts were grouped may hold attempt kinds.) */
export type EventKind = Exclude<ActivityKind, AttemptKind>;

export interface ActivityEvent {
  readonly id: string;
  /** Null for the decoy rows written for code requests that matched no account (equal work). */
  readonly accountId: string | null;
  readonly kind: ActivityKind;
  readonly at: number;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** Small and never secret: the method of a sign-in, the last digits of a number. */
  readonly detail: Readonly<Record<string, string>>;
}

/** One attempt, to be counted into its group. */
export interface Attempt {
  /** Used only when this attempt opens the group. */
  readonly newGroupId: string;
  /** Null for decoys: each opens a group of its own, pruned within the hour. */
  readonly accountId: string | null;
  readonly kind: AttemptKind;
  /** UTC day, YYYY-MM-DD. */
  readonly day: string;
  readonly at: number;
  /** HMAC of the client's address key; null when the address is unknown. */
  readonly addressKey: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface AttemptGroup {
  readonly id: string;
  readonly accountId: string | null;
  readonly kind: AttemptKind;
  readonly day: string;
  readonly count: number;
  readonly firstAt: number;
  readonly lastAt: number;
  /** Distinct client addresses, counted up to the bound given to `recordAttempt`. */
  readonly addresses: number;
  /** The latest attempt's. */
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface ActivityStore {
  insert(event: ActivityEvent): Promise<void>;
  /** Newest first. */
  listByAccount(accountId: string, limit: number): Promise<ActivityEvent[]>;
  /** Forgets events before `before` and decoy rows before `decoysBefore`. */
  prune(before: number, decoysBefore: number): Promise<number>;

  /**
   * Counts the attempt into the group of its account, kind and day, opening the group if there
   * is none; simultaneous attempts meet in one group. Its address counts once per group, and
   * only while fewer than `maxAddresses` are counted.
   */
  recordAttempt(attempt: Attempt, maxAddresses: number): Promise<void>;
  /** The account's groups last added to at or after `since`, most recent first. */
  listAttemptGroups(accountId: string, since: number, limit: number): Promise<AttemptGroup[]>;
  /** Forgets groups last added to before `before`, and decoy groups before `decoysBefore`. */
  pruneAttemptGroups(before: number, decoysBefore: number): Promise<number>;
}
