import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiClient } from '../helpers/api-client.ts';
import { assertAccessible, launchChromium, screenshot, serveTestApp, skipWithoutChromium, type ServedApp } from '../helpers/browser.ts';

/**
 * What goes wrong for a real person, in Debian's Chromium: a code typed in groups with and
 * without JavaScript, the countdown before a new code, a small phone's first screen, and the
 * dark scheme, with axe's contrast checks in both schemes. Over HTTP: src/http/web/code-pages.test.ts.
 */

/** The window's `getComputedStyle`, for code evaluated in the page (this project has no DOM types). */
type Styled = { getComputedStyle(el: unknown): { hyphens: string; backgroundColor: string; whiteSpace: string } };

const MOBILE = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 860 };

describe('the unhappy paths in a real browser', { skip: skipWithoutChromium, timeout: 180_000 }, () => {
  let t: ServedApp;
  let browser: Browser;
  let serial = 0;

  before(async () => {
    [t, browser] = await Promise.all([serveTestApp({ IP_LIMIT_PER_HOUR: '100000' }), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A fresh account with a confirmed number, and a browser on its code page. */
  async function onCodePage(options: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark'; timezoneId?: string; viewport?: { width: number; height: number } } = {}) {
    serial += 1;
    const email = `person${serial}@example.se`;
    const number = `070-600 00 ${String(serial).padStart(2, '0')}`;
    const api = apiClient(t);
    const account = await api.accountWithVerifiedPhone(email, 'SE', number);
    const context = await browser.newContext({ locale: 'sv-SE', viewport: MOBILE, baseURL: t.base, ...options });
    const page = await context.newPage();
    await page.goto('/sign-in/code');
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Mobiltelefonnummer').fill(number);
    await page.getByRole('button', { name: 'Skicka textmeddelande' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ange engångskoden' }).waitFor();
    return { context, page, email, code: await api.latestCode(account.phone.e164) };
  }

  const signIn = async (page: Page, typed: string) => {
    const box = page.getByLabel('Engångskod', { exact: true });
    // Typed key by key, as a person does: the box must hold the groups, not cut them at 8 characters.
    await page.keyboard.type(typed);
    assert.equal(await box.inputValue(), typed);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Kontoöversikt' }).waitFor();
  };

  it('takes a code typed in groups, with JavaScript, and counts down the wait before a new code', async () => {
    const { context, page, code } = await onCodePage();
    assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id), 'code', 'the code box is focused');
    const resend = page.getByRole('button', { name: 'Skicka en ny kod' });
    assert.equal(await resend.isDisabled(), true, 'disabled until the wait is over');
    const wait = page.locator('#resend-wait');
    const first = await wait.innerText();
    assert.match(first, /^Du kan begära en ny kod om \d+\ss\.$/);
    await page.waitForFunction((before) => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('resend-wait').textContent !== before, first, { timeout: 5000 });
    await screenshot(page, 'sv-320-unhappy-countdown');
    await signIn(page, `${code.slice(0, 4)} ${code.slice(4)}`);
    await context.close();
  });

  it('takes a code typed with a dash without JavaScript, and says in words when a new code can be asked for', async () => {
    const { context, page, code } = await onCodePage({ javaScriptEnabled: false });
    const resend = page.getByRole('button', { name: 'Skicka en ny kod' });
    assert.equal(await resend.isDisabled(), false, 'without script the button stays usable; pressed early, the page says to wait');
    assert.match(await page.locator('#resend-wait').innerText(), /^Du kan begära en ny kod om 1 minut, (den \d{1,2} [a-zåäö]+\.? \d{4} )?klockan \d\d:\d\d\.$/);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id), 'code', 'autofocus needs no script');
    await signIn(page, `${code.slice(0, 4)}-${code.slice(4)}`);
    await context.close();
  });

  it('at 320×640 shows the way to a code on the first screen, and the code form after one sentence', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', viewport: MOBILE, baseURL: t.base });
    const page = await context.newPage();
    await page.goto('/sign-in');
    const link = await page.getByRole('link', { name: 'Hämta en engångskod att logga in med' }).boundingBox();
    assert.ok(link && link.y + link.height <= MOBILE.height, `the code link ends at ${link?.y} + ${link?.height}, within 640 px`);
    assert.equal(await page.locator('h1').evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).hyphens), 'auto', 'headings hyphenate by <html lang>');
    await page.goto('/sign-in/code');
    const before = await page.locator('.card form').evaluate((form) => {
      let count = 0;
      for (let el = form.previousElementSibling; el; el = el.previousElementSibling) if (el.tagName === 'P') count += 1;
      return count;
    });
    assert.ok(before <= 1, `${before} paragraphs before the code form`);
    const email = await page.getByLabel('E-postadress').boundingBox();
    assert.ok(email && email.y + email.height <= MOBILE.height, 'the first field is on the first screen');
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`passes axe, contrast included, in the ${colorScheme} scheme; times in the browser's zone, addresses unbroken`, async () => {
      const { context, page, code } = await onCodePage({ colorScheme, viewport: DESKTOP, timezoneId: 'Atlantic/Reykjavik' });
      const background = await page.locator('body').evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).backgroundColor);
      assert.equal(background, colorScheme === 'dark' ? 'rgb(17, 21, 26)' : 'rgb(243, 244, 241)');
      await assertAccessible(page, `code page, ${colorScheme}`);
      await page.keyboard.type('1234');
      await page.getByRole('button', { name: 'Logga in', exact: true }).click();
      await page.locator('[data-error-summary]').waitFor();
      await assertAccessible(page, `code page with an error, ${colorScheme}`);
      await screenshot(page, `sv-1280-unhappy-error-${colorScheme}`);
      await page.getByLabel('Engångskod', { exact: true }).fill(code);
      await page.getByRole('button', { name: 'Logga in', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Kontoöversikt' }).waitFor();
      await assertAccessible(page, `overview, ${colorScheme}`);
      for (const path of ['/sign-in', '/sign-in/code', '/create-account', '/account/sessions', '/account/activity']) {
        await page.goto(path);
        await assertAccessible(page, `${path}, ${colorScheme}`);
        await screenshot(page, `sv-1280-unhappy-${path.replace(/\W+/g, '-').slice(1)}-${colorScheme}`);
      }
      // The server wrote Stockholm's time (10:xx for 09:xx UTC); the script shows Reykjavik's (09:xx).
      const times = await page.locator('time[data-local]').allInnerTexts();
      assert.ok(times.length > 0 && times.every((time) => /2026 09:\d\d$/.test(time)), times.join(', '));
      await page.goto('/account/sessions');
      assert.equal(await page.locator('.nowrap').first().evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).whiteSpace), 'nowrap');
      await context.close();
    });
  }
});
