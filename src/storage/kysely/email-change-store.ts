import type { Kysely } from 'kysely';
import type { EmailChange, EmailChangeStore } from '../../domain/accounts/email-change-store.ts';
import type { Database } from '../database.ts';

type Row = Database['email_changes'];
const toChange = (row: Pick<Row, 'id' | 'account_id' | 'old_email' | 'new_email' | 'requested_at' | 'changed_at'>): EmailChange => ({
  id: row.id,
  accountId: row.account_id,
  oldEmail: row.old_email,
  newEmail: row.new_email,
  requestedAt: Number(row.requested_at),
  changedAt: row.changed_at === null ? null : Number(row.changed_at),
});
const columns = ['id', 'account_id', 'old_email', 'new_email', 'requested_at', 'changed_at'] as const;

export function kyselyEmailChangeStore(db: Kysely<Database>): EmailChangeStore {
  const undoable = (undoTokenHmac: string, now: number) =>
    db.selectFrom('email_changes').select(columns).where('undo_token_hmac', '=', undoTokenHmac).where('ended_at', 'is', null).where('undo_until', '>', now);
  return {
    async insertPending(change) {
      await db
        .insertInto('email_changes')
        .values({ id: change.id, account_id: change.accountId, old_email: change.oldEmail, new_email: change.newEmail, requested_at: change.requestedAt, changed_at: null, undo_token_hmac: null, undo_until: null, ended_at: null })
        .execute();
    },
    async endPending(accountId, at) {
      await db.updateTable('email_changes').set({ ended_at: at }).where('account_id', '=', accountId).where('changed_at', 'is', null).where('ended_at', 'is', null).execute();
    },
    async findPending(accountId, since) {
      const row = await db
        .selectFrom('email_changes')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('changed_at', 'is', null)
        .where('ended_at', 'is', null)
        .where('requested_at', '>=', since)
        .orderBy('requested_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toChange(row);
    },
    async markChanged(id, at, undoTokenHmac, undoUntil) {
      const result = await db
        .updateTable('email_changes')
        .set({ changed_at: at, undo_token_hmac: undoTokenHmac, undo_until: undoUntil })
        .where('id', '=', id)
        .where('changed_at', 'is', null)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async reservedBy(email, now) {
      const row = await db.selectFrom('email_changes').select('account_id').where('old_email', '=', email).where('undo_until', '>', now).where('ended_at', 'is', null).limit(1).executeTakeFirst();
      return row?.account_id;
    },
    async findUndoable(undoTokenHmac, now) {
      const row = await undoable(undoTokenHmac, now).executeTakeFirst();
      return row && toChange(row);
    },
    async claimUndo(undoTokenHmac, now) {
      const row = await db
        .updateTable('email_changes')
        .set({ ended_at: now })
        .where('undo_token_hmac', '=', undoTokenHmac)
        .where('ended_at', 'is', null)
        .where('undo_until', '>', now)
        .returning(columns)
        .executeTakeFirst();
      return row && toChange(row);
    },
    async endChangesAfter(accountId, after, at) {
      await db.updateTable('email_changes').set({ ended_at: at }).where('account_id', '=', accountId).where('changed_at', '>', after).where('ended_at', 'is', null).execute();
    },
    async prune(before) {
      const result = await db
        .deleteFrom('email_changes')
        .where((eb) =>
          eb.or([
            eb.and([eb('changed_at', 'is', null), eb('requested_at', '<', before)]),
            eb('undo_until', '<', before),
            eb('ended_at', '<', before),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
