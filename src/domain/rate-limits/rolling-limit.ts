import type { LimitLogStore } from './limit-log-store.ts';

export interface RollingLimit {
  readonly bucket: string;
  readonly limit: number;
  readonly windowMs: number;
}

export type LimitCheck = { readonly limited: false } | { readonly limited: true; readonly retryAfterSeconds: number };

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A true rolling window (not fixed buckets): at any moment at most `limit` events of the
 * last `windowMs`. Retry-After is the moment the oldest counted event ages out, so a client
 * that waits exactly that long succeeds. The key is held until the transaction ends.
 */
export async function checkRollingLimit(store: LimitLogStore, rule: RollingLimit, key: string, now: number): Promise<LimitCheck> {
  return limitCheck(rule, now, await store.holdNthNewest({ bucket: rule.bucket, key }, now - rule.windowMs, rule.limit));
}

/** As checkRollingLimit, and when not limited counts one event at `now` in the same step. */
export async function consumeRollingLimit(store: LimitLogStore, rule: RollingLimit, key: string, now: number): Promise<LimitCheck> {
  return limitCheck(rule, now, await store.holdNthNewest({ bucket: rule.bucket, key }, now - rule.windowMs, rule.limit, now));
}

/** Counts one event of `key` at `now` under `rule`: the key keeps as many times as the rule's limit. */
export async function recordRollingLimit(store: LimitLogStore, rule: RollingLimit, key: string, now: number): Promise<void> {
  await store.record(rule.bucket, key, now, rule.limit);
}

function limitCheck(rule: RollingLimit, now: number, pivot: number | undefined): LimitCheck {
  if (pivot === undefined) return { limited: false };
  return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((pivot + rule.windowMs - now) / 1000)) };
}

/** The strictest of several checks: limited if any is, retrying when all allow it. */
export function strictest(checks: readonly LimitCheck[]): LimitCheck {
  let retryAfterSeconds = 0;
  for (const check of checks) {
    if (check.limited) retryAfterSeconds = Math.max(retryAfterSeconds, check.retryAfterSeconds);
  }
  return retryAfterSeconds > 0 ? { limited: true, retryAfterSeconds } : { limited: false };
}
