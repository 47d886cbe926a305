import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../lib/clock.ts';
import { cryptoRandom } from '../../lib/random.ts';
import { sha256 } from '../../lib/secrets.ts';
import { RECENT_SIGN_IN_SECONDS, SessionService } from './session-service.ts';
import type { Session, SessionStore } from './session-store.ts';

function memoryStore(): SessionStore & { rows: Map<string, Session> } {
  const rows = new Map<string, Session>();
  return {
    rows,
    async insert(session) {
      rows.set(session.id, session);
    },
    async findByTokenHash(tokenHash) {
      return [...rows.values()].find((s) => s.tokenHash === tokenHash);
    },
    async touch(id, at) {
      const row = rows.get(id);
      if (row) rows.set(id, { ...row, lastSeenAt: at });
    },
    async revoke(id, at) {
      const row = rows.get(id);
      if (row) rows.set(id, { ...row, revokedAt: at });
    },
    async revokeForAccount(accountId, at) {
      const open = [...rows.values()].filter((s) => s.accountId === accountId && s.revokedAt === null);
      for (const row of open) rows.set(row.id, { ...row, revokedAt: at });
      return open.length;
    },
  };
}

function setup() {
  const clock = new ManualClock();
  const store = memoryStore();
  const sessions = new SessionService({ sessions: store, clock, random: cryptoRandom, idleSeconds: 1800, maxSeconds: 43_200 });
  return { clock, store, sessions };
}

async function signedIn(sessions: SessionService, store: ReturnType<typeof memoryStore>): Promise<Session> {
  const issued = await sessions.create('account-1', 'pwd');
  const session = [...store.rows.values()].find((s) => s.tokenHash === sha256(issued.token));
  assert.ok(session);
  return session;
}

describe('SessionService.requireRecentSignIn', () => {
  it('accepts a session whose sign-in was less than ten minutes ago', async () => {
    const { clock, store, sessions } = setup();
    const session = await signedIn(sessions, store);
    clock.advanceSeconds(RECENT_SIGN_IN_SECONDS - 1);
    assert.deepEqual(sessions.requireRecentSignIn(session), { ok: true, value: session });
  });

  it('asks for a new sign-in once ten minutes have passed, however much the session was used', async () => {
    const { clock, store, sessions } = setup();
    const issued = await sessions.create('account-1', 'otp');
    for (let minute = 0; minute < 10; minute++) {
      clock.advanceSeconds(60);
      assert.ok((await sessions.authenticate(issued.token)).ok, 'the session itself stays valid');
    }
    const session = [...store.rows.values()][0]!;
    assert.equal(RECENT_SIGN_IN_SECONDS, 600);
    assert.deepEqual(sessions.requireRecentSignIn(session), { ok: false, error: 'reauthentication_required' });
  });

  it('counts from the newest sign-in: signing in again makes a new session that is recent', async () => {
    const { clock, store, sessions } = setup();
    const old = await signedIn(sessions, store);
    clock.advanceSeconds(3600);
    const fresh = await signedIn(sessions, store);
    assert.notEqual(fresh.id, old.id);
    assert.equal(sessions.requireRecentSignIn(old).ok, false);
    assert.equal(sessions.requireRecentSignIn(fresh).ok, true);
  });
});
