export interface Phone {
  readonly id: string;
  readonly accountId: string;
  readonly region: string;
  /** E.164, the one stored form (`+46701234567`). */
  readonly e164: string;
  /** Null until a code sent to the number has been typed back. */
  readonly verifiedAt: number | null;
  readonly createdAt: number;
}

export interface PhoneStore {
  listByAccount(accountId: string): Promise<Phone[]>;
  find(accountId: string, phoneId: string): Promise<Phone | undefined>;
  findVerified(accountId: string, e164: string): Promise<Phone | undefined>;
  /** Inserts unless the account already has the number; the unique index decides races. */
  insert(phone: Phone): Promise<'created' | 'duplicate'>;
  markVerified(phoneId: string, at: number): Promise<void>;
  remove(accountId: string, phoneId: string): Promise<boolean>;
}
