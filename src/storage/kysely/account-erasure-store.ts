import { sql, type Kysely } from 'kysely';
import type { AccountErasureStore } from '../../domain/accounts/account-erasure-store.ts';
import type { MessageStatus } from '../../sms/outbox-model.ts';
import type { Database } from '../database.ts';

// Nothing more happens to a message in these: no send, no failover (a late delivery report
// finds its attempt by the gateway's id, not by the recipient).
const SETTLED: MessageStatus[] = ['delivered', 'failed', 'expired', 'cancelled'];

export function kyselyAccountErasureStore(db: Kysely<Database>): AccountErasureStore {
  const count = (result: { numDeletedRows: bigint } | { numUpdatedRows: bigint }) => Number('numDeletedRows' in result ? result.numDeletedRows : result.numUpdatedRows);
  return {
    async deviceKeys(accountId) {
      const rows = await db.selectFrom('known_devices').select('device_key').where('account_id', '=', accountId).execute();
      return rows.map((r) => r.device_key);
    },
    async sharedNumbers(accountId, numbers) {
      if (numbers.length === 0) return [];
      const rows = await db.selectFrom('phones').select('e164').distinct().where('e164', 'in', [...numbers]).where('account_id', '<>', accountId).execute();
      return rows.map((r) => r.e164);
    },
    async erase({ accountId, email, numbers, limitKeys, limitKeyPrefixes, keepPurpose }) {
      let removed = 0;
      const recipients = [email, ...numbers];
      const messages = db.selectFrom('sms_outbox').select('id').where('recipient', 'in', recipients).where('purpose', '<>', keepPurpose);
      removed += count(await db.deleteFrom('sms_attempts').where('message_id', 'in', messages).executeTakeFirst());
      removed += count(await db.deleteFrom('sms_outbox').where('recipient', 'in', recipients).where('purpose', '<>', keepPurpose).executeTakeFirst());
      removed += count(await db.deleteFrom('dev_mail_inbox').where('to_address', '=', email).executeTakeFirst());
      if (numbers.length > 0) removed += count(await db.deleteFrom('dev_sms_inbox').where('to_e164', 'in', [...numbers]).executeTakeFirst());
      // limit_events: what instances of the previous version wrote while an upgrade rolled (0019).
      for (const table of ['limit_windows', 'limit_events'] as const) {
        if (limitKeys.length > 0) removed += count(await db.deleteFrom(table).where('key', 'in', [...limitKeys]).executeTakeFirst());
        for (const prefix of limitKeyPrefixes) {
          // substr, not LIKE: base64url HMACs hold '_', which LIKE reads as "any character".
          removed += count(await db.deleteFrom(table).where(sql<string>`substr(key, 1, ${prefix.length})`, '=', prefix).executeTakeFirst());
        }
      }
      // The provider's Session and Interaction rows name the account only inside their JSON
      // payload; an id is a UUID, so a quoted match finds exactly the payloads that hold it.
      removed += count(
        await db
          .deleteFrom('oidc_payloads')
          .where((eb) => eb.or([eb('account_id', '=', accountId), eb('payload', 'like', `%"${accountId}"%`)]))
          .executeTakeFirst(),
      );
      removed += count(await db.deleteFrom('oidc_consents').where('account_id', '=', accountId).executeTakeFirst());
      const groups = db.selectFrom('activity_attempt_groups').select('id').where('account_id', '=', accountId);
      removed += count(await db.deleteFrom('activity_attempt_addresses').where('group_id', 'in', groups).executeTakeFirst());
      removed += count(await db.deleteFrom('activity_attempt_groups').where('account_id', '=', accountId).executeTakeFirst());
      removed += count(await db.deleteFrom('activity_events').where('account_id', '=', accountId).executeTakeFirst());
      removed += count(await db.deleteFrom('known_devices').where('account_id', '=', accountId).executeTakeFirst());
      removed += count(await db.deleteFrom('passkeys').where('account_id', '=', accountId).executeTakeFirst());
      removed += count(await db.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst());
      removed += count(await db.deleteFrom('one_time_codes').where('account_id', '=', accountId).executeTakeFirst());
      removed += count(await db.deleteFrom('phones').where('account_id', '=', accountId).executeTakeFirst());
      removed += count(await db.deleteFrom('accounts').where('id', '=', accountId).executeTakeFirst());
      return removed;
    },
    async eraseSettled(purpose) {
      const settled = db
        .selectFrom('sms_outbox')
        .select('id')
        .where('purpose', '=', purpose)
        .where('recipient', '<>', '')
        .where((eb) => eb.or([eb('status', 'in', SETTLED), eb.and([eb('status', '=', 'sent'), eb('failover_at', 'is', null)])]));
      await db.deleteFrom('dev_sms_inbox').where('message_id', 'in', settled).execute();
      await db.deleteFrom('dev_mail_inbox').where('message_id', 'in', settled).execute();
      const result = await db
        .updateTable('sms_outbox')
        .set({ recipient: '', subject: null, body: '' })
        .where('id', 'in', settled)
        .executeTakeFirst();
      return count(result);
    },
  };
}
