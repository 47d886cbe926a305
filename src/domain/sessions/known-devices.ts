import type { Clock } from '../../lib/clock.ts';
import type { Account, AccountStore } from '../accounts/account-store.ts';
import { hmac } from '../../lib/secrets.ts';

/** Browsers a person has signed in on, by a key derived from the browser's device cookie. */
export interface KnownDeviceStore {
  /** Records (or refreshes) that `deviceKey` signed in to the account at `at`. */
  remember(accountId: string, deviceKey: string, at: number): Promise<void>;
  /**
   * Whether `deviceKey` signed in to the account at or after `since` (`known`), and whether
   * any browser did (`anyKnown`): one read, since a sign-in wants both.
   */
  lookup(accountId: string, deviceKey: string, since: number): Promise<Seen>;
  /** As `lookup`, for the enabled account with this (normalised) email; for no such account, neither. */
  lookupByEmail(email: string, deviceKey: string, since: number): Promise<Seen>;
  /** Forgets browsers not used to sign in since `before`. */
  prune(before: number): Promise<number>;
}

type Seen = { readonly known: boolean; readonly anyKnown: boolean };

/** As long as a browser keeps a cookie (browsers cap Max-Age at 400 days). */
export const KNOWN_DEVICE_DAYS = 400;
const KNOWN_DEVICE_MS = KNOWN_DEVICE_DAYS * 24 * 60 * 60 * 1000;

/** A browser's place in the limits: its own allowance when the holder signed in on it before. */
export interface DeviceStanding {
  /** True when this browser signed in to the account before. */
  readonly known: boolean;
  /** The part of a limit key that separates this browser from all others: its key, or `other`. */
  readonly scope: string;
  /** True when the account was signed in on any browser (as long as browsers are remembered). */
  readonly anyKnown: boolean;
}

/**
 * Remembers which browsers a person signed in on, so the limits can tell the holder's own
 * browser from a stranger's: a stranger who knows an email and number can then spend only the
 * allowance all unknown browsers share, never the holder's. The cookie holds a random id and
 * nothing about the person; the database keeps only an HMAC of it, per account.
 */
export class KnownDevices {
  constructor(private readonly deps: { clock: Clock; secretKey: Buffer; previousKeys?: readonly Buffer[] }) {}

  /**
   * Where this browser stands for `accountId`. Without a device id or an account the same
   * query runs against keys that match nothing, so the answer takes as long either way.
   */
  async standing(store: KnownDeviceStore, accountId: string | undefined, deviceId: string | undefined): Promise<DeviceStanding> {
    return this.#standing((key, since) => store.lookup(accountId ?? 'none', key, since), accountId !== undefined, deviceId);
  }

  /**
   * As `standing`, for the enabled account with this (normalised) email, if there is one: a
   * caller can read it beside the account itself instead of after it. No account, no standing.
   */
  async standingByEmail(store: KnownDeviceStore, email: string, deviceId: string | undefined): Promise<DeviceStanding> {
    return this.#standing((key, since) => store.lookupByEmail(email, key, since), true, deviceId);
  }

  /**
   * The enabled account with this (normalised) email and the browser's standing with it, read
   * side by side: one round trip on PostgreSQL. For an email that did not parse, no account and
   * the standing of none, read all the same, so it takes as long.
   */
  async accountAndStanding(
    accounts: Pick<AccountStore, 'findByEmail'>,
    store: KnownDeviceStore,
    email: string | undefined,
    deviceId: string | undefined,
  ): Promise<readonly [Account | undefined, DeviceStanding]> {
    if (email === undefined) return [undefined, await this.standing(store, undefined, deviceId)];
    return Promise.all([accounts.findByEmail(email), this.standingByEmail(store, email, deviceId)]);
  }

  async #standing(lookup: (key: string, since: number) => Promise<Seen>, account: boolean, deviceId: string | undefined): Promise<DeviceStanding> {
    const key = this.#key(deviceId ?? 'none');
    const since = this.deps.clock.now() - KNOWN_DEVICE_MS;
    const seen = await lookup(key, since);
    let known = seen.known;
    // A browser last seen before a rotation is known by its key under the previous SECRET_KEY;
    // its next sign-in remembers it under the current one.
    for (const previous of this.deps.previousKeys ?? []) {
      known = (await lookup(hmac(previous, 'device', deviceId ?? 'none'), since)).known || known;
    }
    const anyKnown = seen.anyKnown && account;
    return known && deviceId !== undefined && account ? { known: true, scope: key, anyKnown } : { known: false, scope: 'other', anyKnown };
  }

  /** After a sign-in on this browser: from now on it keeps its own allowance for the account. */
  async remember(store: KnownDeviceStore, accountId: string, deviceId: string | undefined): Promise<void> {
    if (deviceId === undefined) return;
    await store.remember(accountId, this.#key(deviceId), this.deps.clock.now());
  }

  #key(deviceId: string): string {
    return hmac(this.deps.secretKey, 'device', deviceId);
  }
}
