import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopbackHost } from './loopback.ts';

describe('isLoopbackHost', () => {
  it('takes localhost, names under it, 127.0.0.0/8 and ::1 in any spelling', () => {
    for (const host of ['localhost', 'LOCALHOST', 'app.localhost', 'localhost.', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
  });

  it('refuses every address and name others may reach', () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.1', '10.0.0.1', 'login.example.se', 'localhost.example.se', '128.0.0.1', '::2', '[::ffff:10.0.0.1]', '']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });
});
