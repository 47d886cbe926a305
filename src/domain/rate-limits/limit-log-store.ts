/** One key of the log: which limit, and whose. */
export interface LimitKey {
  readonly bucket: string;
  readonly key: string;
}

/**
 * A log of countable events (one row each), for limits over a rolling window. The `hold…`
 * reads run inside a transaction: each first waits until no other transaction holds `held`,
 * then holds it until this one ends, so a check-then-record on the key cannot interleave with
 * another; the wait and the read are one round trip.
 */
export interface LimitLogStore {
  /**
   * Holds `held`, then answers the time of its `nth` newest event after `since`, or undefined
   * when there are fewer than `nth`. With nth = limit, that event is the one whose ageing out
   * frees the next slot. With `recordAt`, an event at that time is recorded when there were
   * fewer (a limit consumed in the same step).
   */
  holdNthNewest(held: LimitKey, since: number, nth: number, recordAt?: number): Promise<number | undefined>;
  /** Holds `held`, then counts the events after `since` of each of `counted`, in their order. */
  holdCounts(held: LimitKey, counted: readonly LimitKey[], since: number): Promise<number[]>;
  record(bucket: string, key: string, at: number): Promise<void>;
  /** Records an event at `at` for each of `keys`, in one statement. */
  recordEach(keys: readonly LimitKey[], at: number): Promise<void>;
  /** Forgets every event of `key` in `bucket`: a count "in a row" starts again. */
  clear(bucket: string, key: string): Promise<void>;
  /** How many events of `key` in `bucket` happened after `since`. */
  countSince(bucket: string, key: string, since: number): Promise<number>;
  /** Forgets events older than `before`; they can no longer count toward any window. */
  prune(before: number): Promise<number>;
}
