import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiClient } from '../helpers/api-client.ts';
import { drainMail } from '../helpers/mail.ts';
import { assertAccessible, freePort, launchChromium, screenshot, serveTestApp, skipWithoutChromium, type ServedApp } from '../helpers/browser.ts';

/**
 * A person's whole journey through the pages in a real browser (Debian's Chromium), in
 * Swedish and in English: create an account and prove its address with the code from the
 * development mail inbox, add and confirm a mobile number, sign out, sign
 * in with a one-time code read from the development inbox, reach the account overview. Then
 * the ways it goes wrong. Every page is checked with axe-core and kept as a screenshot.
 * The tests run in order and build on each other: those after the journeys use the account
 * and the still signed-in browser the Swedish journey left, as a person would.
 */

const PASSWORD = 'en lång mening om hästar';
const MOBILE = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 860 };

interface Texts {
  readonly lang: 'sv' | 'en';
  readonly activity: string;
  readonly createAccount: string;
  readonly email: string;
  readonly password: string;
  readonly overview: string;
  readonly edit: string;
  readonly securityInfo: string;
  readonly add: string;
  readonly countryCode: string;
  readonly sweden: string;
  readonly number: string;
  readonly save: string;
  readonly verifyCode: string;
  readonly confirm: string;
  readonly confirmed: RegExp;
  readonly signOut: string;
  readonly signedOut: string;
  readonly getCode: string;
  readonly place: string;
  readonly sendText: string;
  readonly oneTimeCode: string;
  readonly signIn: string;
  readonly codeHeading: string;
}

const swedish: Texts = {
  lang: 'sv',
  createAccount: 'Skapa konto',
  email: 'E-postadress',
  password: 'Lösenord',
  overview: 'Kontoöversikt',
  activity: 'Senaste aktivitet',
  edit: 'Redigera säkerhetsinformation',
  securityInfo: 'Säkerhetsinformation',
  add: 'Lägg till',
  countryCode: 'Landskod',
  sweden: 'Sverige (+46)',
  number: 'Mobiltelefonnummer',
  save: 'Spara',
  verifyCode: 'Kod',
  confirm: 'Bekräfta',
  confirmed: /Numret \+46 70 123 45 67 är bekräftat/,
  signOut: 'Logga ut',
  signedOut: 'Du har loggat ut.',
  getCode: 'Hämta en engångskod att logga in med',
  place: 'Plats där mobiltelefonnumret är registrerat',
  sendText: 'Skicka textmeddelande',
  oneTimeCode: 'Engångskod',
  signIn: 'Logga in',
  codeHeading: 'Ange engångskoden',
};

const english: Texts = {
  lang: 'en',
  createAccount: 'Create account',
  email: 'Email address',
  password: 'Password',
  overview: 'Account overview',
  activity: 'Recent activity',
  edit: 'Edit security info',
  securityInfo: 'Security info',
  add: 'Add',
  countryCode: 'Country code',
  sweden: 'Sweden (+46)',
  number: 'Mobile phone number',
  save: 'Save',
  verifyCode: 'Code',
  confirm: 'Confirm',
  confirmed: /The number \+46 70 123 45 68 is confirmed/,
  signOut: 'Sign out',
  signedOut: 'You have signed out.',
  getCode: 'Get a one-time code to sign in with',
  place: 'Where the mobile number is registered',
  sendText: 'Send text message',
  oneTimeCode: 'One-time code',
  signIn: 'Sign in',
  codeHeading: 'Enter your one-time code',
};

