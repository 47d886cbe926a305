import type { Config } from '../config/config.ts';
import type { AccountService } from '../domain/accounts/account-service.ts';
import type { PasswordChangeService } from '../domain/accounts/password-change-service.ts';
import type { AccountDeletionService } from '../domain/accounts/account-deletion-service.ts';
import type { EmailChangeService } from '../domain/accounts/email-change-service.ts';
import type { AccountExporter } from '../domain/accounts/account-export.ts';
import type { ActivityLog } from '../domain/activity/activity-log.ts';
import type { ProofOfWork } from '../domain/rate-limits/proof-of-work.ts';
import type { PasskeyService } from '../domain/passkeys/passkey-service.ts';
import type { SecurityInfoService } from '../domain/security-info/security-info-service.ts';
import type { SessionService } from '../domain/sessions/session-service.ts';
import type { CodeSignInService } from '../domain/sign-in/code-sign-in-service.ts';
import type { PasswordSignInService } from '../domain/sign-in/password-sign-in-service.ts';
import type { PasswordResetService } from '../domain/sign-in/password-reset-service.ts';
import type { Clock } from '../lib/clock.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Oidc } from '../oidc/oidc.ts';
import type { DeliveryReports } from '../sms/delivery-reports.ts';
import type { DeliveryStatsRow } from '../sms/outbox-operator-store.ts';
import type { ReportUrls } from '../sms/report-urls.ts';
import type { DevInboxStore } from '../sms/transports/dev-inbox-store.ts';
import type { DevMailInboxStore } from '../mail/dev-mail-inbox-store.ts';

/** Something the service needs to serve, asked by /readyz. */
export interface ReadinessProbe {
  readonly name: string;
  ping(): Promise<void>;
}

/**
 * What the HTTP layer may use: domain services and the SMS parts it fronts, never a store.
 * Routes translate requests into calls on these and results into answers (design.md §1).
 */
export interface HttpServices {
  readonly config: Config;
  readonly sessions: SessionService;
  readonly activity: ActivityLog;
  readonly accounts: AccountService;
  readonly passwordSignIn: PasswordSignInService;
  readonly passwordReset: PasswordResetService;
  readonly passwordChange: PasswordChangeService;
  /** "Ta bort kontot": DELETE /api/v1/me, /account/delete and `engangskod users delete`. */
  readonly accountDeletion: AccountDeletionService;
  /** Changing the email: a code to the new address, and the old address's undo link. */
  readonly emailChange: EmailChangeService;
  /** A copy of everything kept about the person (GET /api/v1/me/export, the download on /account). */
  readonly exporter: AccountExporter;
  readonly codeSignIn: CodeSignInService;
  readonly securityInfo: SecurityInfoService;
  /** Passkeys: added and removed on the security info page and API, and a way to sign in. */
  readonly passkeys: PasskeyService;
  readonly devInbox: DevInboxStore | undefined;
  /** The development mail inbox, only with MAIL_TRANSPORT=dev (development): /dev/mail answers 404 otherwise. */
  readonly devMail: DevMailInboxStore | undefined;
  readonly smsReports: DeliveryReports;
  readonly reportUrls: ReportUrls;
  /** Texts by transport and status since a time, for the operator view. */
  readonly deliveryStats: (since: number) => Promise<readonly DeliveryStatsRow[]>;
  readonly readiness: readonly ReadinessProbe[];
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly oidc: Oidc;
  /** Challenges for clients past their free allowance of code requests. */
  readonly proofOfWork: ProofOfWork;
}
