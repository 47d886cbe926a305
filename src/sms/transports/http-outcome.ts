import type { SendOutcome } from '../transport.ts';

/**
 * What an HTTP gateway's status means for a retry: 5xx, 408 and 429 are the gateway's
 * trouble and may pass; any other 4xx says this request will never be taken.
 */
export function failureFromStatus(status: number, detail: string): SendOutcome {
  const retryable = status >= 500 || status === 408 || status === 429;
  return { ok: false, retryable, error: `HTTP ${status}${detail ? `: ${detail.trim().slice(0, 200)}` : ''}` };
}

/** A request that never got an answer (refused, reset, timed out) may pass on a later try. */
export function failureFromError(error: unknown): SendOutcome {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? (error.name === 'TimeoutError' ? 'timed out' : error.message) : String(error);
  return { ok: false, retryable: true, error: `${message}${cause}` };
}
