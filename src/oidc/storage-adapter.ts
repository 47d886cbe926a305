import type { Adapter, AdapterPayload } from 'oidc-provider';
import { providerMetadata } from './client-metadata.ts';
import type { ClientRegistry } from './client-registry.ts';
import type { OidcPayloadStore } from './oidc-store.ts';

// Models whose rows belong to a grant, so revoking the grant removes them (oidc-provider's list).
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'PreAuthorizedCode']);
// Rows that name the account and website they are for, so withdrawing a consent ends them all.
const ACCOUNT_AND_CLIENT = new Set([...GRANTABLE, 'Grant']);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * oidc-provider's storage contract on our database, so sessions, codes and tokens survive a
 * restart and are shared by every instance. Clients are not stored here but come from the
 * registry (configuration and `engangskod clients add`). oidc-provider works in seconds and
 * checks expiry itself; a row past its expiry is also never returned.
 */
export function storageAdapter(store: OidcPayloadStore, clients: ClientRegistry, now: () => number = Date.now) {
  return (model: string): Adapter => {
    const live = (row: { payload: string; expiresAt: number | null; consumedAt: number | null } | undefined): AdapterPayload | undefined => {
      if (!row || (row.expiresAt !== null && row.expiresAt <= now())) return undefined;
      const payload = JSON.parse(row.payload) as AdapterPayload;
      return row.consumedAt === null ? payload : { ...payload, consumed: Math.floor(row.consumedAt / 1000) };
    };
    return {
      async upsert(id, payload, expiresIn) {
        await store.upsert({
          model,
          id,
          payload: JSON.stringify(payload),
          grantId: GRANTABLE.has(model) ? (payload.grantId ?? null) : null,
          accountId: ACCOUNT_AND_CLIENT.has(model) ? text(payload.accountId) : null,
          clientId: ACCOUNT_AND_CLIENT.has(model) ? text(payload.clientId) : null,
          userCode: payload.userCode ?? null,
          uid: payload.uid ?? null,
          expiresAt: typeof expiresIn === 'number' ? now() + expiresIn * 1000 : null,
          consumedAt: typeof payload.consumed === 'number' ? payload.consumed * 1000 : null,
        });
      },
      async find(id) {
        if (model === 'Client') {
          const client = await clients.find(id);
          return client ? (providerMetadata(client) as AdapterPayload) : undefined;
        }
        return live(await store.find(model, id));
      },
      async findByUid(uid) {
        return live(await store.findByUid(model, uid));
      },
      async findByUserCode(userCode) {
        return live(await store.findByUserCode(model, userCode));
      },
      async consume(id) {
        await store.consume(model, id, now());
      },
      async destroy(id) {
        await store.destroy(model, id);
      },
      async revokeByGrantId(grantId) {
        await store.revokeByGrantId(grantId);
      },
    };
  };
}
