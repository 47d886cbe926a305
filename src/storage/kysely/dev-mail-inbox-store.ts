import { sql, type Kysely } from 'kysely';
import type { DevMailInboxStore } from '../../mail/dev-mail-inbox-store.ts';
import type { Database } from '../database.ts';

export function kyselyDevMailInboxStore(db: Kysely<Database>): DevMailInboxStore {
  return {
    async add(entry) {
      // As dev_sms_inbox: seq = max + 1 in the same statement, so "newest first" holds within a
      // millisecond; `WHERE true` tells SQLite's parser the SELECT from the ON CONFLICT clause.
      await sql`
        INSERT INTO dev_mail_inbox (message_id, to_address, subject, text, created_at, seq)
        SELECT ${entry.messageId}, ${entry.to}, ${entry.subject}, ${entry.text}, ${entry.at}, COALESCE(MAX(seq), 0) + 1
        FROM dev_mail_inbox WHERE true
        ON CONFLICT (message_id) DO NOTHING`.execute(db);
    },
    async list(filter) {
      let query = db
        .selectFrom('dev_mail_inbox as i')
        .leftJoin('sms_outbox as o', 'o.id', 'i.message_id')
        .select(['i.to_address', 'i.subject', 'i.text', 'i.created_at'])
        // Newest first in the order the service queued them, as the text inbox.
        .orderBy(sql`coalesce(o.created_at, i.created_at)`, 'desc')
        .orderBy('i.seq', 'desc')
        .limit(filter.limit);
      if (filter.to !== undefined) query = query.where('i.to_address', '=', filter.to);
      const rows = await query.execute();
      return rows.map((r) => ({ to: r.to_address, subject: r.subject, text: r.text, createdAt: new Date(Number(r.created_at)).toISOString() }));
    },
    async prune(before) {
      const result = await db.deleteFrom('dev_mail_inbox').where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
