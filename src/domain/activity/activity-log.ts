import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { hmac } from '../../lib/secrets.ts';
import { ipKey } from '../rate-limits/ip-key.ts';
import type { ActivityKind, ActivityStore, AttemptGroup, AttemptKind, EventKind } from './activity-store.ts';
import { browserLine } from './user-agent.ts';

/** Who asked: what the activity log shows as "from which IP and browser". */
export interface RequestContext {
  readonly clientIp?: string;
  readonly userAgent?: string;
  /**
   * The browser's device cookie id (random, checked by the HTTP layer): lets the limits give a
   * browser the holder signed in on its own allowance. Never recorded.
   */
  readonly deviceId?: string;
}

export interface ActivityView {
  readonly kind: ActivityKind;
  /** ISO 8601; for a group, its latest attempt. */
  readonly at: string;
  /** For a group, its latest attempt's. */
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** The user agent as a person reads it ("Chrome 131 on Windows"), unknown ones as reported. */
  readonly browser: string | null;
  readonly detail: Readonly<Record<string, string>>;
  /** How many attempts a group holds; 1 for an event. */
  readonly count: number;
  /** Groups only: ISO 8601 of the first attempt that day (UTC). */
  readonly firstAt?: string;
  /** Groups only: distinct client addresses (an IPv6 /64 counts once), counted up to MAX_GROUP_ADDRESSES. */
  readonly addresses?: number;
}

// A user agent is the client's to choose; a ceiling keeps a hostile one from filling the table.
const MAX_USER_AGENT = 200;
/** A group counts this many distinct addresses at most: "from 100 or more addresses". */
export const MAX_GROUP_ADDRESSES = 100;
// Groups shown beside events: at most four kinds a day over the 90 days activity is kept.
const MAX_GROUPS = 4 * 90;

/** The last four digits: enough for the owner to recognise a number, too few to reveal it. */
export const lastDigits = (e164: string): string => e164.slice(-4);

const utcDay = (at: number): string => new Date(at).toISOString().slice(0, 10);

/**
 * Records sign-ins, code requests and changes to security info one by one, and attempts against
 * an account (requests with a number not on it, wrong codes and passwords) counted per kind and
 * day, so a person can see what happened to their account, when, from where and with which
 * browser, and a flood of attempts cannot hide the rest.
 */
export class ActivityLog {
  /** `store` is for reading; writes go through the caller's transaction's store. */
  constructor(private readonly deps: { clock: Clock; store: ActivityStore; secretKey: Buffer }) {}

  /** Writes through `store`, so it joins whatever transaction the caller is in. */
  async record(
    store: ActivityStore,
    accountId: string | null,
    kind: EventKind,
    context: RequestContext = {},
    detail: Record<string, string> = {},
  ): Promise<void> {
    await store.insert({
      id: newId(),
      accountId,
      kind,
      at: this.deps.clock.now(),
      ip: context.clientIp ?? null,
      userAgent: context.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      detail,
    });
  }

  /** Writes through the log's own store, for an event that is not part of a transaction. */
  append(accountId: string | null, kind: EventKind, context: RequestContext = {}, detail: Record<string, string> = {}): Promise<void> {
    return this.record(this.deps.store, accountId, kind, context, detail);
  }

  /**
   * Counts an attempt into the account's group of its kind for today (UTC), through `store`.
   * A null account (a request that matched none) writes a decoy group, for equal work.
   */
  async attempt(store: ActivityStore, accountId: string | null, kind: AttemptKind, context: RequestContext = {}): Promise<void> {
    const at = this.deps.clock.now();
    await store.recordAttempt(
      {
        newGroupId: newId(),
        accountId,
        kind,
        day: utcDay(at),
        at,
        // An HMAC of the key the limits use: a /64 is one address, and none is kept in clear.
        addressKey: context.clientIp === undefined ? null : hmac(this.deps.secretKey, 'activity:address', ipKey(context.clientIp)),
        ip: context.clientIp ?? null,
        userAgent: context.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      },
      MAX_GROUP_ADDRESSES,
    );
  }

  /** `attempt` through the log's own store, outside any transaction. */
  appendAttempt(accountId: string, kind: AttemptKind, context: RequestContext = {}): Promise<void> {
    return this.attempt(this.deps.store, accountId, kind, context);
  }

  /**
   * The newest `limit` events, and the groups of attempts over the same span of time (all of
   * them while there are fewer events): groups never take an event's place.
   */
  async list(accountId: string, limit = 50): Promise<ActivityView[]> {
    const events = await this.deps.store.listByAccount(accountId, limit);
    const since = events.length === limit ? (events.at(-1)?.at ?? 0) : 0;
    const groups = await this.deps.store.listAttemptGroups(accountId, since, MAX_GROUPS);
    const views = [
      ...events.map((e) => ({
        sortAt: e.at,
        view: {
          kind: e.kind,
          at: new Date(e.at).toISOString(),
          ip: e.ip,
          userAgent: e.userAgent,
          browser: browserLine(e.userAgent),
          detail: e.detail,
          count: 1,
        } satisfies ActivityView,
      })),
      ...groups.map((g) => ({ sortAt: g.lastAt, view: groupView(g) })),
    ];
    // Stable: at equal times events keep their order, ahead of groups.
    return views.sort((a, b) => b.sortAt - a.sortAt).map((v) => v.view);
  }
}

const groupView = (g: AttemptGroup): ActivityView => ({
  kind: g.kind,
  at: new Date(g.lastAt).toISOString(),
  ip: g.ip,
  userAgent: g.userAgent,
  browser: browserLine(g.userAgent),
  detail: {},
  count: g.count,
  firstAt: new Date(g.firstAt).toISOString(),
  addresses: g.addresses,
});
