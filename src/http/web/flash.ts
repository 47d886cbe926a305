import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearCookie, readCookie, setCookie } from './cookies.ts';
import type { WebDeps } from './page-context.ts';
import { seeOther } from './respond.ts';
import type { FieldErrors } from './views/components.ts';

/**
 * What a refused form said, carried to the page it redirects to: Post/Redirect/Get for forms
 * that fail too, so reloading the answer never posts the form a second time (no second guess
 * counted, no second request spent, no password sent again). Sealed like the journey, kept only
 * for this browser session, and read once (a reload shows the form as it first was, and the
 * next person at a shared computer finds nothing typed in it): passwords are never put in it.
 */
export interface Flash {
  /** The path (without query) it is for; any other page ignores it. */
  readonly path: string;
  readonly status: number;
  readonly errors: FieldErrors;
  readonly problem?: string;
  /** What the person typed, to fill the form in again. */
  readonly values: Readonly<Record<string, string>>;
  readonly retryAfter?: number;
}

const isFlash = (value: unknown): value is Flash => {
  const v = value as Record<string, unknown> | null;
  return typeof v === 'object' && v !== null && typeof v.path === 'string' && typeof v.status === 'number' &&
    Array.isArray(v.errors) && typeof v.values === 'object' && v.values !== null;
};

/** What a cookie holds safely (browsers keep 4 KiB of name and value; readCookie takes 4096). */
const MAX_SEALED = 3800;

/** Answers a refused form with 303 to `location`, whose page then shows what went wrong. */
export function redirectWithFlash(deps: WebDeps, reply: FastifyReply, location: string, flash: Omit<Flash, 'path'>): FastifyReply {
  const path = new URL(location, 'http://x').pathname;
  let sealed = deps.journey.seal({ ...flash, path });
  // Overlong typed values would lose the whole message with the cookie: the message matters more.
  if (sealed.length > MAX_SEALED) sealed = deps.journey.seal({ ...flash, values: {}, path });
  setCookie(reply, deps.cookies, 'flash', sealed);
  return seeOther(reply, location);
}

/**
 * The flash for this page, if there is one; it is cleared as it is read. The page is sent with
 * the status the form's own answer had (422, 429), so it still reads as a refusal.
 */
export function takeFlash(deps: WebDeps, request: FastifyRequest, reply: FastifyReply): Flash | undefined {
  const sealed = readCookie(request, deps.cookies.name('flash'));
  if (!sealed) return undefined;
  clearCookie(reply, deps.cookies, 'flash');
  const value = deps.journey.open(sealed);
  const path = request.url.split('?')[0];
  if (!isFlash(value) || value.path !== path) return undefined;
  if (value.retryAfter !== undefined) reply.header('retry-after', String(value.retryAfter));
  return value;
}
