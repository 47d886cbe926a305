import argon2 from 'argon2';
import { Semaphore } from '../../lib/semaphore.ts';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the time a verify would, for sign-ins whose email has no account. */
  verifyDummy(password: string): Promise<void>;
}

/** The two argon2 calls the hasher makes; tests replace them to hold work in flight. */
export interface Argon2Engine {
  hash(password: string, params: argon2.HashOptions): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

const ARGON2_PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface HasherOptions {
  readonly memoryCost?: number;
  readonly timeCost?: number;
  /** Verifies (password sign-in) at once. */
  readonly signInSlots?: number;
  /** Hashes (sign-up, a new password) at once. */
  readonly signUpSlots?: number;
  readonly engine?: Argon2Engine;
}

/**
 * argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane). The argon2 addon hashes on
 * libuv's thread pool, so the event loop keeps serving other requests meanwhile. argon2 is all
 * CPU and 19 MiB each, so the number at once is bounded, with the rest queued. Sign-in and
 * sign-up queue apart: a flood of sign-ups fills only its own slots, and people signing in
 * never wait behind it. Keep signUpSlots below libuv's pool size (4 by default) so verifies
 * always find a thread.
 */
export function argon2Hasher(options: HasherOptions = {}): PasswordHasher {
  const signIn = new Semaphore(options.signInSlots ?? 1);
  const signUp = new Semaphore(options.signUpSlots ?? 1);
  const engine = options.engine ?? argon2;
  const params = { ...ARGON2_PARAMS, memoryCost: options.memoryCost ?? ARGON2_PARAMS.memoryCost, timeCost: options.timeCost ?? ARGON2_PARAMS.timeCost };
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => signUp.run(() => engine.hash(password, params)),
    async verify(hash, password) {
      try {
        return await signIn.run(() => engine.verify(hash, password));
      } catch {
        return false; // a malformed stored hash is a failed check, never a crash
      }
    },
    async verifyDummy(password) {
      // Made once, on the sign-in side: it stands in for a stored hash of a sign-in.
      dummy ??= signIn.run(() => engine.hash('dummy password for timing', params));
      const hash = await dummy;
      await signIn.run(() => engine.verify(hash, password));
    },
  };
}
