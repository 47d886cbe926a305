import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeReturnTo, withReturnTo } from './return-to.ts';

describe('safeReturnTo', () => {
  it('keeps paths on this service, with their query and fragment', () => {
    assert.equal(safeReturnTo('/account'), '/account');
    assert.equal(safeReturnTo('/oidc/interaction/abc?prompt=login#x'), '/oidc/interaction/abc?prompt=login#x');
  });

  it('refuses other origins, schemes, protocol-relative and backslash tricks', () => {
    for (const value of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', 'account', '/\t/evil.example', '/ /evil', '', 42, undefined, `/${'a'.repeat(3000)}`]) {
      assert.equal(safeReturnTo(value), undefined, JSON.stringify(value));
    }
  });

  it('normalises dot segments without letting them leave the origin', () => {
    assert.equal(safeReturnTo('/a/../account'), '/account');
    assert.equal(safeReturnTo('/../../etc'), '/etc');
  });
});

describe('withReturnTo', () => {
  it('adds return_to only when there is somewhere to return to', () => {
    assert.equal(withReturnTo('/sign-in', undefined), '/sign-in');
    assert.equal(withReturnTo('/sign-in', '/account/security', { reason: 'required' }), '/sign-in?reason=required&return_to=%2Faccount%2Fsecurity');
  });
});
