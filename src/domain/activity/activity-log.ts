import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { ActivityKind, ActivityStore } from './activity-store.ts';

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
  /** ISO 8601. */
  readonly at: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly detail: Readonly<Record<string, string>>;
}

// A user agent is the client's to choose; a ceiling keeps a hostile one from filling the table.
const MAX_USER_AGENT = 200;

/** The last four digits: enough for the owner to recognise a number, too few to reveal it. */
export const lastDigits = (e164: string): string => e164.slice(-4);

/**
 * Records sign-ins, failed attempts, code requests and changes to security info, so a person
 * can see what happened to their account, when, from where and with which browser.
 */
export class ActivityLog {
  /** `store` is for reading; writes go through the caller's transaction's store. */
  constructor(private readonly deps: { clock: Clock; store: ActivityStore }) {}

  /** Writes through `store`, so it joins whatever transaction the caller is in. */
  async record(
    store: ActivityStore,
    accountId: string | null,
    kind: ActivityKind,
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
  append(accountId: string | null, kind: ActivityKind, context: RequestContext = {}, detail: Record<string, string> = {}): Promise<void> {
    return this.record(this.deps.store, accountId, kind, context, detail);
  }

  async list(accountId: string, limit = 50): Promise<ActivityView[]> {
    return (await this.deps.store.listByAccount(accountId, limit)).map((e) => ({
      kind: e.kind,
      at: new Date(e.at).toISOString(),
      ip: e.ip,
      userAgent: e.userAgent,
      detail: e.detail,
    }));
  }
}
