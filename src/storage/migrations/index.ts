import { type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * Migrations live in code (not files found at run time) so the compiled service carries
 * them. Each is written once with Kysely's schema builder and runs on SQLite and PostgreSQL.
 * Never edit one that has shipped: add the next.
 */
const migrations: Record<string, Migration> = {
  '0001_core': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('phones')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('e164', 'text', (c) => c.notNull())
        .addColumn('verified_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('phones_account_e164', ['account_id', 'e164'])
        .execute();

      await db.schema
        .createTable('one_time_codes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('cascade'))
        .addColumn('phone_id', 'text')
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('code_hmac', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('used_at', 'bigint')
        .addColumn('invalidated_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('one_time_codes_subject')
        .on('one_time_codes')
        .columns(['account_id', 'purpose', 'created_at'])
        .execute();
      await db.schema.createIndex('one_time_codes_phone').on('one_time_codes').column('phone_id').execute();
      await db.schema.createIndex('one_time_codes_expires').on('one_time_codes').column('expires_at').execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();

      await db.schema
        .createTable('limit_events')
        .addColumn('bucket', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('limit_events_lookup').on('limit_events').columns(['bucket', 'key', 'at']).execute();
      await db.schema.createIndex('limit_events_at').on('limit_events').column('at').execute();

      await db.schema
        .createTable('sms_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('to_e164', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('code_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('transport', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('lease_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .execute();
      await db.schema.createIndex('sms_outbox_due').on('sms_outbox').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('sms_outbox_code').on('sms_outbox').column('code_id').execute();

      await db.schema
        .createTable('dev_sms_inbox')
        .addColumn('message_id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('to_e164', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dev_sms_inbox_seq').on('dev_sms_inbox').column('seq').execute();
      await db.schema.createIndex('dev_sms_inbox_to').on('dev_sms_inbox').columns(['to_e164', 'seq']).execute();
    },
  },
  '0002_sms_delivery': {
    // Failover, delivery reports and a record of every attempt (issue 4). No foreign key from
    // attempts to the outbox, so either table can be emptied on its own (tests truncate).
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('sms_outbox').addColumn('transport_index', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('sms_outbox').addColumn('claimed_from', 'text').execute();
      await db.schema.alterTable('sms_outbox').addColumn('failover_at', 'bigint').execute();
      await db.schema.alterTable('sms_outbox').addColumn('reported_at', 'bigint').execute();
      await db.schema.createIndex('sms_outbox_failover').on('sms_outbox').columns(['status', 'failover_at']).execute();
      await db.schema.createIndex('sms_outbox_created').on('sms_outbox').column('created_at').execute();

      await db.schema
        .createTable('sms_attempts')
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('transport', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('outcome', 'text')
        .addColumn('error', 'text')
        .addColumn('gateway_id', 'text')
        .addColumn('report_status', 'text')
        .addColumn('reported_at', 'bigint')
        .addPrimaryKeyConstraint('sms_attempts_pk', ['message_id', 'attempt'])
        .execute();
      await db.schema.createIndex('sms_attempts_gateway').on('sms_attempts').columns(['transport', 'gateway_id']).execute();
    },
  },
  '0003_activity': {
    // "Recent activity" (issue 5). Decoy rows (no account) mirror the rows a code request
    // that matched writes, so a match and a miss take the same time; they are pruned within the hour.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('activity_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activity_events_account').on('activity_events').columns(['account_id', 'at']).execute();
      await db.schema.createIndex('activity_events_at').on('activity_events').column('at').execute();
    },
  },
  '0004_oidc': {
    // The OpenID Connect provider (issue 7): one table for all of oidc-provider's short-lived
    // models (the adapter contract is per model and id), its signing keys and the clients.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('oidc_payloads')
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'text')
        .addColumn('user_code', 'text')
        .addColumn('uid', 'text')
        .addColumn('expires_at', 'bigint')
        .addColumn('consumed_at', 'bigint')
        .addPrimaryKeyConstraint('oidc_payloads_pk', ['model', 'id'])
        .execute();
      await db.schema.createIndex('oidc_payloads_grant').on('oidc_payloads').column('grant_id').execute();
      await db.schema.createIndex('oidc_payloads_uid').on('oidc_payloads').columns(['model', 'uid']).execute();
      await db.schema.createIndex('oidc_payloads_user_code').on('oidc_payloads').columns(['model', 'user_code']).execute();
      await db.schema.createIndex('oidc_payloads_expires').on('oidc_payloads').column('expires_at').execute();

      await db.schema
        .createTable('oidc_signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('generation', 'integer', (c) => c.notNull().unique())
        .addColumn('sealed_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('oidc_clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0005_oidc_consents': {
    // Consent to a website kept per account and website (issue 23), not per browser session:
    // asked once, withdrawn on the account pages. Grants, codes and tokens name their account
    // and website, so withdrawing can end what that website holds.
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
  },
};

/** The columns 0005 reads and writes, as they are at that migration (not as they may be later). */
interface MigrationPayloads {
  oidc_payloads: { model: string; id: string; payload: string; account_id: string | null; client_id: string | null };
}

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
