import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';
import { KNOWN_DEVICE_DAYS } from '../domain/sessions/known-devices.ts';
import type { Storage } from './storage.ts';
import { UNVERIFIED_ACCOUNT_MS } from '../domain/accounts/account-service.ts';
import { FAREWELL_PURPOSE } from '../domain/accounts/account-deletion-service.ts';

const HOUR_MS = 60 * 60 * 1000;
// Limits look back at most a day; a day more keeps any window whole.
const KEEP_LIMIT_TIMES_MS = 48 * HOUR_MS;
// Expired codes are useless; an hour keeps them for the dispatcher's "expired" verdict.
const KEEP_EXPIRED_CODES_MS = HOUR_MS;
// Decoy outbox rows (equal work for requests that matched nothing) serve no one once written.
const KEEP_DECOYS_MS = HOUR_MS;
// What a person sees under recent activity, and what support can look back on.
const KEEP_ACTIVITY_MS = 90 * 24 * HOUR_MS;
// Texts and mails that are done (delivered, failed, …): a month of history for operators and
// support; the development mail inbox keeps as long.
const KEEP_TEXTS_MS = 30 * 24 * HOUR_MS;
// A browser not signed in on for as long as its device cookie lasts is a stranger again.
const KEEP_KNOWN_DEVICES_MS = KNOWN_DEVICE_DAYS * 24 * HOUR_MS;
// A session that ended (expired or signed out) shows nowhere; its browser and address go a month
// later, like the texts of the same sign-ins.
const KEEP_ENDED_SESSIONS_MS = 30 * 24 * HOUR_MS;
// The pumping guard looks back an hour, and a suspension lasts one; an hour more for operators.
const KEEP_GUARD_MS = 2 * HOUR_MS;

/** Deletes rows that can no longer matter, so tables stay the size of the live data. */
/** What one run removed, by kind. */
export type HousekeepingCounts = Record<
  'limitKeys' | 'codes' | 'decoys' | 'activity' | 'texts' | 'oidc' | 'consents' | 'knownDevices' | 'guard' | 'attemptGroups' | 'devMail' | 'unverifiedAccounts' | 'sessions' | 'farewells' | 'emailChanges',
  number
>;

export class Housekeeping {
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: { storage: Storage; clock: Clock; logger: Logger }) {}

  start(): void {
    this.#timer = setInterval(() => void this.runOnce(), 15 * 60 * 1000);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async runOnce(): Promise<HousekeepingCounts> {
    const now = this.deps.clock.now();
    try {
      const limitKeys = await this.deps.storage.limits.prune(now - KEEP_LIMIT_TIMES_MS);
      const codes = await this.deps.storage.codes.prune(now - KEEP_EXPIRED_CODES_MS);
      const decoys = await this.deps.storage.outbox.operator.pruneDecoys(now - KEEP_DECOYS_MS);
      const activity = await this.deps.storage.activity.prune(now - KEEP_ACTIVITY_MS, now - KEEP_DECOYS_MS);
      // Groups of attempts are activity too, kept as long; decoy groups as briefly as decoy rows.
      const attemptGroups = await this.deps.storage.activity.pruneAttemptGroups(now - KEEP_ACTIVITY_MS, now - KEEP_DECOYS_MS);
      // Both channels: finished mails go with finished texts.
      const texts = await this.deps.storage.outbox.operator.pruneFinished(now - KEEP_TEXTS_MS);
      const devMail = await this.deps.storage.devMail.prune(now - KEEP_TEXTS_MS);
      // Expired OpenID Connect sessions, codes and tokens: the adapter already hides them.
      const oidc = await this.deps.storage.oidcPayloads.prune(now);
      // Consents a year old: the service already asks again; the rows are only kept so far.
      const consents = await this.deps.storage.consents.prune(now);
      const knownDevices = await this.deps.storage.knownDevices.prune(now - KEEP_KNOWN_DEVICES_MS);
      const guard = await this.deps.storage.guard.prune(now - KEEP_GUARD_MS);
      // An address not proven within a day is free again for whoever can read its mail.
      const unverifiedAccounts = await this.deps.storage.accounts.deleteUnverifiedBefore(now - UNVERIFIED_ACCOUNT_MS);
      const sessions = await this.deps.storage.sessions.prune(now - KEEP_ENDED_SESSIONS_MS);
      // A deleted account's last text and mail keep no recipient or body once they are settled.
      const farewells = await this.deps.storage.erasure.eraseSettled(FAREWELL_PURPOSE);
      // Email changes no longer waiting for a code nor undoable: the old and new addresses go with them.
      const emailChanges = await this.deps.storage.emailChanges.prune(now - KEEP_EXPIRED_CODES_MS);
      return { limitKeys, codes, decoys, activity, texts, oidc, consents, knownDevices, guard, attemptGroups, devMail, unverifiedAccounts, sessions, farewells, emailChanges };
    } catch (error) {
      this.deps.logger.error({ err: error }, 'housekeeping failed; will try again');
      return { limitKeys: 0, codes: 0, decoys: 0, activity: 0, texts: 0, oidc: 0, consents: 0, knownDevices: 0, guard: 0, attemptGroups: 0, devMail: 0, unverifiedAccounts: 0, sessions: 0, farewells: 0, emailChanges: 0 };
    }
  }
}
