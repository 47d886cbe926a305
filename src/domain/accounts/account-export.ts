import { passkeyView, type PasskeyView } from '../passkeys/passkey-service.ts';
import type { PasskeyStore } from '../passkeys/passkey-store.ts';
import type { Clock } from '../../lib/clock.ts';
import type { ActivityLog, ActivityView } from '../activity/activity-log.ts';
import type { PhoneStore } from '../security-info/phone-store.ts';
import type { SessionService, SessionView } from '../sessions/session-service.ts';
import type { Session } from '../sessions/session-store.ts';
import { isProven, type AccountStore } from './account-store.ts';

/** The version of the export's shape; a change that breaks a reader gets the next number. */
export const EXPORT_FORMAT = 'engangskod-export/1';

/** A website (not ours) the person let sign them in, as the export lists it. */
export interface ExportedWebsite {
  readonly clientId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly givenAt: string;
  readonly expiresAt: string;
}

export interface AccountExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly exportedAt: string;
  readonly account: { readonly id: string; readonly email: string; readonly emailVerified: boolean; readonly createdAt: string };
  readonly phones: readonly { readonly id: string; readonly region: string; readonly e164: string; readonly verified: boolean; readonly addedAt: string; readonly verifiedAt: string | null }[];
  /** Each passkey as its holder sees it (the public key and credential id stay out: they mean nothing to a person). */
  readonly passkeys: readonly PasskeyView[];
  readonly sessions: readonly SessionView[];
  readonly activity: readonly ActivityView[];
  readonly websites: readonly ExportedWebsite[];
}

// Activity is kept 90 days; this is more than a person makes in that time.
const ACTIVITY_LIMIT = 10_000;
const iso = (at: number): string => new Date(at).toISOString();

/**
 * "Ladda ned dina uppgifter": everything kept about the person, as JSON. No secrets: no
 * password hash, no token hashes, no codes, no HMACs.
 */
export class AccountExporter {
  constructor(
    private readonly deps: {
      accounts: AccountStore;
      phones: PhoneStore;
      passkeys: Pick<PasskeyStore, 'listByAccount'>;
      sessions: SessionService;
      activity: ActivityLog;
      clock: Clock;
      /** The websites given access (OpenID Connect consents), oldest first. */
      websites: (accountId: string) => Promise<readonly ExportedWebsite[]>;
    },
  ) {}

  async export(session: Session): Promise<AccountExport | undefined> {
    const account = await this.deps.accounts.findById(session.accountId);
    if (!account) return undefined;
    const [phones, passkeys, sessions, activity, websites] = await Promise.all([
      this.deps.phones.listByAccount(account.id),
      this.deps.passkeys.listByAccount(account.id),
      this.deps.sessions.list(session),
      this.deps.activity.list(account.id, ACTIVITY_LIMIT),
      this.deps.websites(account.id),
    ]);
    return {
      format: EXPORT_FORMAT,
      exportedAt: iso(this.deps.clock.now()),
      account: { id: account.id, email: account.email, emailVerified: isProven(account), createdAt: iso(account.createdAt) },
      phones: phones.map((p) => ({ id: p.id, region: p.region, e164: p.e164, verified: p.verifiedAt !== null, addedAt: iso(p.createdAt), verifiedAt: p.verifiedAt === null ? null : iso(p.verifiedAt) })),
      passkeys: passkeys.map(passkeyView),
      sessions,
      activity,
      websites,
    };
  }
}
