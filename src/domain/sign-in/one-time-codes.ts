import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { Random } from '../../lib/random.ts';
import { hmac, hmacMatchesAny } from '../../lib/secrets.ts';
import type { CodeStore, CodeSubject, UsableCode } from './code-store.ts';

export interface OneTimeCodeSettings {
  readonly length: number;
  readonly ttlSeconds: number;
  readonly maxAttempts: number;
  /** TEST_NUMBERS: numbers whose codes are always the given one (and get no text). */
  readonly testNumbers?: Readonly<Record<string, string>>;
}

export interface IssuedCode {
  readonly id: string;
  /** The code in clear: goes into the text message and nowhere else. */
  readonly code: string;
  readonly expiresAt: number;
}

export type RedeemOutcome = 'redeemed' | 'wrong' | 'no_usable_code';

/** A redeem's outcome, and the number the code was texted to (null for none, or a code by mail). */
export interface RedeemResult {
  readonly outcome: RedeemOutcome;
  readonly phoneId: string | null;
  readonly sentTo: UsableCode['sentTo'];
}

// People copy codes with the spaces or dashes a phone shows; those are not part of the code.
const separators = /[\s-]/gu;

/** What a person typed as a code, without the spaces and dashes they copied with it. */
export const normalizeCode = (candidate: string): string => candidate.replace(separators, '');

/** Whether a typed code could be one at all (`length` digits once cleaned): a typo of length is not a guess. */
export const isWellFormedCode = (candidate: string, length: number): boolean =>
  new RegExp(`^[0-9]{${length}}$`, 'u').test(normalizeCode(candidate));

/**
 * The one mechanism behind sign-in codes and number verification: codes from a CSPRNG,
 * stored only as an HMAC bound to their row, compared in constant time, used at most once.
 */
export class OneTimeCodes {
  constructor(
    private readonly deps: {
      clock: Clock;
      random: Random;
      secretKey: Buffer;
      /** Keys SECRET_KEY replaced: a code issued just before a rotation still works. */
      previousKeys?: readonly Buffer[];
      settings: OneTimeCodeSettings;
    },
  ) {}

  get settings(): OneTimeCodeSettings {
    return this.deps.settings;
  }

  /**
   * Replaces any older code of the subject. Call inside the transaction that queues the text.
   * A configured test number gets its fixed code; everything else about the code is the same.
   * `phoneId` is null for a code that goes by mail.
   */
  async issue(codes: CodeStore, subject: CodeSubject, phoneId: string | null, to?: string): Promise<IssuedCode> {
    const now = this.deps.clock.now();
    const id = newId();
    const code = this.isTestNumber(to) ? this.deps.settings.testNumbers![to!]! : this.deps.random.digits(this.deps.settings.length);
    const expiresAt = now + this.deps.settings.ttlSeconds * 1000;
    await codes.replace(subject, {
      id,
      accountId: subject.accountId,
      phoneId,
      purpose: subject.purpose,
      codeHmac: this.#digest(id, code),
      createdAt: now,
      expiresAt,
      attempts: 0,
    }, now);
    return { id, code, expiresAt };
  }

  /**
   * The same statements as `issue`, for a request that matched no account or number: the
   * row belongs to no one and can never be redeemed, but the work (and so the time) is alike.
   */
  async issueDecoy(codes: CodeStore): Promise<IssuedCode> {
    const now = this.deps.clock.now();
    const id = newId();
    const code = this.deps.random.digits(this.deps.settings.length);
    const expiresAt = now + this.deps.settings.ttlSeconds * 1000;
    await codes.replace({ accountId: id, purpose: 'sign_in' }, {
      id,
      accountId: null,
      phoneId: null,
      purpose: 'sign_in',
      codeHmac: this.#digest(id, code),
      createdAt: now,
      expiresAt,
      attempts: 0,
    }, now);
    return { id, code, expiresAt };
  }

  async redeem(codes: CodeStore, subject: CodeSubject, candidate: string): Promise<RedeemOutcome> {
    return (await this.redeemCode(codes, subject, candidate)).outcome;
  }

  /** As `redeem`, and which number the code was texted to (the pumping guard counts it as converted). */
  async redeemCode(codes: CodeStore, subject: CodeSubject, candidate: string): Promise<RedeemResult> {
    return this.redeemFound(codes, await this.findUsable(codes, subject), candidate);
  }

  /** The subject's newest usable code, for `redeemFound`: a caller may read it beside its own reads. */
  findUsable(codes: CodeStore, subject: CodeSubject): Promise<UsableCode | undefined> {
    return codes.findUsable(subject, this.deps.clock.now(), this.deps.settings.maxAttempts);
  }

  /**
   * As `redeemCode`, with the code `findUsable` read earlier in the same transaction.
   * `orFail`: a matching code is used with `consumeOrFail`, so 'redeemed' stands only if the
   * transaction commits (it fails with CodeNoLongerUsableError when the code was used meanwhile);
   * on PostgreSQL its use then needs no round trip of its own.
   */
  async redeemFound(codes: CodeStore, code: UsableCode | undefined, candidate: string, options: { readonly orFail?: boolean } = {}): Promise<RedeemResult> {
    const entered = normalizeCode(candidate);
    if (!code) {
      this.spendComparison(entered);
      return { outcome: 'no_usable_code', phoneId: null, sentTo: null };
    }
    if (!this.#matches(code.id, entered, code.codeHmac)) {
      await codes.recordWrongAttempt(code.id);
      return { outcome: 'wrong', phoneId: code.phoneId, sentTo: code.sentTo };
    }
    const now = this.deps.clock.now();
    const { maxAttempts } = this.deps.settings;
    if (options.orFail) await codes.consumeOrFail(code.id, now, maxAttempts);
    else if (!(await codes.consume(code.id, now, maxAttempts))) return { outcome: 'no_usable_code', phoneId: code.phoneId, sentTo: code.sentTo };
    return { outcome: 'redeemed', phoneId: code.phoneId, sentTo: code.sentTo };
  }

  isTestNumber(to: string | undefined): boolean {
    return to !== undefined && this.deps.settings.testNumbers?.[to] !== undefined;
  }

  /** The HMAC and comparison a real check would do, for answers that must not be faster. */
  spendComparison(entered: string): void {
    this.#matches('none', entered, '');
  }

  #matches(id: string, code: string, digest: string): boolean {
    return hmacMatchesAny([this.deps.secretKey, ...(this.deps.previousKeys ?? [])], 'one-time-code', `${id}:${code}`, digest);
  }

  #digest(id: string, code: string): string {
    return hmac(this.deps.secretKey, 'one-time-code', `${id}:${code}`);
  }
}
