import { accountZone, type PageContext, type WebDeps } from './page-context.ts';
import { tryAgainAt } from './views/format.ts';

/**
 * What a signed-in page says past a limit: why, in the page's own words (`reason`), then when to
 * try again in words and the account's clock time, from the domain's wait (also sent as
 * Retry-After). Never the API's problem detail, which points API clients at that header.
 */
export async function pastLimit(deps: WebDeps, ctx: PageContext, accountId: string, reason: string, retryAfterSeconds: number | undefined): Promise<{ problem: string; retryAfter: number }> {
  const retryAfter = retryAfterSeconds ?? 60;
  const zone = await accountZone(deps, accountId);
  return { problem: `${reason} ${tryAgainAt(ctx, retryAfter, deps.services.clock.now(), zone)}`, retryAfter };
}
