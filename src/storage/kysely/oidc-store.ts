import type { Kysely } from 'kysely';
import type { ClientRow, ClientStore, ConsentRow, ConsentStore, OidcPayloadRow, OidcPayloadStore, SigningKeyStore } from '../../oidc/oidc-store.ts';
import type { Database } from '../database.ts';

type PayloadRow = Database['oidc_payloads'];
const toPayload = (row: PayloadRow): OidcPayloadRow => ({
  model: row.model,
  id: row.id,
  payload: row.payload,
  grantId: row.grant_id,
  accountId: row.account_id,
  clientId: row.client_id,
  userCode: row.user_code,
  uid: row.uid,
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  consumedAt: row.consumed_at === null ? null : Number(row.consumed_at),
});

export function kyselyOidcPayloadStore(db: Kysely<Database>): OidcPayloadStore {
  const findBy = async (model: string, column: 'id' | 'uid' | 'user_code', value: string) => {
    const row = await db.selectFrom('oidc_payloads').selectAll().where('model', '=', model).where(column, '=', value).executeTakeFirst();
    return row && toPayload(row);
  };
  return {
    async upsert(row) {
      const values = {
        payload: row.payload,
        grant_id: row.grantId,
        account_id: row.accountId,
        client_id: row.clientId,
        user_code: row.userCode,
        uid: row.uid,
        expires_at: row.expiresAt,
        consumed_at: row.consumedAt,
      };
      await db
        .insertInto('oidc_payloads')
        .values({ model: row.model, id: row.id, ...values })
        .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(values))
        .execute();
    },
    find: (model, id) => findBy(model, 'id', id),
    findByUid: (model, uid) => findBy(model, 'uid', uid),
    findByUserCode: (model, userCode) => findBy(model, 'user_code', userCode),
    async consume(model, id, at) {
      await db.updateTable('oidc_payloads').set({ consumed_at: at }).where('model', '=', model).where('id', '=', id).execute();
    },
    async destroy(model, id) {
      await db.deleteFrom('oidc_payloads').where('model', '=', model).where('id', '=', id).execute();
    },
    async revokeByGrantId(grantId) {
      await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
    },
    async revokeForAccount(accountId, clientId) {
      let query = db.deleteFrom('oidc_payloads').where('account_id', '=', accountId);
      if (clientId !== undefined) query = query.where('client_id', '=', clientId);
      return Number((await query.executeTakeFirst()).numDeletedRows);
    },
    async revokeForSignIn(accountId, authTime) {
      // The link is in the provider's JSON payloads, read here rather than in SQL, which
      // SQLite and PostgreSQL spell differently; an account holds few live artefacts.
      const rows = await db.selectFrom('oidc_payloads').select(['model', 'id', 'payload']).where('account_id', '=', accountId).where('model', '<>', 'Grant').execute();
      const parsed = rows.map((row) => ({ ...row, data: JSON.parse(row.payload) as { authTime?: unknown; sessionUid?: unknown } }));
      const sessionUids = new Set(parsed.filter((row) => row.data.authTime === authTime && typeof row.data.sessionUid === 'string').map((row) => row.data.sessionUid as string));
      const doomed = parsed.filter((row) => row.data.authTime === authTime || (typeof row.data.sessionUid === 'string' && sessionUids.has(row.data.sessionUid)));
      let removed = 0;
      for (const row of doomed) {
        removed += Number((await db.deleteFrom('oidc_payloads').where('model', '=', row.model).where('id', '=', row.id).executeTakeFirst()).numDeletedRows);
      }
      if (sessionUids.size > 0) {
        removed += Number((await db.deleteFrom('oidc_payloads').where('model', '=', 'Session').where('uid', 'in', [...sessionUids]).executeTakeFirst()).numDeletedRows);
      }
      return removed;
    },
    async prune(before) {
      const result = await db.deleteFrom('oidc_payloads').where('expires_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

const toConsent = (row: Database['oidc_consents']): ConsentRow => ({
  accountId: row.account_id,
  clientId: row.client_id,
  scopes: row.scopes.split(' ').filter(Boolean),
  claims: JSON.parse(row.claims) as string[],
  givenAt: Number(row.given_at),
  expiresAt: Number(row.expires_at),
});

export function kyselyConsentStore(db: Kysely<Database>): ConsentStore {
  return {
    async find(accountId, clientId) {
      const row = await db.selectFrom('oidc_consents').selectAll().where('account_id', '=', accountId).where('client_id', '=', clientId).executeTakeFirst();
      return row && toConsent(row);
    },
    async listByAccount(accountId) {
      const rows = await db.selectFrom('oidc_consents').selectAll().where('account_id', '=', accountId).orderBy('given_at').orderBy('client_id').execute();
      return rows.map(toConsent);
    },
    async save(row) {
      const values = { scopes: row.scopes.join(' '), claims: JSON.stringify(row.claims), given_at: row.givenAt, expires_at: row.expiresAt };
      await db
        .insertInto('oidc_consents')
        .values({ account_id: row.accountId, client_id: row.clientId, ...values })
        .onConflict((oc) => oc.columns(['account_id', 'client_id']).doUpdateSet(values))
        .execute();
    },
    async remove(accountId, clientId) {
      const result = await db.deleteFrom('oidc_consents').where('account_id', '=', accountId).where('client_id', '=', clientId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async removeByAccount(accountId) {
      const result = await db.deleteFrom('oidc_consents').where('account_id', '=', accountId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async prune(before) {
      const result = await db.deleteFrom('oidc_consents').where('expires_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export function kyselySigningKeyStore(db: Kysely<Database>): SigningKeyStore {
  return {
    async list() {
      const rows = await db.selectFrom('oidc_signing_keys').selectAll().orderBy('generation', 'desc').execute();
      return rows.map((row) => ({ kid: row.kid, generation: Number(row.generation), sealedJwk: row.sealed_jwk, createdAt: Number(row.created_at) }));
    },
    async insertIfNew(row) {
      const result = await db
        .insertInto('oidc_signing_keys')
        .values({ kid: row.kid, generation: row.generation, sealed_jwk: row.sealedJwk, created_at: row.createdAt })
        .onConflict((oc) => oc.column('generation').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async removeOlderThan(generation) {
      const result = await db.deleteFrom('oidc_signing_keys').where('generation', '<', generation).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async reseal(kid, sealedJwk) {
      await db.updateTable('oidc_signing_keys').set({ sealed_jwk: sealedJwk }).where('kid', '=', kid).execute();
    },
  };
}

const toClient = (row: Database['oidc_clients']): ClientRow => ({ clientId: row.client_id, metadata: row.metadata, createdAt: Number(row.created_at) });

export function kyselyClientStore(db: Kysely<Database>): ClientStore {
  return {
    async list() {
      const rows = await db.selectFrom('oidc_clients').selectAll().orderBy('created_at').orderBy('client_id').execute();
      return rows.map(toClient);
    },
    async find(clientId) {
      const row = await db.selectFrom('oidc_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
      return row && toClient(row);
    },
    async insert(row) {
      await db.insertInto('oidc_clients').values({ client_id: row.clientId, metadata: row.metadata, created_at: row.createdAt }).execute();
    },
    async remove(clientId) {
      const result = await db.deleteFrom('oidc_clients').where('client_id', '=', clientId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async reseal(clientId, metadata) {
      await db.updateTable('oidc_clients').set({ metadata }).where('client_id', '=', clientId).execute();
    },
  };
}
