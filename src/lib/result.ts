/**
 * Expected failures travel as values, not exceptions: a caller must look at
 * `ok` before it can reach the value, so no failure is forgotten silently.
 * Bugs still throw.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E extends string> = { readonly ok: false; readonly error: E; readonly retryAfterSeconds?: number };
export type Result<T, E extends string> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

export const err = <E extends string>(error: E, retryAfterSeconds?: number): Err<E> =>
  retryAfterSeconds === undefined ? { ok: false, error } : { ok: false, error, retryAfterSeconds };
