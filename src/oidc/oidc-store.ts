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
  /** Whose and which website's it is, for grants, codes and tokens; null for other models. */
  readonly accountId: string | null;
  readonly clientId: string | null;
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
  /**
   * Removes the grants, codes and tokens one account holds for one website, or for every
   * website when `clientId` is left out; returns how many rows went.
   */
  revokeForAccount(accountId: string, clientId?: string): Promise<number>;
  /**
   * Removes the codes and tokens that came from one sign-in on our pages, and the provider's
   * sessions they were issued in: those whose `authTime` (the sign-in's time, in seconds) is
   * `authTime`, and every artefact of the provider sessions (`sessionUid`) those belong to.
   * Returns how many rows went.
   */
  revokeForSignIn(accountId: string, authTime: number): Promise<number>;
  /** Deletes rows that expired before `before`; returns how many. */
  prune(before: number): Promise<number>;
}

/** What a person allowed a website (not one of ours) to know, kept across browsers and sign-ins. */
export interface ConsentRow {
  readonly accountId: string;
  readonly clientId: string;
  /** OpenID Connect scopes allowed, e.g. `["openid", "email"]`. */
  readonly scopes: readonly string[];
  /** Single claims allowed beyond the scopes (the `claims` request parameter); usually none. */
  readonly claims: readonly string[];
  /** When the person last said "Allow"; the consent's year counts from here. */
  readonly givenAt: number;
  readonly expiresAt: number;
}

export interface ConsentStore {
  /** The consent, expired or not (the caller decides with its clock). */
  find(accountId: string, clientId: string): Promise<ConsentRow | undefined>;
  /** Oldest given first. */
  listByAccount(accountId: string): Promise<ConsentRow[]>;
  /** Inserts, or replaces the account's consent for that website. */
  save(row: ConsentRow): Promise<void>;
  /** Returns whether there was one to remove. */
  remove(accountId: string, clientId: string): Promise<boolean>;
  /** Every website's consent of the account; returns how many. */
  removeByAccount(accountId: string): Promise<number>;
  /** Deletes consents that expired before `before`; returns how many. */
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
  /** Replaces the sealed JWK of a key (the same key, sealed under the current SECRET_KEY). */
  reseal(kid: string, sealedJwk: string): Promise<void>;
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
  /** Replaces a client's sealed registration (the same one, sealed under the current SECRET_KEY). */
  reseal(clientId: string, metadata: string): Promise<void>;
}
