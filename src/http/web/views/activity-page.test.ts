import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeBrowser } from './activity-page.ts';

describe('describeBrowser', () => {
  it('names the browser and system people recognise, however the User-Agent dresses them up', () => {
    const cases: [string, { browser: string; system: string } | undefined][] = [
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Edg/140.0', { browser: 'Edge', system: 'Windows' }],
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0', { browser: 'Firefox', system: 'Windows' }],
      ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36', { browser: 'Chrome', system: 'Linux' }],
      ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1', { browser: 'Safari', system: 'iOS' }],
      ['Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36', { browser: 'Chrome', system: 'Android' }],
      ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15', { browser: 'Safari', system: 'macOS' }],
      ['curl/8.5.0', undefined],
      ['', undefined],
    ];
    for (const [userAgent, expected] of cases) assert.deepEqual(describeBrowser(userAgent), expected, userAgent);
  });
});
