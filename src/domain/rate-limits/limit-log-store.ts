/** One key of the log: which limit, and whose. */
export interface LimitKey {
  readonly bucket: string;
  readonly key: string;
}

/**
 * A log of countable events, for limits over a rolling window. A key remembers only its `keep`
 * newest events (the caller's limit: whether it is reached, and when its oldest counted event
 * ages out, never depend on older ones), so counts are exact up to `keep`. The `hold…`
 * reads run inside a transaction: each first waits until no other transaction holds `held`,
 * then holds it until this one ends, so a check-then-record on the key cannot interleave with
 * another; the wait and the read are one round trip.
 */
export interface LimitLogStore {
  /**
   * Holds `held`, then answers the time of its `nth` newest event after `since`, or undefined
   * when there are fewer than `nth`. With nth = limit, that event is the one whose ageing out
   * frees the next slot. With `recordAt`, an event at that time is recorded when there were
   * fewer (a limit consumed in the same step; the key then keeps its `nth` newest).
   */
  holdNthNewest(held: LimitKey, since: number, nth: number, recordAt?: number): Promise<number | undefined>;
  /** Holds `held`, then counts the events after `since` of each of `counted`, in their order. */
  holdCounts(held: LimitKey, counted: readonly LimitKey[], since: number): Promise<number[]>;
  /** Records an event at `at`; the key keeps its `keep` newest. */
  record(bucket: string, key: string, at: number, keep: number): Promise<void>;
  /** Records an event at `at` for each of `keys`, in one statement; each keeps its `keep` newest. */
  recordEach(keys: readonly LimitKey[], at: number, keep: number): Promise<void>;
  /** Forgets every event of `key` in `bucket`: a count "in a row" starts again. */
  clear(bucket: string, key: string): Promise<void>;
  /** How many events of `key` in `bucket` happened after `since`. */
  countSince(bucket: string, key: string, since: number): Promise<number>;
  /**
   * Forgets events older than `before`; they can no longer count toward any window. Answers
   * how many keys it forgot or shortened.
   */
  prune(before: number): Promise<number>;
}
