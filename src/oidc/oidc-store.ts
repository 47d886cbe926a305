/**
 * What the OpenID Connect provider keeps: its short-lived artefacts (sessions, interactions,
 * authorization codes, tokens, grants), its signing keys and the registered websites (clients).
 * Declared here, implemented under storage/ for SQLite and PostgreSQL alike.
 */

/** One oidc-provider model instance, as the provider's adapter contract describes it. */
export interface OidcPayloadRow {
  readonly model: string;
  readonly id: string;
  /** The provider's payload, as JSON text. */
  readonly payload: string;
  readonly grantId: string | null;
  readonly userCode: string | null;
  readonly uid: string | null;
  /** Milliseconds since the epoch; null for rows that live until removed. */
  readonly expiresAt: number | null;
  readonly consumedAt: number | null;
}

export interface OidcPayloadStore {
  upsert(row: OidcPayloadRow): Promise<void>;
  find(model: string, id: string): Promise<OidcPayloadRow | undefined>;
  findByUid(model: string, uid: string): Promise<OidcPayloadRow | undefined>;
  findByUserCode(model: string, userCode: string): Promise<OidcPayloadRow | undefined>;
  consume(model: string, id: string, at: number): Promise<void>;
  destroy(model: string, id: string): Promise<void>;
  /** Removes every artefact issued under the grant (codes, tokens); the Grant row itself is destroyed by id. */
  revokeByGrantId(grantId: string): Promise<void>;
  /** Deletes rows that expired before `before`; returns how many. */
  prune(before: number): Promise<number>;
}

export interface SigningKeyRow {
  readonly kid: string;
  /** Rises by one per key; the newest signs, older ones stay published to verify tokens they signed. */
  readonly generation: number;
  /** The private JWK, sealed with a key derived from SECRET_KEY. */
  readonly sealedJwk: string;
  readonly createdAt: number;
}

export interface SigningKeyStore {
  /** Newest first. */
  list(): Promise<SigningKeyRow[]>;
  /**
   * Adds the key unless a key of that generation exists (another instance won the race);
   * returns whether this one was added.
   */
  insertIfNew(row: SigningKeyRow): Promise<boolean>;
  /** Removes keys older than `generation`; returns how many. */
  removeOlderThan(generation: number): Promise<number>;
}

export interface ClientRow {
  readonly clientId: string;
  /** The whole ClientRegistration, sealed with a key derived from SECRET_KEY. */
  readonly metadata: string;
  readonly createdAt: number;
}

export interface ClientStore {
  list(): Promise<ClientRow[]>;
  find(clientId: string): Promise<ClientRow | undefined>;
  insert(row: ClientRow): Promise<void>;
  /** Returns whether a client was removed. */
  remove(clientId: string): Promise<boolean>;
}
