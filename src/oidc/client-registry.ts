import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.ts';
import { countSealed, type SealedCount, type Sealer } from '../lib/sealed.ts';
import { clientRegistrationSchema, type ClientRegistration } from '../config/client-registration.ts';
import type { ClientRow, ClientStore } from './oidc-store.ts';

export type NewClient = Omit<ClientRegistration, 'client_id' | 'client_secret'> & { readonly public: boolean };

/**
 * Websites registered with `engangskod clients add`, kept in the database with their secret
 * sealed (see Sealer), and those of the OIDC_CLIENTS setting, which live in configuration.
 */
export class ClientRegistry {
  constructor(
    private readonly deps: {
      store: ClientStore;
      sealer: Sealer;
      clock: Clock;
      /** From OIDC_CLIENTS; their ids cannot be taken again. */
      configured: readonly ClientRegistration[];
    },
  ) {}

  /**
   * Registers a website with a fresh random id and, unless it is public, a fresh secret: the
   * only time the secret is shown is in what this returns.
   */
  async add(input: NewClient): Promise<ClientRegistration> {
    const { public: isPublic, ...rest } = input;
    const registration = clientRegistrationSchema.parse({
      ...rest,
      client_id: randomBytes(12).toString('base64url'),
      ...(isPublic ? {} : { client_secret: randomBytes(32).toString('base64url') }),
    });
    await this.deps.store.insert({
      clientId: registration.client_id,
      metadata: this.deps.sealer.seal(registration),
      createdAt: this.deps.clock.now(),
    });
    return registration;
  }

  async find(clientId: string): Promise<ClientRegistration | undefined> {
    const configured = this.deps.configured.find((c) => c.client_id === clientId);
    if (configured) return configured;
    const row = await this.deps.store.find(clientId);
    return row ? this.#open(row.metadata) : undefined;
  }

  /** Every client, without secrets: for operators. */
  async list(): Promise<Array<Omit<ClientRegistration, 'client_secret'> & { source: 'config' | 'database'; public: boolean }>> {
    const stored = await this.deps.store.list();
    const fromDb = stored.flatMap((row) => {
      const client = this.#open(row.metadata);
      return client ? [{ client, source: 'database' as const }] : [];
    });
    return [...this.deps.configured.map((client) => ({ client, source: 'config' as const })), ...fromDb].map(({ client, source }) => {
      const { client_secret: secret, ...shown } = client;
      return { ...shown, source, public: secret === undefined };
    });
  }

  /** Removes a database client; the website's existing tokens stop working as they expire. */
  async remove(clientId: string): Promise<boolean> {
    return this.deps.store.remove(clientId);
  }

  /** Stored registrations by the secret key that sealed them; with `reseal`, those of a previous key are re-sealed under SECRET_KEY. */
  async sealedCounts(options: { reseal?: boolean } = {}): Promise<SealedCount> {
    const write = options.reseal ? (row: ClientRow, sealed: string) => this.deps.store.reseal(row.clientId, sealed) : undefined;
    return countSealed(this.deps.sealer, await this.deps.store.list(), (row) => row.metadata, write);
  }

  #open(sealed: string): ClientRegistration | undefined {
    // A row sealed under a key no longer configured cannot be read: that client is gone until re-added.
    const parsed = clientRegistrationSchema.safeParse(this.deps.sealer.open(sealed));
    return parsed.success ? parsed.data : undefined;
  }
}
