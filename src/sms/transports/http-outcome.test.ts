import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { freePorts } from '../../../test/helpers/processes.ts';
import { failureFromError, failureFromStatus } from './http-outcome.ts';

describe('what an HTTP gateway’s failure means for a retry', () => {
  it('retries 5xx, 408 and 429, and takes other 4xx as a refusal', () => {
    assert.deepEqual([500, 503, 408, 429, 400, 401, 403].map((status) => failureFromStatus(status, '').ok === false && failureFromStatus(status, '')), [
      { ok: false, retryable: true, error: 'HTTP 500' },
      { ok: false, retryable: true, error: 'HTTP 503' },
      { ok: false, retryable: true, error: 'HTTP 408' },
      { ok: false, retryable: true, error: 'HTTP 429' },
      { ok: false, retryable: false, error: 'HTTP 400' },
      { ok: false, retryable: false, error: 'HTTP 401' },
      { ok: false, retryable: false, error: 'HTTP 403' },
    ]);
  });

  it('retries a refused connection at once: the gateway cannot have the text', async () => {
    const [closed] = (await freePorts(1)) as [number];
    const error = await fetch(`http://127.0.0.1:${closed}/`).catch((e: unknown) => e);
    const outcome = failureFromError(error);
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && (outcome.inDoubt ?? false), false);
  });

  it('holds a request that timed out as in doubt: the gateway may have the text', async () => {
    const server = createServer(() => {}); // takes the request, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const error = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST', body: 'x', signal: AbortSignal.timeout(100) }).catch((e: unknown) => e);
      assert.deepEqual(failureFromError(error), { ok: false, retryable: true, error: 'timed out', inDoubt: true });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
