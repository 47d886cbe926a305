/** A log of countable events (one row each), for limits over a rolling window. */
export interface LimitLogStore {
  /**
   * Inside a transaction: waits until no other transaction holds this key, then holds it
   * until this one ends, so a check-then-record on the key cannot interleave with another.
   */
  serialize(bucket: string, key: string): Promise<void>;
  /**
   * The time of the `nth` newest event of `key` in `bucket` that happened after `since`,
   * or undefined when there are fewer than `nth`. With nth = limit, that event is the one
   * whose ageing out frees the next slot.
   */
  nthNewestSince(bucket: string, key: string, since: number, nth: number): Promise<number | undefined>;
  record(bucket: string, key: string, at: number): Promise<void>;
  /** Forgets every event of `key` in `bucket`: a count "in a row" starts again. */
  clear(bucket: string, key: string): Promise<void>;
  /** How many events of `key` in `bucket` happened after `since`. */
  countSince(bucket: string, key: string, since: number): Promise<number>;
  /** Forgets events older than `before`; they can no longer count toward any window. */
  prune(before: number): Promise<number>;
}
