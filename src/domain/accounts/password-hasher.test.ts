import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { argon2Hasher, type Argon2Engine } from './password-hasher.ts';
import { checkPassword } from './password-policy.ts';

const password = 'correct horse battery staple';

/** The algorithm and parameters of a PHC string; the argon2 package lists parameters alphabetically. */
const phc = (hash: string) => {
  const [, algorithm, version, params] = hash.split('$');
  return { algorithm, version, params: Object.fromEntries((params ?? '').split(',').map((pair) => pair.split('='))) };
};
const sameLength = 'a different password of the same length'.slice(0, password.length);

describe('argon2Hasher', () => {
  const hasher = argon2Hasher();
  let stored: string;
  before(async () => {
    stored = await hasher.hash(password);
  });

  it('stores argon2id with m=19456, t=2, p=1, visible in the PHC string', () => {
    assert.deepEqual(phc(stored), { algorithm: 'argon2id', version: 'v=19', params: { m: '19456', t: '2', p: '1' } });
    assert.match(stored, /^\$argon2id\$v=19\$[mpt=0-9,]+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    assert.ok(!stored.includes(password));
  });

  it('salts every hash, so the same password hashes differently twice', async () => {
    assert.notEqual(await hasher.hash(password), stored);
  });

  it('verifies the right password', async () => {
    assert.equal(await hasher.verify(stored, password), true);
  });

  it('rejects a different password of the same length', async () => {
    assert.equal(sameLength.length, password.length);
    assert.equal(await hasher.verify(stored, sameLength), false);
  });

  it('rejects the right password with one character changed or added', async () => {
    assert.equal(await hasher.verify(stored, password.replace(/e$/, 'E')), false);
    assert.equal(await hasher.verify(stored, `${password} `), false);
  });

  it('answers false rather than throwing for a malformed stored hash', async () => {
    for (const malformed of ['', 'not a hash', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA', stored.slice(0, -10), '$2b$10$abcdefghijklmnopqrstuv']) {
      assert.equal(await hasher.verify(malformed, password), false, JSON.stringify(malformed));
    }
  });

  it('spends a dummy verify without throwing, whatever the password', async () => {
    await assert.doesNotReject(hasher.verifyDummy(password));
    await assert.doesNotReject(hasher.verifyDummy(''));
  });

  it('honours a lower cost when asked, for fast tests elsewhere', async () => {
    const cheap = argon2Hasher({ memoryCost: 1024, timeCost: 1 });
    const hash = await cheap.hash(password);
    assert.deepEqual(phc(hash).params, { m: '1024', t: '1', p: '1' });
    assert.equal(await cheap.verify(hash, password), true);
  });

  it('verifies a password typed with full-width digits once the policy has normalised both', async () => {
    const ascii = checkPassword('vinter2024!', 'anna@example.se');
    const fullWidth = checkPassword('vinter２０２４!', 'anna@example.se');
    assert.ok(ascii.ok && fullWidth.ok);
    const hash = await hasher.hash(ascii.value);
    assert.equal(await hasher.verify(hash, fullWidth.value), true);
    // Without the policy's NFKC the full-width form is a different password.
    assert.equal(await hasher.verify(hash, 'vinter２０２４!'), false);
  });

  it('lets a verify run while sign-ups hold every one of their slots and more queue behind them', async () => {
    // Hashes never finish until released, as if sign-ups had taken their slots for good.
    const held: (() => void)[] = [];
    let verifies = 0;
    const engine: Argon2Engine = {
      hash: () => new Promise((resolve) => held.push(() => resolve('$held'))),
      verify: async () => {
        verifies++;
        return true;
      },
    };
    const pools = argon2Hasher({ signInSlots: 1, signUpSlots: 2, engine });
    const signUps = Array.from({ length: 40 }, () => pools.hash(password));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(held.length, 2, 'sign-ups run no more than their own slots at once');
    assert.equal(await pools.verify('$stored', password), true);
    assert.equal(verifies, 1);
    // Released one by one, each hands its slot to the next in line until all have run.
    while (held.length > 0) {
      held.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal((await Promise.all(signUps)).length, 40);
  });
});
