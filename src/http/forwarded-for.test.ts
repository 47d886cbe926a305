import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, it } from 'node:test';
import { keepAddressesOnly } from './forwarded-for.ts';

const cleaned = (value: string | undefined): string | undefined => {
  const headers: IncomingHttpHeaders = value === undefined ? {} : { 'x-forwarded-for': value };
  keepAddressesOnly(headers);
  return headers['x-forwarded-for'] as string | undefined;
};

describe('keepAddressesOnly', () => {
  it('leaves a list of addresses as it is', () => {
    assert.equal(cleaned('203.0.113.7, 10.0.0.2'), '203.0.113.7, 10.0.0.2');
    assert.equal(cleaned('2001:db8::1'), '2001:db8::1');
    assert.equal(cleaned(undefined), undefined);
  });

  it('drops entries that are not IP addresses, and the header when none is left', () => {
    assert.equal(cleaned('not-an-ip, 203.0.113.7'), '203.0.113.7');
    assert.equal(cleaned('203.0.113.7, unknown'), '203.0.113.7');
    assert.equal(cleaned('<script>, evil.example, 203.0.113.7:1234'), undefined);
    assert.equal(cleaned(''), undefined);
  });
});
