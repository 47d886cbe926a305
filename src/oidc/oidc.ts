import type Provider from 'oidc-provider';
import { isProven, type AccountStore } from '../domain/accounts/account-store.ts';
import type { PhoneStore } from '../domain/security-info/phone-store.ts';
import type { Clock } from '../lib/clock.ts';
import { Sealer } from '../lib/sealed.ts';
import type { SecretKeys } from '../lib/secrets.ts';
import type { ClientRegistration } from '../config/client-registration.ts';
import { ClientRegistry } from './client-registry.ts';
import { ConsentService } from './consent-service.ts';
import type { ClientStore, ConsentStore, OidcPayloadStore, SigningKeyStore } from './oidc-store.ts';
import { createProvider, type PageSignIns, type ProviderPages } from './provider.ts';
import { SigningKeys } from './signing-keys.ts';

export interface OidcStores {
  readonly oidcPayloads: OidcPayloadStore;
  readonly signingKeys: SigningKeyStore;
  readonly clients: ClientStore;
  readonly consents: ConsentStore;
  readonly accounts: AccountStore;
  readonly phones: PhoneStore;
}

/** The registry and key ring alone, for operators' commands that need no provider. */
export function oidcAdmin(stores: OidcStores, secrets: SecretKeys, clock: Clock, configured: readonly ClientRegistration[]) {
  const sealer = (purpose: string) => new Sealer(secrets.secretKey, purpose, secrets.previousSecretKeys);
  return {
    clients: new ClientRegistry({ store: stores.clients, sealer: sealer('oidc-client'), clock, configured }),
    keys: new SigningKeys({ store: stores.signingKeys, sealer: sealer('oidc-signing-key'), clock }),
  };
}

/**
 * How often an instance looks for signing keys rotated by another process (`engangskod keys
 * rotate`): within this long of a rotation every instance signs with the new key.
 */
export const KEY_CHECK_MS = 30_000;

export interface Oidc {
  /** The provider, made on first use and again once the signing keys were rotated (see KEY_CHECK_MS). */
  readonly provider: () => Promise<Provider>;
  readonly clients: ClientRegistry;
  readonly keys: SigningKeys;
  /** What people allowed websites that are not ours; the account pages show and withdraw them. */
  readonly consents: ConsentService;
}

/**
 * The OpenID Connect provider on our storage, made when a website first needs it, so an
 * instance that serves no website carries none of it (about 25 MB); its first signing key too.
 *
 * oidc-provider takes its keys when it is made, so a rotation makes a new provider. That is
 * safe: everything it keeps (sign-ins, grants, codes, tokens) is in the database, and its
 * cookie keys come from SECRET_KEY (and SECRET_KEYS_PREVIOUS), so a sign-in under way carries on with the new one.
 */
export async function startOidc(deps: {
  stores: OidcStores;
  issuer: string;
  secrets: SecretKeys;
  clock: Clock;
  configuredClients: readonly ClientRegistration[];
  signIns: PageSignIns;
  pages: ProviderPages;
  sessionSeconds: number;
}): Promise<Oidc> {
  const { clients, keys } = oidcAdmin(deps.stores, deps.secrets, deps.clock, deps.configuredClients);
  const consents = new ConsentService({ consents: deps.stores.consents, payloads: deps.stores.oidcPayloads, clients, clock: deps.clock });
  // Keys already made are read now, so a SECRET_KEY that opens none of them stops the start rather than the
  // first sign-in; the first key is made when a website first asks (a fresh instance starts without the wait).
  let loadedKeys = (await deps.stores.signingKeys.list()).length > 0 ? await keys.load() : undefined;
  let made: Promise<Provider> | undefined;
  const make = async () => createProvider({
    issuer: deps.issuer,
    secrets: deps.secrets,
    keys: (loadedKeys ??= await keys.load()),
    payloads: deps.stores.oidcPayloads,
    clients,
    configuredClients: deps.configuredClients,
    accountClaims: async (accountId) => {
      const account = await deps.stores.accounts.findById(accountId);
      if (!account) return undefined;
      const phones = await deps.stores.phones.listByAccount(accountId);
      // The most recently confirmed number: the one the person last proved they hold.
      const verified = phones.filter((p) => p.verifiedAt !== null).sort((a, b) => (b.verifiedAt ?? 0) - (a.verifiedAt ?? 0))[0];
      return { email: account.email, emailVerified: isProven(account), phoneNumber: verified?.e164 };
    },
    signIns: deps.signIns,
    consents,
    pages: deps.pages,
    sessionSeconds: deps.sessionSeconds,
  });
  const kids = (list: readonly { kid: string }[]) => list.map((key) => key.kid).join(' ');
  let checkedAt = deps.clock.now();
  let checking: Promise<void> | undefined;
  const pickUpRotation = async () => {
    // The key list alone (no unsealing) while nothing changed: one indexed read per KEY_CHECK_MS.
    if (!loadedKeys || kids(await deps.stores.signingKeys.list()) === kids(loadedKeys)) return;
    loadedKeys = await keys.load();
    made = undefined;
  };
  const provider = async () => {
    if (deps.clock.now() - checkedAt >= KEY_CHECK_MS) {
      checkedAt = deps.clock.now();
      // A database that does not answer keeps the keys in hand; the next check tries again.
      checking ??= pickUpRotation()
        .catch(() => {})
        .finally(() => (checking = undefined));
    }
    if (checking) await checking;
    // A failed start (the database not answering) is tried again by the next request.
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
  return { provider, clients, keys, consents };
}
