import type { Locale } from '../../i18n/locale.ts';
import type { Clock } from '../../lib/clock.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { hmac } from '../../lib/secrets.ts';
import { destinationPrefix, type AbuseThrottles } from '../rate-limits/abuse-throttles.ts';
import { ipKey } from '../rate-limits/ip-key.ts';
import type { ProofOfWork } from '../rate-limits/proof-of-work.ts';
import { DAY_MS } from '../rate-limits/rolling-limit.ts';
import type { CodeSubject } from '../sign-in/code-store.ts';
import type { IssuedCode, OneTimeCodes } from '../sign-in/one-time-codes.ts';
import type { CommittedStores, DomainStores } from '../unit-of-work.ts';
import type { GuardStore, GuardSuspension, PumpingGuard } from './pumping-guard.ts';
import type { Account } from '../accounts/account-store.ts';
import type { NoticeKind, NoticeText } from './text-queue.ts';
import type { AccountMail } from './mail-queue.ts';

/** Where a text would go: the number and the region it is registered in. */
export interface Destination {
  readonly e164: string;
  readonly region: string;
}

/**
 * Who a text is for, as far as the caps per number care: `holder` when the number's holder
 * asked for it from a browser they signed in on before (or it is a notice about their own
 * account), `stranger` for everything else, including the holder on a new browser.
 */
export type Sender = 'holder' | 'stranger';

/** `proof_of_work_required`: past the free allowance, and no valid unused proof came with the request. */
export type AdmitError = 'rate_limited' | 'proof_of_work_required';

/** Why a text was not sent although the request was answered as usual (`guard`: the pumping guard suspended its prefix or region). */
export type WithheldReason = 'number_daily' | 'number_strangers' | 'guard' | 'prefix' | 'region' | 'budget' | 'address_daily' | 'address_strangers';

export interface DeliverySettings {
  /** SMS_PER_NUMBER_DAILY: texts of every kind to one number in a rolling day. */
  readonly smsPerNumberDaily: number;
  /** MAIL_PER_ADDRESS_DAILY: mails of every kind to one address in a rolling day. */
  readonly mailPerAddressDaily: number;
}

const NUMBER_BUCKET = 'sms:number';
const STRANGER_BUCKET = 'sms:number:stranger';
const ADDRESS_BUCKET = 'mail:address';
const ADDRESS_STRANGER_BUCKET = 'mail:address:stranger';

/** A mail with a code: proving the address (at sign-up, or the new one of a change), or setting a new password. */
type CodeMailKind = 'verify_email' | 'password_reset' | 'change_email';
const mailPurpose = { verify_email: 'verify_email', password_reset: 'reset_password', change_email: 'change_email' } as const;

/** A mail without a code. */
type PlainMail = Exclude<AccountMail, { readonly code: string }>;

/**
 * A change to the account's security (or a sign-in from a new browser), told on both channels
 * the holder proved: a text to each verified number and a mail to the proven address. The
 * mail of an email change goes to the old address, with the link that undoes it.
 */
export type SecurityNotice = NoticeKind & PlainMail;

/** Where a security notice goes besides the verified numbers. */
export interface NoticeOptions {
  /** A number not to text: the one that just proved itself by a code (its holder is the one acting). */
  readonly exceptPhoneId?: string;
  /** The address to mail instead of the account's own (the old address of an email change); null for no mail (the code came by mail). */
  readonly mailTo?: string | null;
}

/**
 * The one gate every text passes: sign-in codes, verification codes, notices and any later
 * kind. It counts texts that go, per destination number (all kinds together), prefix, region
 * and the hourly budget, and withholds a text past any of them, or to a prefix or region the
 * pumping guard suspended, without changing the answer;
 * the requester's own limit (per client) is `admit`. No other code queues a text (lint
 * refuses `stores.texts` outside this folder), so a rule added here holds for all.
 */
export class CodeDelivery {
  constructor(
    private readonly deps: {
      oneTimeCodes: OneTimeCodes;
      throttles: AbuseThrottles;
      proofOfWork: ProofOfWork;
      guard: PumpingGuard;
      settings: DeliverySettings;
      clock: Clock;
      secretKey: Buffer;
      /** Told after texts were committed to the outbox, so they go out without waiting for a poll. */
      onTextQueued: () => void;
      /** The same for mails. */
      onMailQueued?: () => void;
      /** Told when a text used up the hourly SMS budget. */
      onBudgetSpent?: () => void;
      /** Told when a text was withheld by a cap: for the operator's log and metrics, never the answer. */
      onWithheld?: (reason: WithheldReason) => void;
      /** Told when the pumping guard suspended a prefix or region. */
      onSuspended?: (suspension: GuardSuspension) => void;
    },
  ) {}

