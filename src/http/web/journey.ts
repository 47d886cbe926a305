import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearCookie, readCookie, setCookie } from './cookies.ts';
import type { WebDeps } from './page-context.ts';
import { safeReturnTo } from './return-to.ts';

/** What the one-time-code journey carries from "Skicka textmeddelande" to the code page. */
export interface CodeJourney {
  readonly email: string;
  readonly region: string;
  readonly number: string;
  readonly returnTo: string | undefined;
  /** When this browser last asked for a code (ms): the wait before "Skicka en ny kod" counts from it. */
  readonly sentAt?: number;
  /** Wrong codes entered since that request, so the page can say how many tries are left. */
  readonly wrong?: number;
  /**
   * What the last form on the code page led to, shown by the page it redirected to (and again
   * on a reload, which posts nothing): Post/Redirect/Get, so no reload counts a second guess.
   */
  readonly outcome?: CodeOutcome;
}

export type CodeOutcome =
  | { readonly kind: 'missing' | 'malformed' | 'wrong' | 'sent_again' }
  | { readonly kind: 'too_soon' | 'limit'; readonly until: number };

const isJourney = (value: unknown): value is CodeJourney => {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' && v !== null &&
    typeof v.email === 'string' && typeof v.region === 'string' && typeof v.number === 'string' &&
    (v.returnTo === undefined || typeof v.returnTo === 'string') &&
    (v.sentAt === undefined || typeof v.sentAt === 'number') &&
    (v.wrong === undefined || typeof v.wrong === 'number') &&
    (v.outcome === undefined || (typeof v.outcome === 'object' && v.outcome !== null && typeof (v.outcome as { kind?: unknown }).kind === 'string'))
  );
};

/** Kept sealed in a browser-session cookie, gone when the browser closes or the person signs in. */
export function saveJourney(deps: WebDeps, reply: FastifyReply, journey: CodeJourney): void {
  setCookie(reply, deps.cookies, 'journey', deps.journey.seal(journey));
}

export function readJourney(deps: WebDeps, request: FastifyRequest): CodeJourney | undefined {
  const value = deps.journey.open(readCookie(request, deps.cookies.name('journey')));
  if (!isJourney(value)) return undefined;
  return { ...value, returnTo: safeReturnTo(value.returnTo, deps.services.config.publicUrl) };
}

export function endJourney(deps: WebDeps, reply: FastifyReply): void {
  clearCookie(reply, deps.cookies, 'journey');
}
