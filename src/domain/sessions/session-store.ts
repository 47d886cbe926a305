/** How a session was signed in: password, one-time code, or a passkey bound to one device (hwk) or synced (swk), as RFC 8176 names them. */
export type SignInMethod = 'pwd' | 'otp' | 'hwk' | 'swk';

export interface Session {
  readonly id: string;
  readonly tokenHash: string;
  readonly accountId: string;
  readonly method: SignInMethod;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** Absolute end, however much the session is used. */
  readonly expiresAt: number;
  readonly revokedAt: number | null;
  /** The browser's User-Agent at sign-in (shortened); null when it sent none, or from before it was kept. */
  readonly userAgent: string | null;
  /** The client address at sign-in (see TRUST_PROXY); null from before it was kept. */
  readonly clientIp: string | null;
}

export interface SessionStore {
  insert(session: Session): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<Session | undefined>;
  touch(id: string, at: number): Promise<void>;
  revoke(id: string, at: number): Promise<void>;
  /** Ends every session of the account still open, but `exceptId` when given; answers how many. */
  revokeForAccount(accountId: string, at: number, exceptId?: string): Promise<number>;
  /** Ends one open session, only if it is the account's; answers whether one was ended. */
  revokeOfAccount(accountId: string, id: string, at: number): Promise<boolean>;
  /** Deletes sessions that ended (expired or signed out) before `before`; returns how many. */
  prune(before: number): Promise<number>;
  /** The account's sessions neither revoked nor past their absolute end at `now`, last used first. */
  listOpen(accountId: string, now: number): Promise<Session[]>;
}