  /**
   * The requester's own limit, before any other work: requests per client (IPv4 address,
   * IPv6 /64), counted whether or not anything matches, since it is the requester's alone.
   * Past the free allowance each request needs an unused proof of work (`proof`, the widget's
   * payload), since one address may be a whole school; up to a ceiling, then it waits.
   */
  async admit(clientIp: string | undefined, proof?: string): Promise<Result<void, AdmitError>> {
    if (clientIp === undefined) return ok(undefined);
    const key = ipKey(clientIp);
    const free = await this.deps.throttles.codeRequestsPerIp.consume(key);
    if (!free.limited) return ok(undefined);
    const proven = this.deps.throttles.provenCodeRequestsPerIp;
    // The wait ends when either window does: a fresh free allowance also lets the client on.
    const wait = (check: { retryAfterSeconds: number }) => Math.min(check.retryAfterSeconds, free.retryAfterSeconds);
    const ceiling = await proven.check(key);
    if (ceiling.limited) return err('rate_limited', wait(ceiling));
    if (proof === undefined || !(await this.deps.proofOfWork.redeem(proof))) return err('proof_of_work_required', free.retryAfterSeconds);
    const counted = await proven.consume(key);
    return counted.limited ? err('rate_limited', wait(counted)) : ok(undefined);
  }

  /** A batch of texts for one request: queued inside its transaction, settled after it commits. */
  begin(): TextBatch {
    return new TextBatch(this.deps);
  }

  /**
   * A code texted to `to` was redeemed or verified; call after that committed (`committed`: the
   * stores that follow the commit, AfterCommit's). The pumping guard judges prefixes and regions
   * by it. A test number's code was never texted.
   */
  async converted(to: Destination, committed?: CommittedStores): Promise<void> {
    if (this.deps.oneTimeCodes.isTestNumber(to.e164)) return;
    await this.deps.guard.converted(to, committed?.guard);
  }
}

/** What the gate read for a text to one number (`TextBatch.gate`), before it is known who sends it. */
export interface GateReading {
  readonly e164: string;
  /** Texts to the number in the last day, of every kind, and those of them strangers caused. */
  readonly all: number;
  readonly fromStrangers: number;
  /** The pumping guard suspended the number's prefix or region. */
  readonly guarded: boolean;
  /** Spent: the prefix's hour, the region's day, the hourly budget. */
  readonly prefix: boolean;
  readonly region: boolean;
  readonly budget: boolean;
}

type Clearance = { readonly ok: true; readonly last: boolean } | { readonly ok: false; readonly reason: WithheldReason };

export class TextBatch {
  #texts = 0;
  #mails = 0;
  #withheld: WithheldReason[] = [];
  /** What went, for the pumping guard to count once committed. */
  #sent: Array<{ readonly to: Destination; readonly kind: 'code' | 'notice' }> = [];
  #decoy: Destination | undefined;

  constructor(private readonly deps: CodeDelivery['deps']) {}

  /** How many texts this batch queued (a test number's code gets none). */
  get texts(): number {
    return this.#texts;
  }

  /** How many mails this batch queued. */
  get mails(): number {
    return this.#mails;
  }

