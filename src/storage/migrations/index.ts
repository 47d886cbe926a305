import type { Migration, MigrationProvider } from 'kysely';
import { migration as core } from './0001_core.ts';
import { migration as smsDelivery } from './0002_sms_delivery.ts';
import { migration as activity } from './0003_activity.ts';
import { migration as oidc } from './0004_oidc.ts';
import { migration as oidcConsents } from './0005_oidc_consents.ts';
import { migration as smsOutboxModel } from './0006_sms_outbox_model.ts';
import { migration as knownDevices } from './0007_known_devices.ts';
import { migration as pumpingGuard } from './0008_pumping_guard.ts';
import { migration as activityAttemptGroups } from './0009_activity_attempt_groups.ts';
import { migration as mailOutbox } from './0010_mail_outbox.ts';
import { migration as emailVerification } from './0011_email_verification.ts';
import { migration as sessionDetails } from './0012_session_details.ts';
import { migration as accountDisabled } from './0013_account_disabled.ts';
import { migration as emailChanges } from './0014_email_changes.ts';
import { migration as passkeys } from './0015_passkeys.ts';
import { migration as limitFunctions } from './0016_limit_functions.ts';
import { migration as attemptFunction } from './0017_attempt_function.ts';
import { migration as expectRows } from './0018_expect_rows.ts';
import { migration as limitWindows } from './0019_limit_windows.ts';

/**
 * Migrations live in code (not files found at run time) so the compiled service carries them:
 * one file each, listed here in the order they run. Each is written once with Kysely's schema
 * builder and runs on SQLite and PostgreSQL. Never edit one that has shipped (databases in the
 * field have run it): add the next. Branches built side by side may merge in another order than
 * their numbers (0015 before 0013): the migrators run any migration not yet run, whatever its
 * place (allowUnorderedMigrations).
 */
const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_sms_delivery': smsDelivery,
  '0003_activity': activity,
  '0004_oidc': oidc,
  '0005_oidc_consents': oidcConsents,
  '0006_sms_outbox_model': smsOutboxModel,
  '0007_known_devices': knownDevices,
  '0008_pumping_guard': pumpingGuard,
  '0009_activity_attempt_groups': activityAttemptGroups,
  '0010_mail_outbox': mailOutbox,
  '0011_email_verification': emailVerification,
  '0012_session_details': sessionDetails,
  '0013_account_disabled': accountDisabled,
  '0014_email_changes': emailChanges,
  '0015_passkeys': passkeys,
  '0016_limit_functions': limitFunctions,
  '0017_attempt_function': attemptFunction,
  '0018_expect_rows': expectRows,
  '0019_limit_windows': limitWindows,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
