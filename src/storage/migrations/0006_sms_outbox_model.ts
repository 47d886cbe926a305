import { SqliteAdapter, sql, type Kysely, type Migration } from 'kysely';

// The outbox model (issue 15): the columns that hold a status take only the model's values,
// and a failed text links the copy an operator sent in its place by a column (resent_as)
// instead of a marker in its last error. No foreign key: housekeeping may prune the copy
// first, and the link must outlive it, as it is what keeps the text from going out a third time. The lists are written out here, not imported: a
// migration does the same thing forever; a new status needs a new migration (the storage
// contract checks these against the model).
const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled', 'decoy'];
const CLAIMED_FROM = ['queued', 'sending', 'sent'];
const ATTEMPT_OUTCOMES = ['sent', 'delivered', 'retry', 'failed', 'unknown'];
const REPORTED_STATUSES = ['sent', 'delivered', 'failed', 'expired'];

/** How 0002–0005 linked the copy: `<error>; sent again as <id>` (null errors became "failed"). */
const MARKER = '; sent again as ';

const oneOf = (column: string, values: readonly string[], nullable = false) => {
  const list = sql.join(values.map((value) => sql.lit(value)));
  return nullable ? sql`${sql.ref(column)} is null or ${sql.ref(column)} in (${list})` : sql`${sql.ref(column)} in (${list})`;
};

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    if (db.getExecutor().adapter instanceof SqliteAdapter) {
      // Kysely runs SQLite migrations outside a transaction: this one brings its own.
      await db.transaction().execute(async (trx) => {
        await rebuildOnSqlite(trx);
        await moveMarkers(trx as Kysely<MigrationOutbox>);
      });
    } else {
      await alterOnPostgres(db);
      await moveMarkers(db as Kysely<MigrationOutbox>);
    }
  },
};

async function alterOnPostgres(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sms_outbox').addColumn('resent_as', 'text').execute();
  await db.schema.alterTable('sms_outbox').addCheckConstraint('sms_outbox_status', oneOf('status', MESSAGE_STATUSES)).execute();
  await db.schema.alterTable('sms_outbox').addCheckConstraint('sms_outbox_claimed_from', oneOf('claimed_from', CLAIMED_FROM, true)).execute();
  await db.schema.alterTable('sms_attempts').addCheckConstraint('sms_attempts_outcome', oneOf('outcome', ATTEMPT_OUTCOMES, true)).execute();
  await db.schema.alterTable('sms_attempts').addCheckConstraint('sms_attempts_report_status', oneOf('report_status', REPORTED_STATUSES, true)).execute();
}

/**
 * SQLite adds no CHECK to an existing table: each table is rebuilt as its documented procedure
 * says (create the new shape, copy the rows, drop the old, rename, recreate the indexes), in
 * the caller's transaction, so a crash leaves either the old tables or the new. No table has a foreign
 * key to these, so dropping them breaks no reference.
 */
async function rebuildOnSqlite(trx: Kysely<unknown>): Promise<void> {
  await trx.schema
    .createTable('sms_outbox_rebuilt')
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
    .addColumn('transport_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_from', 'text')
    .addColumn('failover_at', 'bigint')
    .addColumn('reported_at', 'bigint')
    .addColumn('resent_as', 'text')
    .addCheckConstraint('sms_outbox_status', oneOf('status', MESSAGE_STATUSES))
    .addCheckConstraint('sms_outbox_claimed_from', oneOf('claimed_from', CLAIMED_FROM, true))
    .execute();
  await copyAndSwap(trx, 'sms_outbox', [
    'id', 'to_e164', 'body', 'locale', 'purpose', 'code_id', 'status', 'transport', 'attempts', 'next_attempt_at', 'lease_until',
    'last_error', 'created_at', 'updated_at', 'sent_at', 'transport_index', 'claimed_from', 'failover_at', 'reported_at',
  ]);
  await trx.schema.createIndex('sms_outbox_due').on('sms_outbox').columns(['status', 'next_attempt_at']).execute();
  await trx.schema.createIndex('sms_outbox_code').on('sms_outbox').column('code_id').execute();
  await trx.schema.createIndex('sms_outbox_failover').on('sms_outbox').columns(['status', 'failover_at']).execute();
  await trx.schema.createIndex('sms_outbox_created').on('sms_outbox').column('created_at').execute();

  await trx.schema
    .createTable('sms_attempts_rebuilt')
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
    .addCheckConstraint('sms_attempts_outcome', oneOf('outcome', ATTEMPT_OUTCOMES, true))
    .addCheckConstraint('sms_attempts_report_status', oneOf('report_status', REPORTED_STATUSES, true))
    .execute();
  await copyAndSwap(trx, 'sms_attempts', ['message_id', 'attempt', 'transport', 'started_at', 'finished_at', 'outcome', 'error', 'gateway_id', 'report_status', 'reported_at']);
  await trx.schema.createIndex('sms_attempts_gateway').on('sms_attempts').columns(['transport', 'gateway_id']).execute();
}

async function copyAndSwap(db: Kysely<unknown>, table: string, columns: readonly string[]): Promise<void> {
  const list = sql.join(columns.map((column) => sql.ref(column)));
  await sql`insert into ${sql.table(`${table}_rebuilt`)} (${list}) select ${list} from ${sql.table(table)}`.execute(db);
  await db.schema.dropTable(table).execute();
  await db.schema.alterTable(`${table}_rebuilt`).renameTo(table).execute();
}

/** The columns this migration reads and writes, as they are at this migration. */
interface MigrationOutbox {
  sms_outbox: { id: string; status: string; last_error: string | null; resent_as: string | null };
}

/** Links written as a marker before become the column; the error keeps what it said before them. */
async function moveMarkers(db: Kysely<MigrationOutbox>): Promise<void> {
  const marked = await db
    .selectFrom('sms_outbox')
    .select(['id', 'last_error'])
    .where('status', '=', 'failed')
    .where('last_error', 'like', `%${MARKER}%`)
    .execute();
  for (const row of marked) {
    const { error, copy } = linkOf(row.last_error);
    await db.updateTable('sms_outbox').set({ last_error: error, resent_as: copy }).where('id', '=', row.id).execute();
  }
}

const linkOf = (lastError: string | null): { error: string; copy: string } => {
  const text = lastError ?? '';
  const at = text.lastIndexOf(MARKER);
  return { error: text.slice(0, at), copy: text.slice(at + MARKER.length) };
};
