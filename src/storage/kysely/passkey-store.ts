import type { Kysely } from 'kysely';
import type { Passkey, PasskeyStore } from '../../domain/passkeys/passkey-store.ts';
import type { Database } from '../database.ts';
import { isUniqueViolation } from './errors.ts';

type Row = Database['passkeys'];
const toPasskey = (row: Row): Passkey => ({
  id: row.id,
  accountId: row.account_id,
  credentialId: row.credential_id,
  publicKey: row.public_key,
  signCount: Number(row.sign_count),
  transports: JSON.parse(row.transports) as string[],
  backupEligible: Number(row.backup_eligible) === 1,
  backedUp: Number(row.backed_up) === 1,
  aaguid: row.aaguid,
  name: row.name,
  createdAt: Number(row.created_at),
  lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
});

export function kyselyPasskeyStore(db: Kysely<Database>): PasskeyStore {
  return {
    async insert(passkey) {
      try {
        await db
          .insertInto('passkeys')
          .values({
            id: passkey.id,
            account_id: passkey.accountId,
            credential_id: passkey.credentialId,
            public_key: passkey.publicKey,
            sign_count: passkey.signCount,
            transports: JSON.stringify(passkey.transports),
            backup_eligible: passkey.backupEligible ? 1 : 0,
            backed_up: passkey.backedUp ? 1 : 0,
            aaguid: passkey.aaguid,
            name: passkey.name,
            created_at: passkey.createdAt,
            last_used_at: passkey.lastUsedAt,
          })
          .execute();
        return 'created';
      } catch (error) {
        if (isUniqueViolation(error)) return 'duplicate';
        throw error;
      }
    },
    async listByAccount(accountId) {
      const rows = await db.selectFrom('passkeys').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toPasskey);
    },
    async findByCredentialId(credentialId) {
      const row = await db.selectFrom('passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
      return row && toPasskey(row);
    },
    async recordUse(id, previousCount, use) {
      const result = await db
        .updateTable('passkeys')
        .set({ sign_count: use.signCount, backed_up: use.backedUp ? 1 : 0, last_used_at: use.at })
        .where('id', '=', id)
        .where('sign_count', '=', previousCount)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async remove(accountId, id) {
      const row = await db.deleteFrom('passkeys').where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirst();
      return row && toPasskey(row);
    },
  };
}
