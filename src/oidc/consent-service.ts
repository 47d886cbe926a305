import type { Clock } from '../lib/clock.ts';
import type { ClientRegistry } from './client-registry.ts';
import type { ConsentRow, ConsentStore, OidcPayloadStore } from './oidc-store.ts';

/** How long a consent holds after the person last said "Allow" (docs/oidc.md). */
export const CONSENT_SECONDS = 365 * 24 * 3600;

/** A website the person has let sign them in, as the account pages and the API show it. */
export interface WebsiteAccess {
  readonly clientId: string;
  readonly clientName: string;
  readonly scopes: readonly string[];
  /** Milliseconds since the epoch. */
  readonly givenAt: number;
  readonly expiresAt: number;
}

/**
 * What a person allowed each website that is not ours, kept per account and website rather
 * than per browser session: asked once, it holds on every browser and after every sign-in
 * until withdrawn or a year old. Withdrawing also ends what the website holds (its grants,
 * codes and refresh tokens), so it cannot go on acting for the person either.
 */
export class ConsentService {
  constructor(
    private readonly deps: {
      consents: ConsentStore;
      payloads: OidcPayloadStore;
      clients: ClientRegistry;
      clock: Clock;
    },
  ) {}

  /** The consent in force, if any (none once withdrawn or a year old). */
  async find(accountId: string, clientId: string): Promise<ConsentRow | undefined> {
    const row = await this.deps.consents.find(accountId, clientId);
    return row && row.expiresAt > this.deps.clock.now() ? row : undefined;
  }

  /**
   * Records what the person just allowed, added to what they allowed the website before; the
   * year starts again, since the person has just said yes again.
   */
  async give(accountId: string, clientId: string, allowed: { scopes: readonly string[]; claims: readonly string[] }): Promise<ConsentRow> {
    const before = await this.find(accountId, clientId);
    const now = this.deps.clock.now();
    const row: ConsentRow = {
      accountId,
      clientId,
      scopes: union(before?.scopes, allowed.scopes),
      claims: union(before?.claims, allowed.claims),
      givenAt: now,
      expiresAt: now + CONSENT_SECONDS * 1000,
    };
    await this.deps.consents.save(row);
    return row;
  }

  /** The websites the person has allowed, oldest consent first; websites no longer registered are left out. */
  async list(accountId: string): Promise<WebsiteAccess[]> {
    const now = this.deps.clock.now();
    const rows = (await this.deps.consents.listByAccount(accountId)).filter((row) => row.expiresAt > now);
    const shown = await Promise.all(
      rows.map(async (row) => {
        const client = await this.deps.clients.find(row.clientId);
        return client ? [{ clientId: row.clientId, clientName: client.client_name, scopes: row.scopes, givenAt: row.givenAt, expiresAt: row.expiresAt }] : [];
      }),
    );
    return shown.flat();
  }

  /**
   * Withdraws the consent and ends the website's grants, codes and tokens for the account
   * (refresh tokens included); the next sign-in through it asks again. Returns whether there
   * was a consent to withdraw.
   */
  async withdraw(accountId: string, clientId: string): Promise<boolean> {
    const removed = await this.deps.consents.remove(accountId, clientId);
    await this.deps.payloads.revokeForAccount(accountId, clientId);
    return removed;
  }

  /**
   * Every website at once, for when all of an account's sessions are ended (a reset password,
   * "sign out everywhere"): no website keeps acting for the person afterwards.
   */
  async withdrawAll(accountId: string): Promise<void> {
    await this.deps.consents.removeByAccount(accountId);
    await this.deps.payloads.revokeForAccount(accountId);
  }
}

const union = (a: readonly string[] = [], b: readonly string[]): string[] => [...new Set([...a, ...b])];
