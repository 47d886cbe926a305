import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserLine, describeUserAgent } from './user-agent.ts';

describe('describing a User-Agent', () => {
  it('names the browser with its major version and the system, however the header dresses them up', () => {
    const cases: [string, string][] = [
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome 131 on Windows'],
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Edg/140.0', 'Microsoft Edge 140 on Windows'],
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0', 'Firefox 140 on Windows'],
      ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1', 'Safari 18 on iOS'],
      ['Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36', 'Chrome 140 on Android'],
      ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15', 'Safari 18 on macOS'],
    ];
    for (const [userAgent, expected] of cases) assert.equal(browserLine(userAgent), expected, userAgent);
  });

  it('shows an agent it does not know as reported, shortened', () => {
    assert.deepEqual(describeUserAgent('curl/8.5.0'), { browser: 'curl/8.5.0', system: undefined, known: false });
    const long = `my-script/${'x'.repeat(200)}`;
    const shown = browserLine(long);
    assert.equal(shown?.length, 60);
    assert.ok(shown?.startsWith('my-script/') && shown.endsWith('…'));
  });

  it('has nothing to show for an absent or empty header', () => {
    assert.equal(browserLine(null), null);
    assert.equal(browserLine('  '), null);
  });
});
