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
    async revokeForAccount(accountId, at, exceptId) {
      const open = [...rows.values()].filter((s) => s.accountId === accountId && s.revokedAt === null && s.id !== exceptId);
      for (const row of open) rows.set(row.id, { ...row, revokedAt: at });
      return open.length;
    },
    async revokeOfAccount(accountId, id, at) {
      const row = rows.get(id);
      if (row?.accountId !== accountId || row.revokedAt !== null) return false;
      rows.set(id, { ...row, revokedAt: at });
      return true;
    },
    async prune(before) {
      const ended = [...rows.values()].filter((s) => s.expiresAt < before || (s.revokedAt !== null && s.revokedAt < before));
      for (const row of ended) rows.delete(row.id);
      return ended.length;
    },
    async listOpen(accountId, now) {
      return [...rows.values()].filter((s) => s.accountId === accountId && s.revokedAt === null && s.expiresAt > now).sort((a, b) => b.lastSeenAt - a.lastSeenAt);
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

describe('SessionService: where you are signed in', () => {
  it('lists the sessions with browser, address, method and times, marking the current one', async () => {
    const { clock, store, sessions } = setup();
    await sessions.create('account-1', 'otp', undefined, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', clientIp: '192.0.2.7' });
    clock.advanceSeconds(60);
    const current = await signedIn(sessions, store);
    await sessions.create('account-2', 'pwd');
    const list = await sessions.list(current);
    assert.equal(list.length, 2);
    assert.deepEqual(list.map((s) => [s.current, s.method, s.ip, s.browser]), [
      [true, 'pwd', null, null],
      [false, 'otp', '192.0.2.7', 'Firefox 133 on Linux'],
    ]);
  });

  it('leaves out sessions past their idle timeout', async () => {
    const { clock, store, sessions } = setup();
    await sessions.create('account-1', 'otp');
    clock.advanceSeconds(1800);
    const current = await signedIn(sessions, store);
    assert.deepEqual((await sessions.list(current)).map((s) => s.current), [true]);
  });

  it("ends one session of the account, never another account's, and every other one", async () => {
    const { store, sessions } = setup();
    const first = await signedIn(sessions, store);
    const current = await signedIn(sessions, store);
    const third = await signedIn(sessions, store);
    assert.equal(await sessions.end('account-2', first.id), false);
    assert.equal(await sessions.end('account-1', first.id), true);
    assert.equal(await sessions.endOthers(current), 1);
    assert.equal(store.rows.get(third.id)?.revokedAt !== null, true);
    assert.equal(store.rows.get(current.id)?.revokedAt, null);
  });
});
