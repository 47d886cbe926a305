import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { drainMail } from '../helpers/mail.ts';
import { launchChromium, screenshot, serveTestApp, skipWithoutChromium, type ServedApp, checkPage } from '../helpers/browser.ts';

/**
 * Issue 18 in a real browser (Debian's Chromium), in Swedish and in English: sign up, prove the
 * address with the code from the development mail inbox, add and confirm a number, sign out,
 * "Glömt lösenordet?" with a code by text, a new password, sign in with it, and find the
 * session another browser had before the reset ended. axe-core checks every page.
 */

const PASSWORD = 'en lång mening om hästar';
const NEW_PASSWORD = 'ett helt nytt lösenord om vintern';

interface Texts {
  readonly lang: 'sv' | 'en';
  readonly createAccount: string;
  readonly email: string;
  readonly password: string;
  readonly code: string;
  readonly confirm: string;
  readonly overview: string;
  readonly edit: string;
  readonly add: string;
  readonly countryCode: string;
  readonly sweden: string;
  readonly number: string;
  readonly save: string;
  readonly confirmed: RegExp;
  readonly signOut: string;
  readonly signIn: string;
  readonly forgot: string;
  readonly text: string;
  readonly place: string;
  readonly send: string;
  readonly newPassword: string;
  readonly changed: string;
  readonly signInRequired: string;
}

const swedish: Texts = {
  lang: 'sv',
  createAccount: 'Skapa konto',
  email: 'E-postadress',
  password: 'Lösenord',
  code: 'Kod',
  confirm: 'Bekräfta',
  overview: 'Kontoöversikt',
  edit: 'Redigera säkerhetsinformation',
  add: 'Lägg till',
  countryCode: 'Landskod',
  sweden: 'Sverige (+46)',
  number: 'Mobiltelefonnummer',
  save: 'Spara',
  confirmed: /Numret \+46 70 777 00 01 är bekräftat/,
  signOut: 'Logga ut',
  signIn: 'Logga in',
  forgot: 'Glömt lösenordet?',
  text: 'Textmeddelande',
  place: 'Plats där mobiltelefonnumret är registrerat',
  send: 'Skicka',
  newPassword: 'Nytt lösenord',
  changed: 'Ditt lösenord är ändrat. Logga in med det nya.',
  signInRequired: 'Logga in för att fortsätta.',
};

const english: Texts = {
  lang: 'en',
  createAccount: 'Create account',
  email: 'Email address',
  password: 'Password',
  code: 'Code',
  confirm: 'Confirm',
  overview: 'Account overview',
  edit: 'Edit security info',
  add: 'Add',
  countryCode: 'Country code',
  sweden: 'Sweden (+46)',
  number: 'Mobile phone number',
  save: 'Save',
  confirmed: /The number \+46 70 777 00 02 is confirmed/,
  signOut: 'Sign out',
  signIn: 'Sign in',
  forgot: 'Forgot your password?',
  text: 'Text message',
  place: 'Where the mobile number is registered',
  send: 'Send',
  newPassword: 'New password',
  changed: 'Your password has been changed. Sign in with the new one.',
  signInRequired: 'Sign in to continue.',
};

