/** A WebAuthn credential a person signs in with: its public key, never a secret. */
export interface Passkey {
  readonly id: string;
  readonly accountId: string;
  /** base64url, as the browser names the credential. */
  readonly credentialId: string;
  /** base64url of the COSE public key. */
  readonly publicKey: string;
  /** The authenticator's signature counter at the last use (0 for authenticators that keep none). */
  readonly signCount: number;
  readonly transports: readonly string[];
  /** The credential may be synced to other devices (a multi-device passkey): `swk` rather than `hwk`. */
  readonly backupEligible: boolean;
  /** It was backed up at its last use. */
  readonly backedUp: boolean;
  readonly aaguid: string;
  readonly name: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
}

export interface PasskeyStore {
  /** 'duplicate' when the credential id is already registered (to any account). */
  insert(passkey: Passkey): Promise<'created' | 'duplicate'>;
  /** Oldest first. */
  listByAccount(accountId: string): Promise<Passkey[]>;
  findByCredentialId(credentialId: string): Promise<Passkey | undefined>;
  /**
   * Records a sign-in: the new counter, backup state and time, only while the passkey exists and
   * its counter is still `previousCount`, so two uses of one assertion cannot both count.
   */
  recordUse(id: string, previousCount: number, use: { readonly signCount: number; readonly backedUp: boolean; readonly at: number }): Promise<boolean>;
  /** Removes one of the account's passkeys; the removed one, or undefined when it was not the account's. */
  remove(accountId: string, id: string): Promise<Passkey | undefined>;
}
