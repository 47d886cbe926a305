import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { safeReturnTo, withReturnTo } from './return-to.ts';

const publicUrl = new URL('https://login.example.se');

/** Where a browser on `page` goes when sent to `location`: the test's stand-in for the Location header. */
const followed = (location: string, page = 'https://login.example.se/sign-in') => new URL(location, page);

describe('safeReturnTo', () => {
  it('keeps paths on this service, with their query and fragment', () => {
    assert.equal(safeReturnTo('/account', publicUrl), '/account');
    assert.equal(safeReturnTo('/oidc/interaction/abc?prompt=login#x', publicUrl), '/oidc/interaction/abc?prompt=login#x');
    assert.equal(safeReturnTo('/a//b', publicUrl), '/a//b');
  });

  it('takes an absolute URL on PUBLIC_URL as its path, and no other origin', () => {
    assert.equal(safeReturnTo('https://login.example.se/account?x=1', publicUrl), '/account?x=1');
    assert.equal(safeReturnTo('https://LOGIN.example.se:443/account', publicUrl), '/account');
    for (const value of ['http://login.example.se/account', 'https://login.example.se:8443/account', 'https://user:pw@login.example.se/account', 'https://login.example.se.evil.example/']) {
      assert.equal(safeReturnTo(value, publicUrl), undefined, value);
    }
  });

  it('refuses other origins, schemes, protocol-relative and backslash tricks', () => {
    for (const value of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', 'account', '/\t/evil.example', '/ /evil', '', 42, undefined, `/${'a'.repeat(3000)}`]) {
      assert.equal(safeReturnTo(value, publicUrl), undefined, JSON.stringify(value));
    }
  });

  it('refuses the known bypasses that normalise to another host', () => {
    const bypasses = [
      '/.//evil.example/phish',
      '/a/..//evil.example/x',
      '/%2e//evil.example/x',
      '/%2E%2E//evil.example/x',
      '/./\\evil.example',
      '/a/../\\evil.example',
      '/..//evil.example',
      '/.%2f/evil.example', // %2f stays encoded: a path on our host, which is allowed only if it stays one
      '/\\/evil.example',
      '/\n/evil.example',
      '/\r\n//evil.example',
      '/\u0000//evil.example',
      'https:evil.example',
      'https:/evil.example',
      'https:\\\\evil.example',
      ' //evil.example',
      '\t//evil.example',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
    ];
    for (const value of bypasses) {
      const result = safeReturnTo(value, publicUrl);
      if (result !== undefined) assert.equal(followed(result).origin, publicUrl.origin, `${JSON.stringify(value)} → ${result}`);
    }
    for (const value of ['/.//evil.example/phish', '/a/..//evil.example/x', '/%2e//evil.example/x', '/./\\evil.example', 'https:evil.example']) {
      assert.equal(safeReturnTo(value, publicUrl), undefined, value);
    }
  });

  it('normalises dot segments without letting them leave the origin', () => {
    assert.equal(safeReturnTo('/a/../account', publicUrl), '/account');
    assert.equal(safeReturnTo('/../../etc', publicUrl), '/etc');
  });

  it('never yields an address a browser follows off PUBLIC_URL, whatever the input (property)', () => {
    // Inputs built from the pieces bypasses are made of: slashes both ways, dot segments,
    // percent-encodings, control characters, at-signs, schemes and host names.
    const piece = fc.constantFrom('/', '\\', '.', '..', '%2e', '%2E', '%2f', '%5c', '%00', '%09', '\t', '\n', '\r', ' ', '@', ':', '?', '#', 'evil.example', 'login.example.se', 'https:', 'http:', 'javascript:', '//', 'a', '%', '\u3002', '\uff0f', '\u2215');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const value = pieces.join('');
        const result = safeReturnTo(value, publicUrl);
        if (result === undefined) return;
        assert.ok(result.startsWith('/') && !/^\/[/\\]/.test(result), `${JSON.stringify(value)} → ${result}`);
        // Followed from any page of ours, and from another host entirely, it stays on that host.
        assert.equal(followed(result).origin, publicUrl.origin);
        assert.equal(followed(result, 'http://other.invalid/x/y').origin, 'http://other.invalid');
        // And it is stable: checking it again changes nothing.
        assert.equal(safeReturnTo(result, publicUrl), result);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('withReturnTo', () => {
  it('adds return_to only when there is somewhere to return to', () => {
    assert.equal(withReturnTo('/sign-in', undefined), '/sign-in');
    assert.equal(withReturnTo('/sign-in', '/account/security', { reason: 'required' }), '/sign-in?reason=required&return_to=%2Faccount%2Fsecurity');
  });
});
