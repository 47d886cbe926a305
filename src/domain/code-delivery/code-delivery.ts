import type { Locale } from '../../i18n/locale.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { destinationPrefix, type AbuseThrottles } from '../rate-limits/abuse-throttles.ts';
import { ipKey } from '../rate-limits/ip-key.ts';
import { strictest } from '../rate-limits/rolling-limit.ts';
import type { CodeSubject } from '../sign-in/code-store.ts';
import type { IssuedCode, OneTimeCodes } from '../sign-in/one-time-codes.ts';
import type { DomainStores } from '../unit-of-work.ts';
import type { NoticeText } from './text-queue.ts';

/** Where a text would go: the number and the region it is registered in. */
export interface Destination {
  readonly e164: string;
  readonly region: string;
}

/**
 * The one way a text leaves the domain: every kind of code (sign-in, verifying a number, and
 * any later kind) and every notice passes the same flood guards, is issued and queued in the
 * caller's transaction, spends the SMS budget and wakes the dispatcher. No other code queues a
 * text (lint refuses `stores.texts` outside this folder), so a rule added here holds for all.
 */
export class CodeDelivery {
  constructor(
    private readonly deps: {
      oneTimeCodes: OneTimeCodes;
      throttles: AbuseThrottles;
      /** Told after texts were committed to the outbox, so they go out without waiting for a poll. */
      onTextQueued: () => void;
      /** Told when a text used up the hourly SMS budget: from then on requests are refused. */
      onBudgetSpent?: () => void;
    },
  ) {}

  /**
   * The flood guards, before any other work: per client (IPv4 address, IPv6 /64), per
   * destination prefix, per region, and the hourly budget. Keyed only on what was submitted,
   * so they answer alike whether or not anything matches; every well-formed request counts.
   */
  async admit(to: Destination, clientIp: string | undefined): Promise<Result<void, 'rate_limited'>> {
    const { throttles } = this.deps;
    const check = strictest([
      clientIp === undefined ? { limited: false } : await throttles.codeRequestsPerIp.consume(ipKey(clientIp)),
      await throttles.codeRequestsPerPrefix.consume(destinationPrefix(to.e164)),
      await throttles.codeRequestsPerRegion.consume(to.region),
      await throttles.smsBudget.check('all'),
    ]);
    return check.limited ? err('rate_limited', check.retryAfterSeconds) : ok(undefined);
  }

  /** A batch of texts for one request: queued inside its transaction, settled after it commits. */
  begin(): TextBatch {
    return new TextBatch(this.deps);
  }
}

export class TextBatch {
  #texts = 0;

  constructor(private readonly deps: CodeDelivery['deps']) {}

  /** How many texts this batch queued (a test number's code gets none). */
  get texts(): number {
    return this.#texts;
  }

  /**
   * Issues a code for `subject`, replacing its older ones, and queues its text to `phone`.
   * A test number's code is fixed and known: no text goes to it, and none is counted.
   */
  async code(stores: DomainStores, subject: CodeSubject, phone: { readonly id: string; readonly e164: string }, locale: Locale): Promise<IssuedCode> {
    const { oneTimeCodes } = this.deps;
    const issued = await oneTimeCodes.issue(stores.codes, subject, phone.id, phone.e164);
    if (oneTimeCodes.isTestNumber(phone.e164)) return issued;
    await stores.texts.enqueueCode({ to: phone.e164, purpose: subject.purpose, locale, code: issued.code, codeId: issued.id, expiresAt: issued.expiresAt });
    this.#texts++;
    return issued;
  }

  /**
   * For a request that matched nothing: the same statements as `code`, a code no one can
   * redeem and a text that is never sent, so a match and a miss take the same time.
   */
  async decoy(stores: DomainStores, locale: Locale): Promise<void> {
    const decoy = await this.deps.oneTimeCodes.issueDecoy(stores.codes);
    await stores.texts.enqueueDecoy({ purpose: 'sign_in', locale, code: decoy.code, codeId: decoy.id, expiresAt: decoy.expiresAt });
  }

  /** A short notice with no code (another number was added to the account, …). */
  async notice(stores: DomainStores, notice: NoticeText): Promise<void> {
    await stores.texts.enqueueNotice(notice);
    this.#texts++;
  }

  /**
   * After the transaction committed: the texts spend the hourly budget (the last one of the
   * hour may overshoot by the requests in flight, never by more), a spent budget is reported,
   * and the dispatcher is woken. A batch with no text reads the budget as often as one with
   * texts writes it, so a miss takes as long as a match.
   */
  async settle(): Promise<void> {
    const { smsBudget } = this.deps.throttles;
    const budget = this.#texts > 0 ? await smsBudget.consume('all', this.#texts) : await smsBudget.check('all');
    const spent = (await smsBudget.check('all')).limited;
    if (this.#texts === 0) return;
    if (budget.limited || spent) this.deps.onBudgetSpent?.();
    // Last, with nothing awaited after it: the dispatcher's work must not run before the answer leaves.
    this.deps.onTextQueued();
  }
}
