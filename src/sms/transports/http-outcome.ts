import type { SendOutcome } from '../transport.ts';

/**
 * What an HTTP gateway's status means for a retry: 5xx, 408 and 429 are the gateway's
 * trouble and may pass; any other 4xx says this request will never be taken.
 */
export function failureFromStatus(status: number, detail: string): SendOutcome {
  const retryable = status >= 500 || status === 408 || status === 429;
  return { ok: false, retryable, error: `HTTP ${status}${detail ? `: ${detail.trim().slice(0, 200)}` : ''}` };
}

/** Errors that happen before a request leaves: the gateway cannot have the text. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED']);

/**
 * A request that never got an answer may pass on a later try. When it was refused before it
 * left, it is simply retried; when it may have arrived (timed out, reset mid-way), it is in doubt.
 */
export function failureFromError(error: unknown): SendOutcome {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? (error as NodeJS.ErrnoException | undefined)?.code;
  const timedOut = error instanceof Error && error.name === 'TimeoutError';
  const message = timedOut ? 'timed out' : error instanceof Error ? error.message : String(error);
  const inDoubt = timedOut || code === undefined || !NEVER_SENT.has(code);
  return { ok: false, retryable: true, error: `${message}${cause ? `: ${cause.message}` : ''}`, ...(inDoubt ? { inDoubt } : {}) };
}
