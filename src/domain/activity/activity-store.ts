/** What happened to an account, as its owner sees it under "recent activity". */
export type ActivityKind =
  | 'signed_in'
  | 'password_failed'
  | 'code_requested'
  | 'code_request_unmatched'
  | 'code_failed'
  | 'phone_added'
  | 'phone_verified'
  | 'phone_removed';

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

export interface ActivityStore {
  insert(event: ActivityEvent): Promise<void>;
  /** Newest first. */
  listByAccount(accountId: string, limit: number): Promise<ActivityEvent[]>;
  /** Forgets events before `before` and decoy rows before `decoysBefore`. */
  prune(before: number, decoysBefore: number): Promise<number>;
}
