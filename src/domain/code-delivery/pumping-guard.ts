import type { Clock } from '../../lib/clock.ts';
import { destinationPrefix } from '../rate-limits/abuse-throttles.ts';

/** A destination prefix (the number without its last four digits) or an offered region. */
export type GuardScope = 'prefix' | 'region';

/** What one prefix or region did over some minutes. */
export interface GuardTally {
  /** Texts that went, every kind. */
  readonly texts: number;
  /** Of those, texts with a code (sign-in or verification): what conversion is measured on. */
  readonly codeTexts: number;
  /** Codes redeemed or verified. */
  readonly conversions: number;
}

export interface GuardSuspension {
  readonly scope: GuardScope;
  readonly key: string;
  readonly since: number;
  readonly until: number;
  /** The hour that was judged, kept so an operator can see why. */
  readonly tally: GuardTally;
}

/** The two scopes a text is counted in: its destination prefix and its region. */
export interface GuardPlace {
  readonly prefix: string;
  readonly region: string;
}

/** A tally for each scope of a place. */
export interface GuardTallies {
  readonly prefix: GuardTally;
  readonly region: GuardTally;
}

/**
 * The pumping guard's counts per minute and its suspensions, in the database so that every
 * instance on it counts together and honours one suspension. A place's two scopes are counted
 * and read together: one statement each, since every text and every redeemed code runs them.
 */
export interface GuardStore {
  /** Adds `counts` to the minute starting at `minute` of the place's prefix and of its region. */
  add(place: GuardPlace, minute: number, counts: GuardTally): Promise<void>;
  /** As `add`, answering both scopes' tallies since `since` with this addition in them. */
  addAndTally(place: GuardPlace, minute: number, counts: GuardTally, since: number): Promise<GuardTallies>;
  /** The sums of the prefix's and of the region's minutes that start after `since`. */
  tally(place: GuardPlace, since: number): Promise<GuardTallies>;
  /** Which of the prefix's and the region's suspensions lasts past `now`, if any (the prefix's first). */
  suspended(prefix: string, region: string, now: number): Promise<GuardScope | undefined>;
  /** Records `suspension` unless one of its key lasts past its `since`: true when this call suspended. */
  suspend(suspension: GuardSuspension): Promise<boolean>;
  /** Suspensions lasting past `now`, newest first. */
  listSuspended(now: number): Promise<GuardSuspension[]>;
  /** Ends `key`'s suspension and forgets its counts; true when a suspension lasting past `now` ended. */
  lift(scope: GuardScope, key: string, now: number): Promise<boolean>;
  /** Forgets minutes that started and suspensions that ended before `before`. */
  prune(before: number): Promise<number>;
}

export interface GuardSettings {
  /** SMS_GUARD_MIN_TEXTS: texts to a prefix in the hour before it is judged; a region's is ten times this. */
  readonly minTexts: number;
  /** SMS_GUARD_MIN_CONVERSION: redeemed codes per code text below which it is suspended; 0 is off. */
  readonly minConversion: number;
}

export const GUARD_WINDOW_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
/** A region carries many prefixes' traffic: judging it at the prefix's count would stop it for a handful of numbers. */
const REGION_FACTOR = 10;

/** Where a text goes, as far as the guard cares. */
interface Target {
  readonly e164: string;
  readonly region: string;
}

/**
 * SMS pumping sends codes to numbers whose revenue share the sender collects, and no one ever
 * enters those codes. So per destination prefix and per region the guard counts texts and
 * redeemed codes over a sliding hour (minute buckets), and a scope with enough texts that
 * converts too rarely gets no texts for an hour. Withholding is silent, like every other cap
 * on texts: the pumper learns nothing from the answers.
 */
export class PumpingGuard {
  constructor(private readonly deps: { store: GuardStore; clock: Clock; settings: GuardSettings }) {}

