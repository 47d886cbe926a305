import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Locale } from '../../i18n/locale.ts';
import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { sha256 } from '../../lib/secrets.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { ActivityLog, RequestContext } from '../activity/activity-log.ts';
import { browserLine } from '../activity/user-agent.ts';
import type { CodeDelivery } from '../code-delivery/code-delivery.ts';
import type { KnownDevices } from '../sessions/known-devices.ts';
import type { IssuedSession, SessionService } from '../sessions/session-service.ts';
import type { Session } from '../sessions/session-store.ts';
import type { DomainStores, InTransaction } from '../unit-of-work.ts';
import { PASSKEY_CHALLENGE_SECONDS, type PasskeyChallenges } from './passkey-challenges.ts';
import type { Passkey, PasskeyStore } from './passkey-store.ts';

// Loaded at the first passkey ceremony, not at start: it is a fifth of the service's start-up.
const webauthn = () => import('@simplewebauthn/server');

export const MAX_PASSKEYS_PER_ACCOUNT = 10;
export const PASSKEY_NAME_MAX = 64;

/** A passkey as its holder sees it: never the key itself. */
export interface PasskeyView {
  readonly id: string;
  readonly name: string;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601; null until it is first used to sign in. */
  readonly lastUsedAt: string | null;
  /** Synced between the holder's devices (a multi-device passkey), or bound to one device. */
  readonly synced: boolean;
}

export const passkeyView = (p: Passkey): PasskeyView => ({
  id: p.id,
  name: p.name,
  createdAt: new Date(p.createdAt).toISOString(),
  lastUsedAt: p.lastUsedAt === null ? null : new Date(p.lastUsedAt).toISOString(),
  synced: p.backupEligible,
});

export type AddPasskeyError = 'passkey_rejected' | 'passkey_limit_reached' | 'reauthentication_required';

/** A passkey sign-in: the session, and how it was made (RFC 8176: `hwk` bound to a device, `swk` synced). */
export interface PasskeySignIn {
  readonly session: IssuedSession;
  readonly accountId: string;
  readonly method: 'hwk' | 'swk';
}

/**
 * Passkeys (WebAuthn, through @simplewebauthn/server): added by a person signed in within the
 * last ten minutes, used to sign in without an email (discoverable credentials), user
 * verification (the device's PIN or biometrics) required. The relying party is PUBLIC_URL:
 * its host is the RP ID and its origin the only one accepted, which is what makes a passkey
 * useless on a look-alike site. Adding and removing one tells the holder by text and mail.
 */
export class PasskeyService {
  readonly #rpId: string;
  readonly #origin: string;

  constructor(
    private readonly deps: {
      transaction: InTransaction;
      passkeys: PasskeyStore;
      accounts: AccountStore;
      challenges: PasskeyChallenges;
      sessions: SessionService;
      devices: KnownDevices;
      activity: ActivityLog;
      delivery: CodeDelivery;
      clock: Clock;
      publicUrl: URL;
      rpName: string;
    },
  ) {
    this.#rpId = deps.publicUrl.hostname;
    this.#origin = deps.publicUrl.origin;
  }

  async list(accountId: string): Promise<PasskeyView[]> {
    return (await this.deps.passkeys.listByAccount(accountId)).map(passkeyView);
  }

