import type { Clock } from '../../lib/clock.ts';
import type { Locale } from '../../i18n/locale.ts';
import { hmac } from '../../lib/secrets.ts';
import type { Account } from '../accounts/account-store.ts';
import type { RequestContext } from '../activity/activity-log.ts';
import { browserLine } from '../activity/user-agent.ts';
import type { TextBatch } from '../code-delivery/code-delivery.ts';
import { consumeRollingLimit, type RollingLimit } from '../rate-limits/rolling-limit.ts';
import type { DomainStores } from '../unit-of-work.ts';
import type { DeviceStanding } from './known-devices.ts';

/** One notice an hour at most: the holder is warned by the first, and a stranger signing in again and again must not spend the number's day of texts. */
export const NEW_BROWSER_NOTICE_MS = 60 * 60 * 1000;
const ONE_AN_HOUR: RollingLimit = { bucket: 'notice:new_browser', limit: 1, windowMs: NEW_BROWSER_NOTICE_MS };

/**
 * "A sign-in from a browser not seen before", told on both channels (a text to the verified
 * numbers, a mail to the proven address), so a password or code used by someone else does not
 * go unnoticed. An account never signed in on any browser has nothing to compare with: its
 * first browser is the one it was made on.
 */
export class NewBrowserNotice {
  constructor(private readonly deps: { clock: Clock; secretKey: Buffer }) {}

  /**
   * Call in the sign-in's transaction, before the browser is remembered, with the browser's
   * standing as the sign-in found it. `exceptPhoneId`: the number whose code signed in (its
   * holder is the one signing in).
   */
  async afterSignIn(
    stores: DomainStores,
    sending: TextBatch,
    account: Account,
    standing: DeviceStanding,
    context: RequestContext,
    locale: Locale,
    exceptPhoneId?: string,
  ): Promise<void> {
    const { clock } = this.deps;
    if (standing.known || !standing.anyKnown) return;
    const key = hmac(this.deps.secretKey, 'limit:new-browser-notice', account.id);
    // Held and counted in one step: two sign-ins at once send one notice.
    if ((await consumeRollingLimit(stores.limits, ONE_AN_HOUR, key, clock.now())).limited) return;
    const notice = { kind: 'new_browser', browser: browserLine(context.userAgent ?? null), ip: context.clientIp ?? null } as const;
    await sending.securityNotice(stores, account, notice, locale, exceptPhoneId === undefined ? {} : { exceptPhoneId });
  }
}
