import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { apiClient } from '../helpers/api-client.ts';
import { launchChromium, serveTestApp, skipWithoutChromium, type ServedApp } from '../helpers/browser.ts';

/**
 * Screenshot regression: each page at 320 and 1280 px, in Swedish and English, in the light and
 * the dark scheme, compared with the images committed under test/screenshots/, so a layout break
 * fails the suite. Without JavaScript (the countdown would change the picture) and on the test
 * clock, so every run draws the same page. `UPDATE_SCREENSHOTS=1 npm test -- test/e2e/screenshots`
 * writes new images after a deliberate change; look at them before committing.
 */

const dir = join(new URL('../..', import.meta.url).pathname, 'test', 'screenshots');
const update = process.env.UPDATE_SCREENSHOTS === '1';
// Anti-aliasing differs a little between runs and machines; a layout break moves far more.
const MAX_CHANGED = 0.002;

const widths = { 320: { width: 320, height: 640 }, 1280: { width: 1280, height: 860 } } as const;
const languages = { sv: { locale: 'sv-SE', email: 'E-postadress', number: 'Mobiltelefonnummer', send: 'Skicka textmeddelande', code: 'Engångskod', signIn: 'Logga in' }, en: { locale: 'en-GB', email: 'Email address', number: 'Mobile phone number', send: 'Send text message', code: 'One-time code', signIn: 'Sign in' } } as const;

function compare(name: string, actual: Buffer): void {
  const file = join(dir, `${name}.png`);
  if (update || !existsSync(file)) {
    assert.ok(update, `${file} is missing: run with UPDATE_SCREENSHOTS=1 to make it`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  const want = PNG.sync.read(readFileSync(file));
  const got = PNG.sync.read(actual);
  assert.deepEqual([got.width, got.height], [want.width, want.height], `${name}: the page's size changed`);
  const changed = pixelmatch(want.data, got.data, null, want.width, want.height, { threshold: 0.1 });
  assert.ok(changed / (want.width * want.height) <= MAX_CHANGED, `${name}: ${changed} pixels changed`);
}

describe('screenshots of every page', { skip: skipWithoutChromium, timeout: 300_000 }, () => {
  let t: ServedApp;
  let browser: Browser;

  before(async () => {
    [t, browser] = await Promise.all([serveTestApp({ IP_LIMIT_PER_HOUR: '100000' }), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const shoot = async (page: Page, name: string) => compare(name, await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' }));

  // One account and number per picture set: a browser the holder never used may cause only a
  // share of a number's texts a day.
  let serial = 0;
  for (const lang of ['sv', 'en'] as const) {
    for (const width of [320, 1280] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const suffix = `${lang}-${width}-${colorScheme}`;
        serial += 1;
        const email = `${suffix}@example.se`;
        const number = `070-123 45 ${String(serial).padStart(2, '0')}`;
        it(`match at ${width} px in ${lang}, ${colorScheme}`, async () => {
          const x = languages[lang];
          const holder = await apiClient(t).accountWithVerifiedPhone(email, 'SE', number);
          const context = await browser.newContext({ locale: x.locale, viewport: widths[width], colorScheme, javaScriptEnabled: false, baseURL: t.base });
          const page = await context.newPage();
          for (const path of ['/sign-in', '/sign-in/code', '/create-account', '/forgot-password']) {
            await page.goto(path);
            await shoot(page, `${path.slice(1).replaceAll('/', '-')}-${suffix}`);
          }
          await page.goto('/sign-in/code');
          await page.getByLabel(x.email).fill(email);
          await page.getByLabel(x.number).fill(number);
          await page.getByRole('button', { name: x.send }).click();
          await page.getByLabel(x.code, { exact: true }).waitFor();
          await shoot(page, `enter-code-${suffix}`);
          const code = await apiClient(t).latestCode(holder.phone.e164);
          await page.getByLabel(x.code, { exact: true }).fill(code.replace(/\d$/, (d) => String((Number(d) + 1) % 10)));
          await page.getByRole('button', { name: x.signIn, exact: true }).click();
          await page.locator('[data-error-summary]').waitFor();
          await shoot(page, `wrong-code-${suffix}`);
          await page.getByLabel(x.code, { exact: true }).fill(code);
          await page.getByRole('button', { name: x.signIn, exact: true }).click();
          await page.waitForURL('**/account');
          await shoot(page, `account-${suffix}`);
          await page.goto('/account/security');
          await shoot(page, `security-info-${suffix}`);
          await context.close();
        });
      }
    }
  }
});