  /** Options for adding a passkey, bound to this session: a challenge from another is refused. */
  async registrationOptions(session: Session): Promise<Result<PublicKeyCredentialCreationOptionsJSON, 'reauthentication_required' | 'unauthenticated'>> {
    if (!this.deps.sessions.requireRecentSignIn(session).ok) return err('reauthentication_required');
    const account = await this.deps.accounts.findById(session.accountId);
    if (!account) return err('unauthenticated');
    const existing = await this.deps.passkeys.listByAccount(account.id);
    return ok(
      await (await webauthn()).generateRegistrationOptions({
        rpName: this.deps.rpName,
        rpID: this.#rpId,
        userName: account.email,
        userDisplayName: account.email,
        userID: this.#userHandle(account.id),
        challenge: this.deps.challenges.issue(registrationFlow(session)),
        timeout: PASSKEY_CHALLENGE_SECONDS * 1000,
        attestationType: 'none',
        // The authenticator refuses to make a second passkey for this account where it has one.
        excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransportFuture[] })),
        authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
        // ES256, EdDSA, RS256: what authenticators make.
        supportedAlgorithmIDs: [-7, -8, -257],
      }),
    );
  }

  /** Verifies and keeps the new passkey; `name` as the holder gave it, else the browser it was made on. */
  async add(
    session: Session,
    response: RegistrationResponseJSON,
    input: { readonly name?: string | undefined; readonly locale: Locale; readonly context?: RequestContext },
  ): Promise<Result<PasskeyView, AddPasskeyError>> {
    if (!this.deps.sessions.requireRecentSignIn(session).ok) return err('reauthentication_required');
    const context = input.context ?? {};
    const challenge = challengeOf(response);
    if (challenge === undefined || !(await this.deps.challenges.redeem(challenge, registrationFlow(session)))) return err('passkey_rejected');
    let info;
    try {
      const verified = await (await webauthn()).verifyRegistrationResponse({
        response,
        expectedChallenge: encodeChallenge(challenge),
        expectedOrigin: this.#origin,
        expectedRPID: this.#rpId,
        requireUserVerification: true,
      });
      if (!verified.verified) return err('passkey_rejected');
      info = verified.registrationInfo;
    } catch {
      return err('passkey_rejected');
    }
    const now = this.deps.clock.now();
    const passkey: Passkey = {
      id: newId(),
      accountId: session.accountId,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      signCount: info.credential.counter,
      transports: info.credential.transports ?? response.response.transports ?? [],
      backupEligible: info.credentialDeviceType === 'multiDevice',
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
      name: passkeyName(input.name, context.userAgent),
      createdAt: now,
      lastUsedAt: null,
    };
    const sending = this.deps.delivery.begin();
    const outcome = await this.deps.transaction(async (stores): Promise<Result<Passkey, AddPasskeyError>> => {
      if ((await stores.passkeys.listByAccount(session.accountId)).length >= MAX_PASSKEYS_PER_ACCOUNT) return err('passkey_limit_reached');
      // A credential already registered (here or to another account) is not taken over.
      if ((await stores.passkeys.insert(passkey)) === 'duplicate') return err('passkey_rejected');
      await this.deps.activity.record(stores.activity, session.accountId, 'passkey_added', context, { name: passkey.name });
      await this.#notify(stores, sending, session.accountId, 'passkey_added', input.locale);
      return ok(passkey);
    });
    if (!outcome.ok) return outcome;
    await sending.settle();
    return ok(passkeyView(outcome.value));
  }

  /** Removes one of the account's passkeys: it signs in no more. */
  async remove(session: Session, id: string, locale: Locale, context: RequestContext = {}): Promise<Result<void, 'passkey_not_found' | 'reauthentication_required'>> {
    if (!this.deps.sessions.requireRecentSignIn(session).ok) return err('reauthentication_required');
    const sending = this.deps.delivery.begin();
    const outcome = await this.deps.transaction(async (stores): Promise<Result<void, 'passkey_not_found'>> => {
      const removed = await stores.passkeys.remove(session.accountId, id);
      if (!removed) return err('passkey_not_found');
      await this.deps.activity.record(stores.activity, session.accountId, 'passkey_removed', context, { name: removed.name });
      await this.#notify(stores, sending, session.accountId, 'passkey_removed', locale);
      return ok(undefined);
    });
    if (outcome.ok) await sending.settle();
    return outcome;
  }

  /**
   * Options for signing in with a passkey: no email and no list of credentials (the
   * authenticator offers the passkeys it holds for this site). `flow` binds the challenge to
   * where it was asked for (this browser's sign-in page, or the API).
   */
  async signInOptions(flow: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return (await webauthn()).generateAuthenticationOptions({
      rpID: this.#rpId,
      challenge: this.deps.challenges.issue(signInFlow(flow)),
      timeout: PASSKEY_CHALLENGE_SECONDS * 1000,
      userVerification: 'required',
      allowCredentials: [],
    });
  }

  /**
   * Signs in with an assertion. Every failure is the same `passkey_invalid`: an unknown or
   * removed credential, an account that is gone, a challenge that is foreign, expired or used,
   * another origin, a bad signature or a counter gone backwards.
   */
  async signIn(response: AuthenticationResponseJSON, flow: string, context: RequestContext = {}): Promise<Result<PasskeySignIn, 'passkey_invalid'>> {
    const challenge = challengeOf(response);
    // The challenge is spent first, whatever follows: an assertion is tried once.
    if (challenge === undefined || !(await this.deps.challenges.redeem(challenge, signInFlow(flow)))) return err('passkey_invalid');
    const passkey = typeof response.id === 'string' && response.id.length <= 1024 ? await this.deps.passkeys.findByCredentialId(response.id) : undefined;
    if (!passkey) return err('passkey_invalid');
    const account = await this.deps.accounts.findById(passkey.accountId);
    // A disabled account's passkey fails as an unknown one does.
    if (!account || account.disabledAt != null) return err('passkey_invalid');
    // A discoverable credential names its account; it must be the one the passkey was made for.
    const userHandle = response.response?.userHandle;
    if (userHandle !== undefined && userHandle !== Buffer.from(this.#userHandle(account.id)).toString('base64url')) return err('passkey_invalid');
    let info;
    try {
      const verified = await (await webauthn()).verifyAuthenticationResponse({
        response,
        expectedChallenge: encodeChallenge(challenge),
        expectedOrigin: this.#origin,
        expectedRPID: this.#rpId,
        credential: {
          id: passkey.credentialId,
          publicKey: Buffer.from(passkey.publicKey, 'base64url'),
          counter: passkey.signCount,
          transports: passkey.transports as AuthenticatorTransportFuture[],
        },
        requireUserVerification: true,
      });
      if (!verified.verified) return err('passkey_invalid');
      info = verified.authenticationInfo;
    } catch {
      return err('passkey_invalid');
    }
    const method = passkey.backupEligible ? 'swk' : 'hwk';
    const session = await this.deps.transaction(async (stores) => {
      // Removed meanwhile, or the same assertion counted twice: no sign-in.
      if (!(await stores.passkeys.recordUse(passkey.id, passkey.signCount, { signCount: info.newCounter, backedUp: info.credentialBackedUp, at: this.deps.clock.now() }))) return undefined;
      await this.deps.activity.record(stores.activity, account.id, 'signed_in', context, { method });
      await this.deps.devices.remember(stores.knownDevices, account.id, context.deviceId);
      return this.deps.sessions.create(account.id, method, stores.sessions, context);
    });
    if (!session) return err('passkey_invalid');
    return ok({ session, accountId: account.id, method });
  }

  /** A notice to every verified number and to the proven address: a passkey added by someone else does not go unnoticed. */
  async #notify(stores: DomainStores, sending: ReturnType<CodeDelivery['begin']>, accountId: string, kind: 'passkey_added' | 'passkey_removed', locale: Locale) {
    const account = await stores.accounts.findById(accountId);
    if (account) await sending.securityNotice(stores, account, { kind }, locale);
  }

  /**
   * The WebAuthn user handle: a hash of the account's random id, so it names no one and needs no
   * column. Authenticators keep it for the life of the passkey, so it must not depend on
   * SECRET_KEY: after a rotation every passkey would otherwise stop working.
   */
  #userHandle(accountId: string): Uint8Array<ArrayBuffer> {
    return new Uint8Array(Buffer.from(sha256(`webauthn-user\0${accountId}`), 'base64url'));
  }
}

