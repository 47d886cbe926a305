import argon2 from 'argon2';
import { Semaphore } from '../../lib/semaphore.ts';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the time a verify would, for sign-ins whose email has no account. */
  verifyDummy(password: string): Promise<void>;
}

/**
 * argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane). The argon2 addon hashes on
 * libuv's thread pool, so the event loop keeps serving other requests meanwhile. At most
 * `concurrency` hashes run at once (the others queue): argon2 is all CPU and 19 MiB each,
 * so unbounded it would take every core from the event loop and memory with it.
 */
export function argon2Hasher(options: { memoryCost?: number; timeCost?: number; concurrency?: number } = {}): PasswordHasher {
  const slots = new Semaphore(options.concurrency ?? 1);
  const params = {
    type: argon2.argon2id,
    memoryCost: options.memoryCost ?? 19_456,
    timeCost: options.timeCost ?? 2,
    parallelism: 1,
  } as const;
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => slots.run(() => argon2.hash(password, params)),
    async verify(hash, password) {
      try {
        return await slots.run(() => argon2.verify(hash, password));
      } catch {
        return false; // a malformed stored hash is a failed check, never a crash
      }
    },
    async verifyDummy(password) {
      dummy ??= slots.run(() => argon2.hash('dummy password for timing', params));
      const hash = await dummy;
      await slots.run(() => argon2.verify(hash, password));
    },
  };
}
