import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipKey } from './ip-key.ts';

describe('ipKey', () => {
  it('keys every address of one IPv6 /64 alike, however it is written', () => {
    const keys = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:0:0:0:42', '2001:db8:1:2::a%eth0'].map(ipKey);
    assert.deepEqual(new Set(keys), new Set(['2001:db8:1:2::/64']));
    assert.notEqual(ipKey('2001:db8:1:3::1'), ipKey('2001:db8:1:2::1'), 'the next /64 is another key');
    assert.equal(ipKey('::1'), '0:0:0:0::/64');
    assert.equal(ipKey('fe80::1'), 'fe80:0:0:0::/64');
  });

  it('keys IPv4 and IPv4-mapped IPv6 by the IPv4 address', () => {
    assert.equal(ipKey('198.51.100.7'), '198.51.100.7');
    assert.equal(ipKey('::ffff:198.51.100.7'), '198.51.100.7');
  });

  it('leaves anything that is not an address as it is', () => {
    assert.equal(ipKey('unknown'), 'unknown');
  });
});
