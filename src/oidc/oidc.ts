import type Provider from 'oidc-provider';
import type { AccountStore } from '../domain/accounts/account-store.ts';
import type { PhoneStore } from '../domain/security-info/phone-store.ts';
import type { Clock } from '../lib/clock.ts';
import { Sealer } from '../lib/sealed.ts';
import type { ClientRegistration } from './client-metadata.ts';
import { ClientRegistry } from './client-registry.ts';
import type { ClientStore, OidcPayloadStore, SigningKeyStore } from './oidc-store.ts';
import { createProvider, type PageSignIns, type ProviderPages } from './provider.ts';
import { SigningKeys } from './signing-keys.ts';

export interface OidcStores {
  readonly oidcPayloads: OidcPayloadStore;
  readonly signingKeys: SigningKeyStore;
  readonly clients: ClientStore;
  readonly accounts: AccountStore;
  readonly phones: PhoneStore;
}

/** The registry and key ring alone, for operators' commands that need no provider. */
export function oidcAdmin(stores: OidcStores, secretKey: Buffer, clock: Clock, configured: readonly ClientRegistration[]) {
  return {
    clients: new ClientRegistry({ store: stores.clients, sealer: new Sealer(secretKey, 'oidc-client'), clock, configured }),
    keys: new SigningKeys({ store: stores.signingKeys, sealer: new Sealer(secretKey, 'oidc-signing-key'), clock }),
  };
}

export interface Oidc {
  /** The provider, made on first use (the same one every time). */
  readonly provider: () => Promise<Provider>;
  readonly clients: ClientRegistry;
  readonly keys: SigningKeys;
}

/**
 * The OpenID Connect provider on our storage. Its keys are loaded (and made, on first start) now;
 * the provider itself when a website first needs it, so an instance that serves no website
 * carries none of it (about 25 MB).
 */
export async function startOidc(deps: {
  stores: OidcStores;
  issuer: string;
  secretKey: Buffer;
  clock: Clock;
  configuredClients: readonly ClientRegistration[];
  signIns: PageSignIns;
  pages: ProviderPages;
  behindProxy: boolean;
  sessionSeconds: number;
}): Promise<Oidc> {
  const { clients, keys } = oidcAdmin(deps.stores, deps.secretKey, deps.clock, deps.configuredClients);
  const loadedKeys = await keys.load();
  let made: Promise<Provider> | undefined;
  const make = () => createProvider({
    issuer: deps.issuer,
    secretKey: deps.secretKey,
    keys: loadedKeys,
    payloads: deps.stores.oidcPayloads,
    clients,
    configuredClients: deps.configuredClients,
    accountClaims: async (accountId) => {
      const account = await deps.stores.accounts.findById(accountId);
      if (!account) return undefined;
      const phones = await deps.stores.phones.listByAccount(accountId);
      // The most recently confirmed number: the one the person last proved they hold.
      const verified = phones.filter((p) => p.verifiedAt !== null).sort((a, b) => (b.verifiedAt ?? 0) - (a.verifiedAt ?? 0))[0];
      return { email: account.email, phoneNumber: verified?.e164 };
    },
    signIns: deps.signIns,
    pages: deps.pages,
    behindProxy: deps.behindProxy,
    sessionSeconds: deps.sessionSeconds,
  });
  const provider = () => (made ??= make());
  return { provider, clients, keys };
}
