export type SignInMethod = 'pwd' | 'otp';

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
}

export interface SessionStore {
  insert(session: Session): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<Session | undefined>;
  touch(id: string, at: number): Promise<void>;
  revoke(id: string, at: number): Promise<void>;
  /** Ends every session of the account still open; answers how many. */
  revokeForAccount(accountId: string, at: number): Promise<number>;
}
