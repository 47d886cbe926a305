import type { Kysely, Migration } from 'kysely';

// Consent to a website kept per account and website (issue 23), not per browser session:
// asked once, withdrawn on the account pages. Grants, codes and tokens name their account
// and website, so withdrawing can end what that website holds.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('oidc_consents')
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('claims', 'text', (c) => c.notNull())
      .addColumn('given_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('oidc_consents_pk', ['account_id', 'client_id'])
      .execute();
    await db.schema.createIndex('oidc_consents_expires').on('oidc_consents').column('expires_at').execute();

    await db.schema.alterTable('oidc_payloads').addColumn('account_id', 'text').execute();
    await db.schema.alterTable('oidc_payloads').addColumn('client_id', 'text').execute();
    await db.schema.createIndex('oidc_payloads_account').on('oidc_payloads').columns(['account_id', 'client_id']).execute();
    // Rows written before: their payload names both (JSON, read here so it works on either database).
    const typed = db as unknown as Kysely<MigrationPayloads>;
    const rows = await typed
      .selectFrom('oidc_payloads')
      .select(['model', 'id', 'payload'])
      .where('model', 'in', ['Grant', 'AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest'])
      .execute();
    for (const row of rows) {
      const { accountId, clientId } = JSON.parse(row.payload) as { accountId?: unknown; clientId?: unknown };
      if (typeof accountId !== 'string' || typeof clientId !== 'string') continue;
      await typed.updateTable('oidc_payloads').set({ account_id: accountId, client_id: clientId }).where('model', '=', row.model).where('id', '=', row.id).execute();
    }
  },
};

/** The columns 0005 reads and writes, as they are at that migration (not as they may be later). */
interface MigrationPayloads {
  oidc_payloads: { model: string; id: string; payload: string; account_id: string | null; client_id: string | null };
}
