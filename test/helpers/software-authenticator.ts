import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A passkey authenticator in software, for API tests: it makes real WebAuthn responses
 * (ES256 on P-256, attestation format "none", user present and verified) as a browser hands
 * them to a website, so the server's @simplewebauthn/server checks them for real. It keeps its
 * discoverable credentials, as a phone or security key does.
 */
export class SoftwareAuthenticator {
  readonly #credentials: Credential[] = [];
  /** False for an authenticator that checks presence only, without PIN or biometrics (may be changed between uses). */
  userVerified: boolean;

  constructor(
    private readonly options: {
      /** The page's origin the browser would put in clientDataJSON. */
      readonly origin: string;
      /** Synced passkeys (a phone's or a password manager's) are backup eligible and backed up. */
      readonly synced?: boolean;
      readonly userVerified?: boolean;
    },
  ) {
    this.userVerified = options.userVerified ?? true;
  }

  /** What navigator.credentials.create(options).toJSON() gives: a new discoverable credential. */
  create(options: CreationOptions, overrides: { origin?: string } = {}): RegistrationJSON {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const id = randomBytes(16);
    const credential: Credential = { id, privateKey, rpId: options.rp.id, userHandle: options.user.id, counter: 0 };
    this.#credentials.push(credential);
    const coseKey = cbor(
      new Map<number, unknown>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, id, coseKey]);
    const authData = this.#authData(credential, FLAG_ATTESTED, attested);
    const clientDataJSON = clientData('webauthn.create', options.challenge, overrides.origin ?? this.options.origin);
    const attestationObject = cbor(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    return {
      id: id.toString('base64url'),
      rawId: id.toString('base64url'),
      type: 'public-key',
      response: { clientDataJSON: clientDataJSON.toString('base64url'), attestationObject: attestationObject.toString('base64url'), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /**
   * What navigator.credentials.get(options).toJSON() gives: an assertion by the newest
   * credential this authenticator holds for the options' RP ID (no email: it is discoverable).
   */
  get(options: RequestOptions, overrides: { origin?: string; credentialId?: string } = {}): AuthenticationJSON {
    const held = this.#credentials.filter((c) => c.rpId === options.rpId && (overrides.credentialId === undefined || c.id.toString('base64url') === overrides.credentialId));
    const credential = held.at(-1);
    if (!credential) throw new Error(`no passkey for ${options.rpId}`);
    credential.counter += 1;
    const authData = this.#authData(credential, 0);
    const clientDataJSON = clientData('webauthn.get', options.challenge, overrides.origin ?? this.options.origin);
    const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]), credential.privateKey);
    return {
      id: credential.id.toString('base64url'),
      rawId: credential.id.toString('base64url'),
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Sets every credential's signature counter back, as a copy of this authenticator made earlier would have it. */
  rewindCounters(to = 0): void {
    for (const credential of this.#credentials) credential.counter = to;
  }

  #authData(credential: Credential, extraFlags: number, attested: Buffer = Buffer.alloc(0)): Buffer {
    const backup = this.options.synced ? FLAG_BACKUP_ELIGIBLE | FLAG_BACKED_UP : 0;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const verified = this.userVerified ? FLAG_USER_VERIFIED : 0;
    const flags = Buffer.from([FLAG_USER_PRESENT | verified | backup | extraFlags]);
    return Buffer.concat([createHash('sha256').update(credential.rpId).digest(), flags, counter, attested]);
  }
}

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_BACKUP_ELIGIBLE = 0x08;
const FLAG_BACKED_UP = 0x10;
const FLAG_ATTESTED = 0x40;

interface Credential {
  readonly id: Buffer;
  readonly privateKey: KeyObject;
  readonly rpId: string;
  readonly userHandle: string;
  counter: number;
}

interface CreationOptions {
  readonly challenge: string;
  readonly rp: { readonly id: string };
  readonly user: { readonly id: string };
}
interface RequestOptions {
  readonly challenge: string;
  readonly rpId: string;
}
export interface RegistrationJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment: 'platform';
}
export interface AuthenticationJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string };
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment: 'platform';
}

const clientData = (type: string, challenge: string, origin: string): Buffer => Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

/** The little of CBOR (RFC 8949) WebAuthn needs: integers, byte and text strings, maps. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Map) return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  throw new Error(`cannot encode ${typeof value} as CBOR`);
}