describe('the pages in a real browser', { skip: skipWithoutChromium, timeout: 180_000 }, () => {
  let t: ServedApp;
  let browser: Browser;

  before(async () => {
    [t, browser] = await Promise.all([serveTestApp({ OTP_DAILY_LIMIT: '4' }), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Every page a test reaches: the language it should be in, axe, and a screenshot. */
  const check = async (page: Page, name: string, lang: 'sv' | 'en') => {
    assert.equal(await page.getAttribute('html', 'lang'), lang, `${name}: <html lang>`);
    const [scrollWidth, viewportWidth] = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return [root.scrollWidth, root.clientWidth];
    });
    assert.ok(scrollWidth <= viewportWidth, `${name}: nothing wider than the ${viewportWidth} px window (${scrollWidth} px)`);
    await assertAccessible(page, name);
    await screenshot(page, name);
  };

  const newContext = async (options: { locale: string; viewport: { width: number; height: number }; javaScriptEnabled?: boolean }) => {
    const context = await browser.newContext({ ...options, baseURL: t.base });
    return context;
  };

  /** Collects what the browser refused under the CSP, so a page that needs inline code fails the test. */
  const cspViolations = (page: Page): string[] => {
    const seen: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) seen.push(message.text());
    });
    return seen;
  };

  /** The newest code texted to the number, read from the development inbox page as a person would. */
  const codeFromInbox = async (context: BrowserContext, e164: string, screenshotName?: string, lang: 'sv' | 'en' = 'sv'): Promise<string> => {
    await t.app.dispatcher.drain();
    const inbox = await context.newPage();
    await inbox.goto(`/dev/sms?to=${encodeURIComponent(e164)}`);
    if (screenshotName) await check(inbox, screenshotName, lang);
    const text = await inbox.locator('.bubble').first().innerText();
    await inbox.close();
    const code = /#(\d{8})\s*$/.exec(text)?.[1];
    assert.ok(code, `a code in the newest text to ${e164}: ${text}`);
    return code;
  };

  /** The code in the newest mail to the address, from the development mail inbox (`/dev/mail.json`, newest first). */
  const codeFromMail = async (context: BrowserContext, email: string): Promise<string> => {
    await drainMail(t);
    const mails = (await (await context.request.get(`/dev/mail.json?to=${encodeURIComponent(email)}`)).json()) as { text: string }[];
    const code = new RegExp(`(?<![0-9])[0-9]{${t.app.config.otp.length}}(?![0-9])`).exec(mails[0]?.text ?? '')?.[0];
    assert.ok(code, `a code in the newest mail to ${email}`);
    return code;
  };

  const journey = async (x: Texts, email: string, national: string, e164: string, viewport: { width: number; height: number }) => {
    const prefix = `${x.lang}-${viewport.width}`;
    const context = await newContext({ locale: 'sv-SE', viewport });
    const page = await context.newPage();
    const violations = cspViolations(page);

    await page.goto('/');
    assert.match(page.url(), /\/sign-in$/);
    if (x.lang === 'en') {
      // The switcher, remembered in a cookie for every page after it.
      await page.getByRole('link', { name: 'English' }).click();
      assert.match(page.url(), /\/sign-in$/);
    }
    await check(page, `${prefix}-01-sign-in`, x.lang);

    await page.getByRole('link', { name: x.createAccount }).click();
    await check(page, `${prefix}-02-create-account`, x.lang);
    await page.getByLabel(x.email).fill(email);
    await page.getByLabel(x.password).fill(PASSWORD);
    await page.getByRole('button', { name: x.createAccount }).click();
    // The address is proven with the code from its mail before the account signs in.
    await page.getByLabel(x.verifyCode, { exact: true }).waitFor();
    await check(page, `${prefix}-02b-verify-email`, x.lang);
    await page.getByLabel(x.verifyCode, { exact: true }).fill(await codeFromMail(context, email));
    await page.getByRole('button', { name: x.confirm }).click();
    await page.getByRole('heading', { level: 1, name: x.overview }).waitFor();
    await check(page, `${prefix}-03-overview-new`, x.lang);

    await page.getByRole('link', { name: x.edit }).click();
    await page.getByRole('heading', { level: 1, name: x.securityInfo }).waitFor();
    await check(page, `${prefix}-04-security-info-empty`, x.lang);
    await page.getByRole('link', { name: x.add, exact: true }).click();
    await check(page, `${prefix}-05-add-number`, x.lang);
    await page.getByLabel(x.countryCode).selectOption({ label: x.sweden });
    await page.getByLabel(x.number).fill(national);
    await page.getByRole('button', { name: x.save }).click();
    await page.getByLabel(x.verifyCode, { exact: true }).waitFor();
    await check(page, `${prefix}-06-verify-number`, x.lang);
    const verification = await codeFromInbox(context, e164, `${prefix}-07-dev-inbox`, x.lang);
    await page.getByLabel(x.verifyCode, { exact: true }).fill(verification);
    await page.getByRole('button', { name: x.confirm }).click();
    await page.getByText(x.confirmed).waitFor();
    await check(page, `${prefix}-08-security-info-confirmed`, x.lang);

    await page.getByRole('button', { name: x.signOut }).click();
    await page.getByText(x.signedOut).waitFor();
    assert.equal((await context.cookies()).some((c) => c.name === 'ek_session'), false, 'the session cookie is gone');
    await check(page, `${prefix}-09-signed-out`, x.lang);

    await page.getByRole('link', { name: x.getCode }).click();
    await check(page, `${prefix}-10-request-code`, x.lang);
    await page.getByLabel(x.email).fill(email);
    await page.getByLabel(x.place).selectOption({ label: x.sweden });
    await page.getByLabel(x.number).fill(national);
    await page.getByRole('button', { name: x.sendText }).click();
    await page.getByRole('heading', { level: 1, name: x.codeHeading }).waitFor();
    const box = page.getByLabel(x.oneTimeCode);
    assert.deepEqual(
      await box.evaluate((el) => ['type', 'inputmode', 'autocomplete', 'pattern', 'maxlength'].map((a) => el.getAttribute(a))),
      ['text', 'numeric', 'one-time-code', '[0-9\\s\\-]{8,16}', '16'],
    );
    await check(page, `${prefix}-11-enter-code`, x.lang);
    const code = await codeFromInbox(context, e164);
    await box.fill(code);
    await page.getByRole('button', { name: x.signIn, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: x.overview }).waitFor();
    assert.match(await page.locator('main').innerText(), new RegExp(email.replace(/[.+]/g, '\\$&')));
    await check(page, `${prefix}-12-overview-signed-in-with-code`, x.lang);
    await page.getByRole('link', { name: x.activity }).click();
    await page.getByRole('heading', { level: 1, name: x.activity }).waitFor();
    await check(page, `${prefix}-13-recent-activity`, x.lang);
    await page.goBack();

    const session = (await context.cookies()).find((c) => c.name === 'ek_session');
    assert.ok(session, 'signed in by cookie');
    assert.equal(session.expires, -1, 'a one-time-code sign-in is a browser-session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.deepEqual(violations, [], 'nothing refused by the CSP');
    return { context, page };
  };

  let signedInSwedish: { context: BrowserContext; page: Page };

  it('walks the whole journey in Swedish at 320 px: account, number, sign-out, one-time code, overview', async () => {
    signedInSwedish = await journey(swedish, 'karin@example.se', '070-123 45 67', '+46701234567', MOBILE);
  });

  it('walks the whole journey in English on a desktop, chosen with the language switcher', async () => {
    const { context } = await journey(english, 'erik@example.se', '070-123 45 68', '+46701234568', DESKTOP);
    await context.close();
  });

  it('answers a wrong code, and an older code after "send a new code", with the tries left, focused', async () => {
    // The Swedish journey asked for this email and number from this address moments ago.
    t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    const context = await newContext({ locale: 'en-GB', viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto('/sign-in/code');
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'Accept-Language picks English without a cookie');
    await page.getByLabel(english.email).fill('karin@example.se');
    await page.getByLabel(english.place).selectOption('SE');
    await page.getByLabel(english.number).fill('+46 70 123 45 67');
    await page.getByRole('button', { name: english.sendText }).click();
    const older = await codeFromInbox(context, '+46701234567');

    // Straight away is too soon: the page counts down the wait, the button disabled until then.
    await page.getByText(/You can ask for a new code in \d+\ss\./).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Send a new code' }).isDisabled(), true);
    await check(page, 'en-1280-19-wait-before-new-code', 'en');
    t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    await page.reload();
    await page.getByRole('button', { name: 'Send a new code' }).click();
    await page.getByText('We have sent a new code. Use the newest code.').waitFor();
    const newer = await codeFromInbox(context, '+46701234567');
    assert.notEqual(newer, older);

    const wrong = newer.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    for (const [attempt, name, left] of [[wrong, 'en-1280-20-wrong-code', 4], [older, 'en-1280-21-older-code', 3]] as const) {
      await page.getByLabel(english.oneTimeCode).fill(attempt);
      await page.getByRole('button', { name: english.signIn, exact: true }).click();
      const summary = page.locator('[data-error-summary]');
      await summary.waitFor();
      assert.equal(await summary.evaluate((el) => el === el.ownerDocument.activeElement), true, 'focus is on the error summary');
      const message = await page.locator('#code-error').innerText();
      assert.match(message, new RegExp(`The code does not match\\. Check the digits and try again: you have ${left} tries left with this code\\. If you asked for more than one code, use the newest\\.`));
      assert.equal(await page.getByLabel(english.oneTimeCode).getAttribute('aria-invalid'), 'true');
      assert.match((await page.getByLabel(english.oneTimeCode).getAttribute('aria-describedby')) ?? '', /code-error/);
      await check(page, name, 'en');
    }
    // By keyboard alone: from the focused summary to its link, Enter moves to the field, Enter sends.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.getByLabel(english.oneTimeCode).evaluate((el) => el === el.ownerDocument.activeElement), true, 'the summary link leads to the field');
    await page.keyboard.type(newer);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: english.overview }).waitFor();
    await context.close();
  });

  it('says in the text that uses up the day that it is the last code, and the page keeps the general note', async () => {
    const api = apiClient(t);
    const holder = await api.accountWithVerifiedPhone('limit@example.se', 'SE', '070-555 00 01');
    const context = await newContext({ locale: 'sv-SE', viewport: MOBILE });
    const page = await context.newPage();
    // OTP_DAILY_LIMIT is 4 here, for this browser's standing: the fourth text says it is the day's last.
    for (let i = 0; i < 4; i++) {
      await page.goto('/sign-in/code');
      await page.getByLabel(swedish.email).fill('limit@example.se');
      await page.getByLabel(swedish.number).fill('070-555 00 01');
      await page.getByRole('button', { name: swedish.sendText }).click();
      await page.getByRole('heading', { level: 1, name: swedish.codeHeading }).waitFor();
      await t.app.dispatcher.drain();
      t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    }
    const texts = await api.texts(holder.phone.e164);
    assert.match(texts[0] ?? '', /Det här är dagens sista kod\./);
    assert.doesNotMatch(texts[1] ?? '', /sista kod/);
    assert.match(await page.locator('main').innerText(), /Det finns en gräns för hur många gånger du kan begära en kod per dag\./);
    assert.doesNotMatch(await page.locator('main').innerText(), /\d+ koder till/, 'no count of what is left');
    await check(page, 'sv-320-22-daily-limit-note', 'sv');
    await context.close();
  });

  it('refuses a region that is not in the list, at the region field', async () => {
    const context = await newContext({ locale: 'sv-SE', viewport: MOBILE });
    const page = await context.newPage();
    await page.goto('/sign-in/code');
    // The list offers only configured regions; a crafted form may still send another.
    await page.locator('#region').evaluate((select) => {
      const option = select.ownerDocument.createElement('option');
      option.value = 'US';
      option.textContent = 'USA (+1)';
      select.appendChild(option);
    });
    await page.getByLabel(swedish.email).fill('karin@example.se');
    await page.getByLabel(swedish.place).selectOption('US');
    await page.getByLabel(swedish.number).fill('+1 202 555 0143');
    await page.getByRole('button', { name: swedish.sendText }).click();
    await page.locator('#region-error').waitFor();
    assert.match(await page.locator('#region-error').innerText(), /Engångskoder är endast tillgängliga för de platser som visas på listan\./);
    assert.match((await page.getByLabel(swedish.place).getAttribute('aria-describedby')) ?? '', /region-error/);
    await check(page, 'sv-320-23-unsupported-region', 'sv');
    await context.close();
  });

  it('signs in with a one-time code with JavaScript turned off', async () => {
    const context = await newContext({ locale: 'sv-SE', viewport: DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: swedish.getCode }).click();
    await page.getByLabel(swedish.email).fill('karin@example.se');
    await page.getByLabel(swedish.number).fill('0701234567');
    await page.getByRole('button', { name: swedish.sendText }).click();
    const code = await codeFromInbox(context, '+46701234567');
    await page.getByLabel(swedish.oneTimeCode).fill(code.replace(/^\d/, (d) => String((Number(d) + 1) % 10)));
    await page.getByRole('button', { name: swedish.signIn, exact: true }).click();
    const summary = page.locator('[data-error-summary]');
    await summary.waitFor();
    assert.equal(await summary.evaluate((el) => el === el.ownerDocument.activeElement), true, 'autofocus puts focus on the summary without script');
    await page.getByLabel(swedish.oneTimeCode).fill(code);
    await page.getByRole('button', { name: swedish.signIn, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: swedish.overview }).waitFor();
    await context.close();
  });

  it('refuses a form posted from another origin, even though the browser sends the cookies', async () => {
    const { context, page } = signedInSwedish;
    // Same site (localhost), other origin (port): SameSite=Lax lets the cookies through,
    // so what stops it is the Origin check and the CSRF token.
    const port = await freePort();
    const evil: Server = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(`<!doctype html><html lang="en"><title>Prize</title><form method="post" action="${t.base}/account/security/add">
        <input name="region" value="SE"><input name="number" value="070-999 99 99"><button>Claim your prize</button></form>`);
    });
    await new Promise<void>((resolve) => evil.listen(port, '127.0.0.1', resolve));
    try {
      await page.goto(`http://localhost:${port}/`);
      const [response] = await Promise.all([page.waitForResponse(`${t.base}/account/security/add`), page.getByRole('button', { name: 'Claim your prize' }).click()]);
      assert.equal(response.status(), 403);
      await page.getByRole('heading', { level: 1, name: 'Formuläret kunde inte skickas' }).waitFor();
      await check(page, 'sv-320-24-cross-site-post-refused', 'sv');
      await page.goto('/account/security');
      assert.doesNotMatch(await page.locator('main').innerText(), /99 99/);
      assert.match(await page.locator('main').innerText(), /\+46 70 123 45 67/);
    } finally {
      await new Promise((resolve) => evil.close(resolve));
    }
    void context;
  });

  it('asks to sign in again before security info changes once the sign-in is over ten minutes old', async () => {
    const { context, page } = signedInSwedish;
    t.clock.advanceSeconds(11 * 60);
    await page.goto('/account/security');
    await page.getByRole('link', { name: swedish.add, exact: true }).click();
    await page.getByText('Av säkerhetsskäl behöver du logga in igen innan du ändrar din säkerhetsinformation.').waitFor();
    assert.equal(await page.getByLabel(swedish.email).inputValue(), 'karin@example.se');
    await check(page, 'sv-320-25-sign-in-again', 'sv');
    await page.getByLabel(swedish.password).fill(PASSWORD);
    await page.getByRole('button', { name: swedish.signIn, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Lägg till ett mobiltelefonnummer' }).waitFor();
    assert.match(page.url(), /\/account\/security\/add$/);
    await context.close();
  });
});