  /**
   * Which suspension, if any, withholds a text to `to`. Takes the caller's transaction's store,
   * since it runs inside the gate's check.
   */
  blocks(store: GuardStore, to: Target): Promise<GuardScope | undefined> {
    return store.suspended(destinationPrefix(to.e164), to.region, this.deps.clock.now());
  }

  /**
   * Counts a text that went to `to` and judges its prefix and region; the suspensions this
   * began. Runs after the text's transaction committed, as statements of their own: held inside
   * it, the region's row would make every text of a region wait for each other's commit (and
   * a request texting two prefixes could deadlock another on PostgreSQL). `store`: the one that
   * follows the commit (CommittedStores), when it is not the guard's own.
   */
  async sent(to: Target, kind: 'code' | 'notice', store = this.deps.store): Promise<GuardSuspension[]> {
    const counts = { texts: 1, codeTexts: kind === 'code' ? 1 : 0, conversions: 0 };
    const now = this.deps.clock.now();
    const place = this.#place(to);
    if (this.deps.settings.minConversion <= 0) {
      await store.add(place, minuteOf(now), counts);
      return [];
    }
    const tallies = await store.addAndTally(place, minuteOf(now), counts, now - GUARD_WINDOW_MS);
    const started: GuardSuspension[] = [];
    for (const [scope, minTexts] of this.#scopes()) {
      const suspension = await this.#judge(scope, place[scope], tallies[scope], minTexts, now);
      if (suspension) started.push(suspension);
    }
    return started;
  }

  /** The reads `sent` makes, for a request that sent nothing: a miss takes as long as a match. */
  async look(to: Target, store = this.deps.store): Promise<void> {
    await store.tally(this.#place(to), this.deps.clock.now() - GUARD_WINDOW_MS);
  }

  /** A code texted to `to` was redeemed or verified: the sign that its prefix and region are real. */
  async converted(to: Target, store = this.deps.store): Promise<void> {
    await store.add(this.#place(to), minuteOf(this.deps.clock.now()), { texts: 0, codeTexts: 0, conversions: 1 });
  }

  /** The suspensions in force, newest first. */
  list(): Promise<GuardSuspension[]> {
    return this.deps.store.listSuspended(this.deps.clock.now());
  }

  /** Ends a suspension before its hour is up; its counts start again from nothing. */
  lift(target: { readonly scope: GuardScope; readonly key: string }): Promise<boolean> {
    return this.deps.store.lift(target.scope, target.key, this.deps.clock.now());
  }

  async #judge(scope: GuardScope, key: string, tally: GuardTally, minTexts: number, now: number): Promise<GuardSuspension | undefined> {
    // Notices alone (no code to redeem) say nothing about conversion.
    if (tally.texts < minTexts || tally.codeTexts === 0) return undefined;
    if (tally.conversions / tally.codeTexts >= this.deps.settings.minConversion) return undefined;
    const suspension: GuardSuspension = { scope, key, since: now, until: now + GUARD_WINDOW_MS, tally };
    return (await this.deps.store.suspend(suspension)) ? suspension : undefined;
  }

  #place(to: Target): GuardPlace {
    return { prefix: destinationPrefix(to.e164), region: to.region };
  }

  #scopes(): ReadonlyArray<readonly [GuardScope, number]> {
    const { minTexts } = this.deps.settings;
    return [
      ['prefix', minTexts],
      ['region', minTexts * REGION_FACTOR],
    ];
  }
}

const minuteOf = (at: number): number => at - (at % MINUTE_MS);

/** What an operator names to lift: a prefix (`+4670222`) or a region (`SE`). */
export function guardTarget(raw: string): { readonly scope: GuardScope; readonly key: string } | undefined {
  if (/^\+[1-9]\d{0,14}$/.test(raw)) return { scope: 'prefix', key: raw };
  if (/^[A-Za-z]{2}$/.test(raw)) return { scope: 'region', key: raw.toUpperCase() };
  return undefined;
}
