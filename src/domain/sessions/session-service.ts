import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { Random } from '../../lib/random.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { sha256 } from '../../lib/secrets.ts';
import type { RequestContext } from '../activity/activity-log.ts';
import { browserLine } from '../activity/user-agent.ts';
import type { SessionStore, SignInMethod, Session } from './session-store.ts';

/** One place a person is signed in, as "Där du är inloggad" lists it. */
export interface SessionView {
  readonly id: string;
  /** The user agent as a person reads it ("Firefox 133 on Linux"); null when unknown. */
  readonly browser: string | null;
  readonly userAgent: string | null;
  readonly ip: string | null;
  readonly method: SignInMethod;
  /** ISO 8601: the sign-in. */
  readonly signedInAt: string;
  /** ISO 8601: the last request (to within a minute). */
  readonly lastSeenAt: string;
  /** This request's own session. */
  readonly current: boolean;
}

// As the activity log: the client chooses its user agent, so a ceiling keeps it from filling the table.
const MAX_USER_AGENT = 200;

export interface IssuedSession {
  readonly token: string;
  /** ISO 8601; the absolute end. The session also ends after the idle time without use. */
  readonly expiresAt: string;
}

// Writing last_seen_at on every request would turn every read into a write; a minute of
// slack on an idle timeout of many minutes costs nothing.
const TOUCH_EVERY_MS = 60_000;

/**
 * Changing security info needs a sign-in this recent, so a session left open on a shared
 * computer cannot be used to add a number of someone else's or remove the owner's.
 */
export const RECENT_SIGN_IN_SECONDS = 600;

export class SessionService {
  constructor(
    private readonly deps: {
      sessions: SessionStore;
      clock: Clock;
      random: Random;
      idleSeconds: number;
      maxSeconds: number;
      /**
       * After sessions were ended from the list: ends the websites' (OpenID Connect) sessions,
       * codes and tokens that came from them.
       */
      endWebsiteSessions?: (ended: readonly Session[]) => Promise<void>;
    },
  ) {}

  /**
   * 256 random bits; only their SHA-256 is stored, so a database leak yields no usable token.
   * `store`: the session store of a transaction the new session should commit with; `context`:
   * the browser and client address it is created from, which the list of sessions shows.
   */
  async create(accountId: string, method: SignInMethod, store: SessionStore = this.deps.sessions, context: RequestContext = {}): Promise<IssuedSession> {
    const token = this.deps.random.token(32);
    const now = this.deps.clock.now();
    const expiresAt = now + this.deps.maxSeconds * 1000;
    await store.insert({
      id: newId(),
      tokenHash: sha256(token),
      accountId,
      method,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      revokedAt: null,
      userAgent: context.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      clientIp: context.clientIp ?? null,
    });
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  }

  async authenticate(token: string): Promise<Result<Session, 'unauthenticated'>> {
    if (token.length === 0 || token.length > 128) return err('unauthenticated');
    const session = await this.deps.sessions.findByTokenHash(sha256(token));
    const now = this.deps.clock.now();
    if (
      !session ||
      session.revokedAt !== null ||
      now >= session.expiresAt ||
      now >= session.lastSeenAt + this.deps.idleSeconds * 1000
    ) {
      return err('unauthenticated');
    }
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) await this.deps.sessions.touch(session.id, now);
    return ok(session);
  }

  /**
   * A session is created at every sign-in and never renewed, so its creation time is the
   * time of the sign-in behind it.
   */
  requireRecentSignIn(session: Session): Result<Session, 'reauthentication_required'> {
    const age = this.deps.clock.now() - session.createdAt;
    return age < RECENT_SIGN_IN_SECONDS * 1000 ? ok(session) : err('reauthentication_required');
  }

  async revoke(session: Session): Promise<void> {
    await this.deps.sessions.revoke(session.id, this.deps.clock.now());
  }

  /** The account's sessions still valid (not ended, not past either timeout), last used first. */
  async list(current: Session): Promise<SessionView[]> {
    return this.listOfAccount(current.accountId, current.id);
  }

  /** The same list for an account, without a current session (operators: `engangskod users sessions`). */
  async listOfAccount(accountId: string, currentId?: string): Promise<SessionView[]> {
    const now = this.deps.clock.now();
    const open = await this.deps.sessions.listOpen(accountId, now);
    return open
      .filter((session) => now < session.lastSeenAt + this.deps.idleSeconds * 1000)
      .map((session) => ({
        id: session.id,
        browser: browserLine(session.userAgent),
        userAgent: session.userAgent,
        ip: session.clientIp,
        method: session.method,
        signedInAt: new Date(session.createdAt).toISOString(),
        lastSeenAt: new Date(session.lastSeenAt).toISOString(),
        current: session.id === currentId,
      }));
  }

  /**
   * Ends one of the account's sessions by its id, and what websites hold from it; false when it
   * is not the account's or already ended.
   */
  async end(accountId: string, id: string): Promise<boolean> {
    const session = (await this.deps.sessions.listOpen(accountId, this.deps.clock.now())).find((s) => s.id === id);
    if (!session || !(await this.deps.sessions.revokeOfAccount(accountId, id, this.deps.clock.now()))) return false;
    await this.deps.endWebsiteSessions?.([session]);
    return true;
  }

  /** "Logga ut överallt annars": every session of the account but `current` ends, and what websites hold from them. */
  async endOthers(current: Session): Promise<number> {
    const others = (await this.deps.sessions.listOpen(current.accountId, this.deps.clock.now())).filter((s) => s.id !== current.id);
    const ended = await this.deps.sessions.revokeForAccount(current.accountId, this.deps.clock.now(), current.id);
    await this.deps.endWebsiteSessions?.(others);
    return ended;
  }
}
