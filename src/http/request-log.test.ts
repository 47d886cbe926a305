import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loggableUrl } from './request-log.ts';

describe('loggableUrl', () => {
  it('leaves a URL without a query as it is', () => {
    assert.equal(loggableUrl('/api/v1/me'), '/api/v1/me');
  });

  it('redacts the id_token_hint and every other value not known to be harmless, keeping the names', () => {
    assert.equal(
      loggableUrl('/oidc/session/end?id_token_hint=eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl&post_logout_redirect_uri=https%3A%2F%2Fsite%2F&state=bye&client_id=site'),
      '/oidc/session/end?id_token_hint=[redacted]&post_logout_redirect_uri=[redacted]&state=[redacted]&client_id=site',
    );
  });

  it('redacts the signature of a delivery-report URL and the answer Kannel appends, keeping the message, attempt and status', () => {
    assert.equal(
      loggableUrl('/api/v1/sms/reports/kannel?m=msg-1&a=2&t=c2lnbmF0dXJl&status=1&answer=ACK%2F'),
      '/api/v1/sms/reports/kannel?m=msg-1&a=2&t=[redacted]&status=1&answer=[redacted]',
    );
  });

  it('redacts a bare word in the query, which may be a token pasted in the wrong place', () => {
    assert.equal(loggableUrl('/account?c2VjcmV0LXRva2Vu&sent=again'), '/account?[redacted]&sent=again');
  });

  it('matches names however they are encoded, and redacts a repeated or empty value alike', () => {
    assert.equal(loggableUrl('/oidc/auth?%63lient_id=site&code=abc&code=def&token='), '/oidc/auth?%63lient_id=site&code=[redacted]&code=[redacted]&token=[redacted]');
    assert.equal(loggableUrl('/x?%zz=secret&&'), '/x?%zz=[redacted]');
  });
});
