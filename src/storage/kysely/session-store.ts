import type { Kysely } from 'kysely';
import type { Session, SessionStore, SignInMethod } from '../../domain/sessions/session-store.ts';
import { preparedInsert } from './prepared.ts';
import type { Database } from '../database.ts';

// Every sign-in writes one.
const insertSession = preparedInsert('sessions', { unread: true });

type Row = Database['sessions'];
const toSession = (row: Row): Session => ({
  id: row.id,
  tokenHash: row.token_hash,
  accountId: row.account_id,
  method: row.method as SignInMethod,
  createdAt: Number(row.created_at),
  lastSeenAt: Number(row.last_seen_at),
  expiresAt: Number(row.expires_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  userAgent: row.user_agent,
  clientIp: row.client_ip,
});

export function kyselySessionStore(db: Kysely<Database>): SessionStore {
  return {
    async insert(session) {
      await insertSession(db, {
          id: session.id,
          token_hash: session.tokenHash,
          account_id: session.accountId,
          method: session.method,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
          revoked_at: session.revokedAt,
          user_agent: session.userAgent,
          client_ip: session.clientIp,
        });
    },
    async findByTokenHash(tokenHash) {
      const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && toSession(row);
    },
    async touch(id, at) {
      await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).where('last_seen_at', '<', at).execute();
    },
    async revoke(id, at) {
      await db.updateTable('sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    },
    async revokeForAccount(accountId, at, exceptId) {
      let query = db.updateTable('sessions').set({ revoked_at: at }).where('account_id', '=', accountId).where('revoked_at', 'is', null);
      if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async revokeOfAccount(accountId, id, at) {
      const result = await db
        .updateTable('sessions')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async prune(before) {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async listOpen(accountId, now) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('last_seen_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toSession);
    },
  };
}