describe('proven addresses and a new password in a real browser', { skip: skipWithoutChromium, timeout: 180_000 }, () => {
  let t: ServedApp;
  let browser: Browser;

  before(async () => {
    [t, browser] = await Promise.all([serveTestApp(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const check = checkPage;

  /** The newest code in a mail, from the development mail inbox (`/dev/mail.json`, newest first). */
  const codeFromMail = async (context: BrowserContext, email: string): Promise<string> => {
    await drainMail(t);
    const mails = (await (await context.request.get(`/dev/mail.json?to=${encodeURIComponent(email)}`)).json()) as { text: string }[];
    const code = new RegExp(`(?<![0-9])[0-9]{${t.app.config.otp.length}}(?![0-9])`).exec(mails[0]?.text ?? '')?.[0];
    assert.ok(code, `a code in the newest mail to ${email}`);
    return code;
  };

  /** The newest code texted to the number (its WebOTP line), from the development SMS inbox. */
  const codeFromText = async (context: BrowserContext, e164: string): Promise<string> => {
    await t.app.dispatcher.drain();
    const texts = (await (await context.request.get(`/dev/sms.json?to=${encodeURIComponent(e164)}`)).json()) as { body: string }[];
    const code = /#(\d+)\s*$/.exec(texts[0]?.body ?? '')?.[1];
    assert.ok(code, `a code in the newest text to ${e164}`);
    return code;
  };

  const journey = async (x: Texts, email: string, national: string, e164: string) => {
    const prefix = `email-${x.lang}`;
    const context = await browser.newContext({ locale: x.lang === 'sv' ? 'sv-SE' : 'en-GB', viewport: x.lang === 'sv' ? { width: 320, height: 640 } : { width: 1280, height: 860 }, baseURL: t.base });
    const page = await context.newPage();

    await page.goto('/create-account');
    await check(page, `${prefix}-01-create-account`, x.lang);
    await page.getByLabel(x.email).fill(email);
    await page.getByLabel(x.password).fill(PASSWORD);
    await page.getByRole('button', { name: x.createAccount }).click();
    const box = page.getByLabel(x.code, { exact: true });
    await box.waitFor();
    assert.deepEqual(
      await box.evaluate((el) => ['type', 'inputmode', 'autocomplete'].map((a) => el.getAttribute(a))),
      ['text', 'numeric', 'one-time-code'],
    );
    await check(page, `${prefix}-02-verify-email`, x.lang);
    await box.fill(await codeFromMail(context, email));
    await page.getByRole('button', { name: x.confirm }).click();
    await page.getByRole('heading', { level: 1, name: x.overview }).waitFor();

    await page.getByRole('link', { name: x.edit }).click();
    await page.getByRole('link', { name: x.add, exact: true }).click();
    await page.getByLabel(x.countryCode).selectOption({ label: x.sweden });
    await page.getByLabel(x.number).fill(national);
    await page.getByRole('button', { name: x.save }).click();
    await page.getByLabel(x.code, { exact: true }).fill(await codeFromText(context, e164));
    await page.getByRole('button', { name: x.confirm }).click();
    await page.getByText(x.confirmed).waitFor();
    await page.getByRole('button', { name: x.signOut }).click();

    // Another browser, signed in before the reset, whose session the reset must end.
    const other = await browser.newContext({ locale: 'sv-SE', baseURL: t.base });
    const otherPage = await other.newPage();
    await otherPage.goto('/sign-in');
    await otherPage.getByLabel(swedish.email).fill(email);
    await otherPage.getByLabel(swedish.password).fill(PASSWORD);
    await otherPage.getByRole('button', { name: swedish.signIn, exact: true }).click();
    await otherPage.getByRole('heading', { level: 1, name: swedish.overview }).waitFor();

    await page.goto('/sign-in');
    await page.getByRole('link', { name: x.forgot }).click();
    await check(page, `${prefix}-03-forgot-password`, x.lang);
    await page.getByLabel(x.email).fill(email);
    await page.getByLabel(x.text, { exact: true }).check();
    await page.getByLabel(x.place).selectOption({ label: x.sweden });
    await page.getByLabel(x.number).fill(national);
    await page.getByRole('button', { name: x.send, exact: true }).click();
    await page.getByLabel(x.newPassword).waitFor();
    assert.equal(await page.getByLabel(x.newPassword).getAttribute('autocomplete'), 'new-password');
    await check(page, `${prefix}-04-new-password`, x.lang);
    await page.getByLabel(x.code, { exact: true }).fill(await codeFromText(context, e164));
    await page.getByLabel(x.newPassword).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: x.save }).click();
    await page.getByText(x.changed).waitFor();
    await check(page, `${prefix}-05-password-changed`, x.lang);

    await page.getByLabel(x.email).fill(email);
    await page.getByLabel(x.password).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: x.signIn, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: x.overview }).waitFor();

    await otherPage.goto('/account');
    await otherPage.getByText(swedish.signInRequired).waitFor();
    assert.match(otherPage.url(), /\/sign-in\?reason=required/, 'the session from before the reset is ended');
    await other.close();
    await context.close();
  };

  it('signs up, proves the address, and sets a new password by text in Swedish at 320 px', async () => {
    await journey(swedish, 'maja@example.se', '070-777 00 01', '+46707770001');
  });

  it('does the same in English on a desktop', async () => {
    await journey(english, 'olof@example.se', '070-777 00 02', '+46707770002');
  });

  it('shows the unproven sign-in message with a button for a new code, and works without JavaScript', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', javaScriptEnabled: false, baseURL: t.base });
    const page = await context.newPage();
    await page.goto('/create-account');
    await page.getByLabel(swedish.email).fill('sen@example.se');
    await page.getByLabel(swedish.password).fill(PASSWORD);
    await page.getByRole('button', { name: swedish.createAccount }).click();
    await page.getByLabel(swedish.code, { exact: true }).waitFor();
    await page.goto('/sign-in');
    await page.getByLabel(swedish.email).fill('sen@example.se');
    await page.getByLabel(swedish.password).fill(PASSWORD);
    await page.getByRole('button', { name: swedish.signIn, exact: true }).click();
    await page.getByText(/Din e-postadress är inte bekräftad ännu/).waitFor();
    // axe needs script in the page; with it off, the picture alone.
    await screenshot(page, 'email-sv-06-unverified-sign-in');
    t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    await page.getByRole('button', { name: 'Skicka en ny kod' }).click();
    await page.getByText(/Om adressen väntar på att bekräftas har vi skickat en ny kod/).waitFor();
    await page.getByLabel(swedish.code, { exact: true }).fill(await codeFromMail(context, 'sen@example.se'));
    await page.getByRole('button', { name: swedish.confirm }).click();
    await page.getByRole('heading', { level: 1, name: swedish.overview }).waitFor();
    await context.close();
  });
});
