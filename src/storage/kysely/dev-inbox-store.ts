import { sql, type Kysely } from 'kysely';
import type { MessageStatus } from '../../sms/outbox-model.ts';
import type { DevInboxStore } from '../../sms/transports/dev-inbox-store.ts';
import type { Database } from '../database.ts';

export function kyselyDevInboxStore(db: Kysely<Database>): DevInboxStore {
  return {
    async add(entry) {
      // seq = max + 1 in the same statement; `WHERE true` is SQLite's way of telling an
      // INSERT … SELECT from its ON CONFLICT clause.
      await sql`
        INSERT INTO dev_sms_inbox (message_id, to_e164, body, created_at, seq)
        SELECT ${entry.messageId}, ${entry.to}, ${entry.body}, ${entry.at}, COALESCE(MAX(seq), 0) + 1
        FROM dev_sms_inbox WHERE true
        ON CONFLICT (message_id) DO NOTHING`.execute(db);
    },
    async list(filter) {
      let query = db
        .selectFrom('dev_sms_inbox as i')
        .leftJoin('sms_outbox as o', 'o.id', 'i.message_id')
        .select(['i.to_e164', 'i.body', 'i.created_at', 'o.status'])
        // Newest first in the order the service queued them: texts handed over side by side
        // arrive in any order (PostgreSQL runs them on several connections).
        .orderBy(sql`coalesce(o.created_at, i.created_at)`, 'desc')
        .orderBy('i.seq', 'desc')
        .limit(filter.limit);
      if (filter.to !== undefined) query = query.where('i.to_e164', '=', filter.to);
      const rows = await query.execute();
      return rows.map((r) => ({
        to: r.to_e164,
        body: r.body,
        createdAt: new Date(Number(r.created_at)).toISOString(),
        status: (r.status ?? 'delivered') as MessageStatus,
      }));
    },
  };
}
