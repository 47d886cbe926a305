import type { Kysely, Migration } from 'kysely';

// Where you are signed in (issue 19): each session keeps the browser and client address it was
// created from, so a person can tell their sessions apart. Sessions from before have neither.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('client_ip', 'text').execute();
  },
};