const registrationFlow = (session: Session) => `register:${session.id}`;
const signInFlow = (flow: string) => `sign-in:${flow}`;

/** Our challenge string goes into the options UTF-8 encoded, and comes back base64url in clientDataJSON. */
const encodeChallenge = (challenge: string) => Buffer.from(challenge, 'utf8').toString('base64url');

/** The challenge the browser signed, read from the response's clientDataJSON; undefined when it is not there. */
function challengeOf(response: { readonly response?: { readonly clientDataJSON?: unknown } }): string | undefined {
  const clientData = response?.response?.clientDataJSON;
  if (typeof clientData !== 'string' || clientData.length > 4096) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientData, 'base64url').toString('utf8'));
    const challenge = (parsed as { challenge?: unknown }).challenge;
    return typeof challenge === 'string' && challenge.length <= 256 ? Buffer.from(challenge, 'base64url').toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The holder's name for it, trimmed; else the browser it was made on ("Chrome 131 on macOS"), else "Passkey". */
function passkeyName(name: string | undefined, userAgent: string | undefined): string {
  const given = name?.normalize('NFC').replace(/[\s\p{Cc}]+/gu, ' ').trim();
  if (given) return [...given].slice(0, PASSKEY_NAME_MAX).join('');
  return (browserLine(userAgent ?? null) ?? 'Passkey').slice(0, PASSKEY_NAME_MAX);
}
