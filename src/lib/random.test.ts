import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cryptoRandom } from './random.ts';

describe('cryptoRandom.digits', () => {
  it('gives exactly the asked number of decimal digits and nothing else', () => {
    for (const length of [1, 6, 8, 10]) {
      for (let i = 0; i < 50; i++) assert.match(cryptoRandom.digits(length), new RegExp(`^[0-9]{${length}}$`));
    }
    assert.equal(cryptoRandom.digits(0), '');
  });

  it('keeps leading zeros, so every position can be any digit', () => {
    const codes = Array.from({ length: 500 }, () => cryptoRandom.digits(8));
    assert.ok(codes.some((code) => code.startsWith('0')), 'no code starts with 0 in 500 tries');
  });

  it('uses every digit about equally often', () => {
    const counts = new Array<number>(10).fill(0);
    const sample = cryptoRandom.digits(20_000);
    for (const digit of sample) counts[Number(digit)] = (counts[Number(digit)] ?? 0) + 1;
    // Expected 2000 each; a standard deviation is about 42, so ±300 fails only for a broken generator.
    for (const [digit, count] of counts.entries()) assert.ok(count > 1700 && count < 2300, `digit ${digit} appeared ${count} times`);
  });

  it('does not repeat itself', () => {
    const codes = new Set(Array.from({ length: 200 }, () => cryptoRandom.digits(10)));
    assert.ok(codes.size >= 199);
  });
});

describe('cryptoRandom.token', () => {
  it('gives base64url text that decodes to the asked number of bytes', () => {
    for (const bytes of [16, 32]) {
      const token = cryptoRandom.token(bytes);
      assert.match(token, /^[A-Za-z0-9_-]+$/);
      assert.equal(token.length, Math.ceil((bytes * 4) / 3));
      assert.equal(Buffer.from(token, 'base64url').length, bytes);
    }
  });

  it('gives a different token every time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => cryptoRandom.token(32)));
    assert.equal(tokens.size, 1000);
  });

  it('never hands out the same bytes twice, whatever the sizes asked', () => {
    const sizes = [32, 17, 5000, 31, 4096];
    const tokens = Array.from({ length: 1000 }, (_, i) => Buffer.from(cryptoRandom.token(sizes[i % sizes.length]!), 'base64url'));
    for (const [i, token] of tokens.entries()) assert.equal(token.length, sizes[i % sizes.length]);
    // Any 16-byte window seen twice would mean bytes were reused.
    const windows = new Set<string>();
    for (const token of tokens) {
      for (let at = 0; at + 16 <= token.length; at += 16) {
        const window = token.subarray(at, at + 16).toString('hex');
        assert.ok(!windows.has(window), 'a 16-byte run of random bytes came out twice');
        windows.add(window);
      }
    }
  });

  it('spreads its bits: over many tokens about half of all bits are set', () => {
    let set = 0;
    const tokens = 200;
    for (let i = 0; i < tokens; i++) {
      for (const byte of Buffer.from(cryptoRandom.token(32), 'base64url')) set += byte.toString(2).replace(/0/g, '').length;
    }
    const ratio = set / (tokens * 32 * 8);
    assert.ok(ratio > 0.47 && ratio < 0.53, `ratio of set bits ${ratio}`);
  });
});
