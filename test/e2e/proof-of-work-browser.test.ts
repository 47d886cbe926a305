import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ManualClock } from '../../src/lib/clock.ts';
import { apiClient } from '../helpers/api-client.ts';
import { launchChromium, serveTestApp, skipWithoutChromium, type ServedApp } from '../helpers/browser.ts';

/**
 * Past the free allowance of code requests, a person behind a shared address (a school, a
 * library) still gets a code: the page's ALTCHA widget solves the proof of work in the browser,
 * under the pages' strict CSP, and sends the form again by itself.
 */
describe('the proof of work in a real browser', { skip: skipWithoutChromium, timeout: 120_000 }, () => {
  let t: ServedApp;
  let browser: Browser;
  before(async () => {
    // The clock starts now: the widget compares the challenge's expiry with the browser's own clock.
    t = await serveTestApp({ IP_LIMIT_PER_HOUR: '2', POW_MAX_NUMBER: '5000', CODE_RESEND_SECONDS: '0' }, { clock: new ManualClock(Date.now()) });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('solves the challenge without the person doing anything, and the code is sent', async () => {
    const api = apiClient(t);
    const pupil = await api.accountWithVerifiedPhone('elev@example.se', 'SE', '070-555 00 01');
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') blocked.push(message.text());
    });
    const posts: string[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST') posts.push(`${r.status()}${r.request().postData()?.includes('altcha=') ? ' with a proof' : ''}`);
    });
    const request = async () => {
      await page.goto(`${t.base}/sign-in/code`);
      await page.getByLabel('E-postadress').fill('elev@example.se');
      await page.getByLabel('Plats där mobiltelefonnumret är registrerat').selectOption('SE');
      await page.getByLabel('Mobiltelefonnummer').fill('070-555 00 01');
      await page.getByRole('button', { name: 'Skicka textmeddelande' }).click();
    };

    await request();
    await page.getByRole('heading', { level: 1, name: 'Ange engångskoden' }).waitFor();
    const before = (await api.texts(pupil.phone.e164)).length;

    // Adding the number and this request spent the address's allowance of two. The next request
    // gets the widget instead of a refusal; it solves, and the form goes again by itself.
    const challenged = page.waitForResponse((r) => r.url().endsWith('/sign-in/code') && r.status() === 429);
    await request();
    await challenged;
    await page.getByRole('heading', { level: 1, name: 'Ange engångskoden' }).waitFor({ timeout: 60_000 });
    assert.equal((await api.texts(pupil.phone.e164)).length, before + 1, 'the code went out');
    assert.deepEqual(posts, ['303', '429', '303 with a proof']);
    assert.deepEqual(blocked.filter((m) => /Content Security Policy|Refused/i.test(m)), [], 'nothing was blocked by the CSP');
    await context.close();
  });

  it('without script says when to try again in a paragraph of its own, spaced as paragraphs are', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', javaScriptEnabled: false });
    const page = await context.newPage();
    // The address's allowance is spent by the test before; the challenge comes whatever was typed.
    await page.goto(`${t.base}/sign-in/code`);
    await page.getByLabel('E-postadress').fill('larare@example.se');
    await page.getByLabel('Mobiltelefonnummer').fill('070-555 00 02');
    const [challenged] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/sign-in/code') && r.request().method() === 'POST'), page.getByRole('button', { name: 'Skicka textmeddelande' }).click()]);
    assert.equal(challenged.status(), 429);
    const [why, wait] = await Promise.all(['#altcha > p', '#altcha noscript p'].map((s) => page.locator(s).boundingBox()));
    assert.ok(why && wait);
    // After 23:00 in Stockholm the hour ends on the next day, and the page names the day too.
    assert.match(await page.locator('#altcha noscript p').innerText(), /Du kan försöka igen om \d+ (minut|minuter|timme), (den \d{1,2} [a-zåäö]+\.? \d{4} )?klockan \d\d:\d\d\.$/);
    assert.ok(wait.y - (why.y + why.height) >= 8, `a gap above the paragraph without script, not ${wait.y - (why.y + why.height)} px`);
    await context.close();
  });
});
