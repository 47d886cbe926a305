import type { Generated } from 'kysely';

/**
 * Table shapes as Kysely sees them. Times are milliseconds since the epoch in integer
 * columns, so both SQLite and PostgreSQL compare them the same way.
 */
export interface Database {
  accounts: {
    id: string;
    email: string;
    password_hash: string;
    created_at: number;
    email_verified_at: number | null;
    /** When an operator disabled the account (migration 0013); null while it is in use. */
    disabled_at: number | null;
  };
  phones: {
    id: string;
    account_id: string;
    region: string;
    e164: string;
    verified_at: number | null;
    created_at: number;
  };
  one_time_codes: {
    id: string;
    /** Null for the decoy rows written for requests that matched nothing (equal work, equal timing). */
    account_id: string | null;
    phone_id: string | null;
    purpose: string;
    code_hmac: string;
    created_at: number;
    expires_at: number;
    attempts: Generated<number>;
    used_at: number | null;
    invalidated_at: number | null;
  };
  sessions: {
    id: string;
    token_hash: string;
    account_id: string;
    method: string;
    created_at: number;
    last_seen_at: number;
    expires_at: number;
    revoked_at: number | null;
    user_agent: string | null;
    client_ip: string | null;
  };
  /** Written only by instances of versions before migration 0019 (a rolling upgrade's minutes). */
  limit_events: {
    bucket: string;
    key: string;
    at: number;
  };
  limit_windows: {
    bucket: string;
    key: string;
    /** The key's newest times, newest first: a JSON array on SQLite, bigint[] on PostgreSQL. */
    times: string | string[];
  };
  sms_outbox: {
    id: string;
    /** Which dispatcher sends it: 'sms' or 'mail' (CHECK constraint, migration 0010). */
    channel: Generated<string>;
    /** An E.164 number for texts, an email address for mails. */
    recipient: string;
    /** A mail's subject; null for texts. */
    subject: string | null;
    body: string;
    locale: string;
    purpose: string;
    code_id: string | null;
    status: string;
    transport: string | null;
    attempts: Generated<number>;
    next_attempt_at: number;
    lease_until: number | null;
    last_error: string | null;
    created_at: number;
    updated_at: number;
    sent_at: number | null;
    /** Which transport of the SMS_TRANSPORT list the current attempt uses. */
    transport_index: Generated<number>;
    /** The status a dispatcher claimed the message from (queued, sending, sent). */
    claimed_from: string | null;
    /** When a sent message with no delivery report goes to the next transport. */
    failover_at: number | null;
    /** When the final delivery report (delivered, failed, expired) came in. */
    reported_at: number | null;
    /** The copy an operator sent in place of this failed text (`outbox retry`); no foreign key, see migration 0006. */
    resent_as: string | null;
  };
  sms_attempts: {
    message_id: string;
    attempt: number;
    transport: string;
    started_at: number;
    finished_at: number | null;
    /** sent, delivered, retry, failed, unknown (the sender stopped before the gateway answered). */
    outcome: string | null;
    error: string | null;
    gateway_id: string | null;
    report_status: string | null;
    reported_at: number | null;
  };
  activity_events: {
    id: string;
    account_id: string | null;
    kind: string;
    at: number;
    ip: string | null;
    user_agent: string | null;
    /** JSON object of short strings. */
    detail: string;
  };
  activity_attempt_groups: {
    id: string;
    /** Null for decoy rows (code requests that matched no account). */
    account_id: string | null;
    kind: string;
    /** UTC day, YYYY-MM-DD. */
    day: string;
    count: number;
    first_at: number;
    last_at: number;
    /** Distinct client addresses seen, up to the bound the domain sets. */
    addresses: number;
    last_ip: string | null;
    last_user_agent: string | null;
  };
  activity_attempt_addresses: {
    group_id: string;
    /** HMAC of the client's address key (IPv4, or the IPv6 /64). */
    address_key: string;
  };
  passkeys: {
    id: string;
    account_id: string;
    /** base64url, as WebAuthn names the credential. */
    credential_id: string;
    /** base64url of the COSE public key. */
    public_key: string;
    sign_count: number;
    /** JSON array of the transports the authenticator named. */
    transports: string;
    /** 0 or 1: the credential may be synced (a multi-device passkey). */
    backup_eligible: number;
    /** 0 or 1: it was backed up at its last use. */
    backed_up: number;
    aaguid: string;
    name: string;
    created_at: number;
    last_used_at: number | null;
  };
  email_changes: {
    id: string;
    account_id: string;
    old_email: string;
    new_email: string;
    requested_at: number;
    /** Null while the change waits for the code mailed to the new address. */
    changed_at: number | null;
    /** HMAC of the undo link's token, mailed to the old address; null while pending. */
    undo_token_hmac: string | null;
    undo_until: number | null;
    ended_at: number | null;
  };
  known_devices: {
    account_id: string;
    /** HMAC of the browser's device cookie id: the cookie alone does not name the account. */
    device_key: string;
    first_seen_at: number;
    last_seen_at: number;
  };
  /** The pumping guard's counts: one row per prefix or region and minute. */
  guard_buckets: {
    scope: string;
    key: string;
    minute: number;
    texts: number;
    code_texts: number;
    conversions: number;
  };
  /** Prefixes and regions the pumping guard stopped texting, with the hour that made it. */
  guard_suspensions: {
    scope: string;
    key: string;
    since: number;
    until: number;
    texts: number;
    code_texts: number;
    conversions: number;
  };
  dev_mail_inbox: {
    message_id: string;
    /** Hand-over order, as in dev_sms_inbox. */
    seq: number;
    to_address: string;
    subject: string;
    text: string;
    created_at: number;
  };
  dev_sms_inbox: {
    message_id: string;
    /** Hand-over order, so "newest first" holds even when two texts share a millisecond. */
    seq: number;
    to_e164: string;
    body: string;
    created_at: number;
  };
  oidc_payloads: {
    model: string;
    id: string;
    payload: string;
    grant_id: string | null;
    account_id: string | null;
    client_id: string | null;
    user_code: string | null;
    uid: string | null;
    expires_at: number | null;
    consumed_at: number | null;
  };
  oidc_signing_keys: {
    kid: string;
    generation: number;
    sealed_jwk: string;
    created_at: number;
  };
  oidc_clients: {
    client_id: string;
    metadata: string;
    created_at: number;
  };
  oidc_consents: {
    account_id: string;
    client_id: string;
    /** Space-separated, as OAuth writes scopes. */
    scopes: string;
    /** JSON array of claim names. */
    claims: string;
    given_at: number;
    expires_at: number;
  };
}
