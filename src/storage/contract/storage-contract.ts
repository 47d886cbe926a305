import { afterEach, beforeEach, describe } from 'node:test';
import type { Storage } from '../storage.ts';
import { accountContract } from './account-contract.ts';
import { phoneContract } from './phone-contract.ts';
import { passkeyContract } from './passkey-contract.ts';
import { codeContract } from './code-contract.ts';
import { sessionContract } from './session-contract.ts';
import { limitLogContract } from './limit-log-contract.ts';
import { devInboxContract } from './dev-inbox-contract.ts';
import { devMailInboxContract } from './dev-mail-inbox-contract.ts';
import { activityContract } from './activity-contract.ts';
import { oidcPayloadContract } from './oidc-payload-contract.ts';
import { oidcSigningKeyContract } from './oidc-signing-key-contract.ts';
import { oidcClientContract } from './oidc-client-contract.ts';
import { oidcConsentContract } from './oidc-consent-contract.ts';
import { transactionContract } from './transaction-contract.ts';
import { outboxAttemptContract } from './outbox-attempt-contract.ts';
import { outboxOperatorContract } from './outbox-operator-contract.ts';
import { outboxQueueContract } from './outbox-queue-contract.ts';
import { knownDeviceContract } from './known-device-contract.ts';
import { emailChangeContract } from './email-change-contract.ts';
import { guardContract } from './guard-contract.ts';
import { activityAttemptContract } from './activity-attempt-contract.ts';
import { outboxReportContract } from './outbox-report-contract.ts';

/**
 * The behaviour every storage backend owes the domain, written against the `Storage`
 * interface only, so SQLite and PostgreSQL run the very same cases.
 *
 * `open` must return storage on an empty database each time it is called: every case opens
 * its own (and closes it), so cases never see each other's rows.
 */
export function storageContract(name: string, open: () => Promise<Storage>): void {
  describe(`storage contract: ${name}`, () => {
    let current: Storage | undefined;
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    const storage = (): Storage => {
      if (!current) throw new Error('no storage open');
      return current;
    };

    accountContract(storage);
    phoneContract(storage);
    passkeyContract(storage);
    codeContract(storage);
    sessionContract(storage);
    limitLogContract(storage);
    outboxQueueContract(storage);
    outboxAttemptContract(storage);
    outboxReportContract(storage);
    knownDeviceContract(storage);
    emailChangeContract(storage);
    guardContract(storage);
    activityAttemptContract(storage);
    outboxOperatorContract(storage);
    devInboxContract(storage);
    devMailInboxContract(storage);
    activityContract(storage);
    oidcPayloadContract(storage);
    oidcSigningKeyContract(storage);
    oidcClientContract(storage);
    oidcConsentContract(storage);
    transactionContract(storage);
  });
}