  /**
   * Issues a code for `subject` (replacing its older ones) and queues its mail to `to`, unless
   * the address's day withholds it: then no code is issued and undefined is returned.
   */
  async mailCode(
    stores: DomainStores,
    subject: CodeSubject,
    to: string,
    locale: Locale,
    kind: CodeMailKind,
    options: { readonly sender: Sender },
  ): Promise<IssuedCode | undefined> {
    if (subject.purpose !== mailPurpose[kind]) throw new Error(`a ${kind} mail carries a ${mailPurpose[kind]} code, not ${subject.purpose}`);
    if (!(await this.#clearMail(stores, to, options.sender))) return undefined;
    const issued = await this.deps.oneTimeCodes.issue(stores.codes, subject, null);
    await stores.mails.enqueue({ kind, to, locale, code: issued.code, codeId: issued.id, expiresAt: issued.expiresAt });
    await this.#countMail(stores, to, options.sender);
    return issued;
  }

  /** A mail without a code (someone tried to sign up with the address, a notice, the last mail to a deleted account); answers whether it was queued. */
  async mail(stores: DomainStores, message: PlainMail & { readonly to: string; readonly locale: Locale }, options: { readonly sender: Sender }): Promise<boolean> {
    if (!(await this.#clearMail(stores, message.to, options.sender))) return false;
    await stores.mails.enqueue(message);
    await this.#countMail(stores, message.to, options.sender);
    return true;
  }

  /**
   * For a request that mails nothing: the same reads as `mailCode` on `to`, a code no one can
   * redeem and a mail that is never sent, counted toward nothing.
   */
  async mailDecoy(stores: DomainStores, to: string, locale: Locale, kind: CodeMailKind): Promise<void> {
    await this.#clearMail(stores, to, 'stranger');
    const decoy = await this.deps.oneTimeCodes.issueDecoy(stores.codes);
    await stores.mails.enqueueDecoy({ kind, to: '', locale, code: decoy.code, codeId: decoy.id, expiresAt: decoy.expiresAt });
  }

  /**
   * Issues a code for `subject`, replacing its older ones, and queues its text to `phone`,
   * unless a cap on texts withholds it: then no code is issued (an older one keeps working)
   * and undefined is returned. `lastOfAllowance`: the caller's own allowance ends with this
   * text, which then says so. `gate`: the gate's reading for `phone`, if the caller started it
   * already. A test number's code is fixed and known: no text goes to it, and none is counted.
   */
  async code(
    stores: DomainStores,
    subject: CodeSubject,
    phone: { readonly id: string } & Destination,
    locale: Locale,
    options: { readonly sender: Sender; readonly lastOfAllowance?: boolean; readonly gate?: GateReading },
  ): Promise<IssuedCode | undefined> {
    const { oneTimeCodes } = this.deps;
    const { purpose } = subject;
    if (purpose === 'verify_email' || purpose === 'change_email') throw new Error('an address is proven by mail, not by text');
    if (oneTimeCodes.isTestNumber(phone.e164)) return oneTimeCodes.issue(stores.codes, subject, phone.id, phone.e164);
    const clearance = await this.#clear(stores, phone, options.sender, options.gate);
    if (!clearance.ok) {
      this.#withheld.push(clearance.reason);
      return undefined;
    }
    const issued = await oneTimeCodes.issue(stores.codes, subject, phone.id, phone.e164);
    const lastToday = clearance.last || options.lastOfAllowance === true;
    await stores.texts.enqueueCode({ to: phone.e164, purpose, locale, code: issued.code, codeId: issued.id, expiresAt: issued.expiresAt, lastToday });
    await this.#count(stores, phone, options.sender);
    this.#sent.push({ to: { e164: phone.e164, region: phone.region }, kind: 'code' });
    return issued;
  }

  /**
   * For a request that sends nothing: the same reads as `code` on `to` and a code no one can
   * redeem with a text that is never sent, so a match and a miss take the same time. It counts
   * toward nothing: a miss must not spend what the number's holder needs. `gate` as for `code`.
   */
  async decoy(stores: DomainStores, to: Destination, locale: Locale, gate?: GateReading): Promise<void> {
    await this.#clear(stores, to, 'stranger', gate);
    this.#decoy = { e164: to.e164, region: to.region };
    const decoy = await this.deps.oneTimeCodes.issueDecoy(stores.codes);
    await stores.texts.enqueueDecoy({ purpose: 'sign_in', locale, code: decoy.code, codeId: decoy.id, expiresAt: decoy.expiresAt });
  }

  /** A short notice with no code (another number was added to the account, …), to the holder's own number. */
  async notice(stores: DomainStores, notice: NoticeText & { readonly region: string }): Promise<void> {
    const to = { e164: notice.to, region: notice.region };
    const clearance = await this.#clear(stores, to, 'holder');
    if (!clearance.ok) {
      this.#withheld.push(clearance.reason);
      return;
    }
    const { region: _, ...text } = notice;
    await stores.texts.enqueueNotice(text);
    await this.#count(stores, to, 'holder');
    this.#sent.push({ to, kind: 'notice' });
  }

  /**
   * A security notice on both channels: a text to every verified number of the account (but
   * `exceptPhoneId`) and a mail to its address once proven (or `mailTo`). Each passes the caps of
   * its channel as the holder's own, so a notice is withheld only when the day is spent.
   */
  async securityNotice(stores: DomainStores, account: Account, notice: SecurityNotice, locale: Locale, options: NoticeOptions = {}): Promise<void> {
    const text = noticeText(notice);
    for (const phone of await stores.phones.listByAccount(account.id)) {
      if (phone.verifiedAt === null || phone.id === options.exceptPhoneId) continue;
      await this.notice(stores, { ...text, to: phone.e164, region: phone.region, locale });
    }
    const to = options.mailTo === undefined ? (account.emailVerifiedAt === null ? null : account.email) : options.mailTo;
    if (to !== null) await this.mail(stores, { ...notice, to, locale }, { sender: 'holder' });
  }

  /**
   * After the transaction committed (`committed`: the stores that follow the commit,
   * AfterCommit's): the pumping guard counts the texts, they spend the hourly budget (the last
   * one of the hour may overshoot by the requests in flight, never by more), a spent budget and
   * withheld texts are reported, and the dispatcher is woken. A batch with no text reads the
   * budget as often as one with texts writes it, so a miss takes as long as a match.
   */
  async settle(committed?: CommittedStores): Promise<void> {
    // The guard's statements first: following a commit on PostgreSQL, they share its round trip.
    await this.#guard(committed?.guard);
    const { smsBudget } = this.deps.throttles;
    const budget = this.#texts > 0 ? await smsBudget.consume('all', this.#texts) : await smsBudget.check('all');
    const spent = (await smsBudget.check('all')).limited;
    for (const reason of this.#withheld) this.deps.onWithheld?.(reason);
    if (this.#mails > 0) this.deps.onMailQueued?.();
    if (this.#texts === 0) return;
    if (budget.limited || spent) this.deps.onBudgetSpent?.();
    // Last, with nothing awaited after it: the dispatcher's work must not run before the answer leaves.
    this.deps.onTextQueued();
  }

  /** The pumping guard counts what went (a miss reads as much), and reports what it suspended. */
  async #guard(store: GuardStore | undefined): Promise<void> {
    const { guard, onSuspended } = this.deps;
    // Sent together: each count is a statement of its own, and none needs another's answer.
    const began = await Promise.all(this.#sent.map((text) => guard.sent(text.to, text.kind, store)));
    for (const suspension of began.flat()) onSuspended?.(suspension);
    if (this.#sent.length === 0 && this.#decoy) await guard.look(this.#decoy, store);
  }

  /**
   * The gate's reads for a text to `to`: the number's day (all kinds, and the strangers' half),
   * the pumping guard, the prefix's hour, the region's day and the hourly budget. The number is
   * held from here to the end of the caller's transaction, so texts racing to it cannot both take
   * its last slot. A caller that knows the destination before it knows whether it will text
   * (a code request, which also has an account to find) starts these reads with its own and
   * hands the reading to `code` or `decoy`: on PostgreSQL they then share one round trip.
   */
  async gate(stores: DomainStores, to: Destination): Promise<GateReading> {
    const { throttles, clock } = this.deps;
    const key = this.#numberKey(to.e164);
    const held = { bucket: NUMBER_BUCKET, key };
    const [[all = 0, fromStrangers = 0], guarded, prefix, region, budget] = await Promise.all([
      stores.limits.holdCounts(held, [held, { bucket: STRANGER_BUCKET, key }], clock.now() - DAY_MS),
      this.deps.guard.blocks(stores.guard, to),
      throttles.textsPerPrefix.check(destinationPrefix(to.e164)),
      throttles.textsPerRegion.check(to.region),
      throttles.smsBudget.check('all'),
    ]);
    return { e164: to.e164, all, fromStrangers, guarded: guarded !== undefined, prefix: prefix.limited, region: region.limited, budget: budget.limited };
  }

  /** Whether a text to `to` may go, by the gate's reading (`read`, or read now). */
  async #clear(stores: DomainStores, to: Destination, sender: Sender, read?: GateReading): Promise<Clearance> {
    if (read !== undefined && read.e164 !== to.e164) throw new Error('the gate was read for another number');
    const { all, fromStrangers, guarded, prefix, region, budget } = read ?? (await this.gate(stores, to));
    const { smsPerNumberDaily } = this.deps.settings;
    const strangerShare = strangersShare(smsPerNumberDaily);
    if (all >= smsPerNumberDaily) return { ok: false, reason: 'number_daily' };
    if (sender === 'stranger' && fromStrangers >= strangerShare) return { ok: false, reason: 'number_strangers' };
    // The holder's own browser (and notices about their own account) are not pumping: a stranger
    // who gets a prefix suspended must not thereby keep its holders from their codes.
    if (guarded && sender === 'stranger') return { ok: false, reason: 'guard' };
    if (prefix) return { ok: false, reason: 'prefix' };
    if (region) return { ok: false, reason: 'region' };
    if (budget) return { ok: false, reason: 'budget' };
    const last = all + 1 >= smsPerNumberDaily || (sender === 'stranger' && fromStrangers + 1 >= strangerShare);
    return { ok: true, last };
  }

  async #count(stores: DomainStores, to: Destination, sender: Sender): Promise<void> {
    const { throttles, clock } = this.deps;
    const key = this.#numberKey(to.e164);
    const now = clock.now();
    await stores.limits.recordEach([{ bucket: NUMBER_BUCKET, key }, ...(sender === 'stranger' ? [{ bucket: STRANGER_BUCKET, key }] : [])], now, this.deps.settings.smsPerNumberDaily);
    await throttles.textsPerPrefix.consume(destinationPrefix(to.e164));
    await throttles.textsPerRegion.consume(to.region);
    this.#texts++;
  }

  /**
   * Whether a mail to `to` may go: the address's day (all kinds), and the strangers' share of
   * it, as for a number. Mails cost no SMS budget; the caps keep anyone from filling a mailbox.
   */
  async #clearMail(stores: DomainStores, to: string, sender: Sender): Promise<boolean> {
    const { settings, clock } = this.deps;
    const since = clock.now() - DAY_MS;
    const key = this.#addressKey(to);
    const held = { bucket: ADDRESS_BUCKET, key };
    const [all = 0, fromStrangers = 0] = await stores.limits.holdCounts(held, [held, { bucket: ADDRESS_STRANGER_BUCKET, key }], since);
    const reason: WithheldReason | undefined =
      all >= settings.mailPerAddressDaily ? 'address_daily' : sender === 'stranger' && fromStrangers >= strangersShare(settings.mailPerAddressDaily) ? 'address_strangers' : undefined;
    if (reason === undefined) return true;
    this.#withheld.push(reason);
    return false;
  }

  async #countMail(stores: DomainStores, to: string, sender: Sender): Promise<void> {
    const key = this.#addressKey(to);
    const now = this.deps.clock.now();
    await stores.limits.recordEach([{ bucket: ADDRESS_BUCKET, key }, ...(sender === 'stranger' ? [{ bucket: ADDRESS_STRANGER_BUCKET, key }] : [])], now, this.deps.settings.mailPerAddressDaily);
    this.#mails++;
  }

  #addressKey(address: string): string {
    return hmac(this.deps.secretKey, 'limit:mail-address', address);
  }

  /** Limit keys are HMACs: the log says how often, never to whom. */
  #numberKey(e164: string): string {
    return hmac(this.deps.secretKey, 'limit:sms-number', e164);
  }
}

/** The text's part of a notice (the mail of an email change carries its undo link; a text never does). */
function noticeText(notice: SecurityNotice): NoticeKind {
  switch (notice.kind) {
    case 'phone_added':
    case 'phone_removed':
      return { kind: notice.kind, lastDigits: notice.lastDigits };
    case 'new_browser':
      return { kind: notice.kind, browser: notice.browser };
    case 'password_changed':
    case 'email_changed':
    case 'passkey_added':
    case 'passkey_removed':
    case 'account_deleted':
      return { kind: notice.kind };
  }
}

/**
 * What texts not asked for by the holder's own browser may use of a number's day: half, so
 * strangers can never use up what the holder's browsers keep.
 */
export const strangersShare = (perNumberDaily: number): number => Math.max(1, Math.floor(perNumberDaily / 2));
