import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { provenAccount } from '../helpers/accounts.ts';
import { launchChromium, serveTestApp, skipWithoutChromium, type ServedApp, checkPage } from '../helpers/browser.ts';

/**
 * Issue 19 (items 1, 3, 4 and 5) in a real browser (Debian's Chromium), in Swedish at 320 px and
 * in English on a desktop: change the password and find another browser signed out, see where one
 * is signed in, sign out one and every other, download one's data, and delete the account after
 * signing in again. axe-core checks every page.
 */

const PASSWORD = 'en lång mening om hästar';
const NEW_PASSWORD = 'ett helt nytt lösenord om vintern';

const texts = {
  sv: {
    email: 'E-postadress', password: 'Lösenord', signIn: 'Logga in', overview: 'Kontoöversikt',
    changePassword: 'Byt lösenord', current: 'Nuvarande lösenord', newPassword: 'Nytt lösenord',
    changed: 'Ditt lösenord är bytt. Du är utloggad överallt annars.', signInRequired: 'Logga in för att fortsätta.',
    sessions: 'Där du är inloggad', thisBrowser: 'Den här webbläsaren', signOut: 'Logga ut', signOutOthers: 'Logga ut överallt annars',
    ended: 'Inloggningen är avslutad.', endedOthers: 'Du är utloggad överallt utom här.', back: 'Tillbaka till kontoöversikten', download: 'Ladda ned dina uppgifter',
    deleteAccount: 'Ta bort kontot', confirmEmail: 'Skriv din e-postadress för att bekräfta', notYourEmail: 'Det är inte e-postadressen till ditt konto.', deleted: 'Kontot är borttaget',
  },
  en: {
    email: 'Email address', password: 'Password', signIn: 'Sign in', overview: 'Account overview',
    changePassword: 'Change password', current: 'Current password', newPassword: 'New password',
    changed: 'Your password is changed. You are signed out everywhere else.', signInRequired: 'Sign in to continue.',
    sessions: 'Where you are signed in', thisBrowser: 'This browser', signOut: 'Sign out', signOutOthers: 'Sign out everywhere else',
    ended: 'That sign-in has ended.', endedOthers: 'You are signed out everywhere but here.', back: 'Back to the account overview', download: 'Download your data',
    deleteAccount: 'Delete account', confirmEmail: 'Type your email address to confirm', notYourEmail: 'That is not the email address of your account.', deleted: 'The account is deleted',
  },
} as const;

describe('account self-service in a real browser', { skip: skipWithoutChromium, timeout: 180_000 }, () => {
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

  const signedIn = async (lang: 'sv' | 'en', email: string, password: string, wide: boolean): Promise<{ context: BrowserContext; page: Page }> => {
    const x = texts[lang];
    const context = await browser.newContext({ locale: lang === 'sv' ? 'sv-SE' : 'en-GB', viewport: wide ? { width: 1280, height: 860 } : { width: 320, height: 640 }, baseURL: t.base, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel(x.email).fill(email);
    await page.getByLabel(x.password, { exact: true }).fill(password);
    await page.getByRole('button', { name: x.signIn, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: x.overview }).waitFor();
    return { context, page };
  };

  const journey = async (lang: 'sv' | 'en', email: string) => {
    const x = texts[lang];
    const prefix = `self-service-${lang}`;
    const wide = lang === 'en';
    await provenAccount(t, email, PASSWORD);
    const other = await signedIn(lang, email, PASSWORD, wide);
    const { context, page } = await signedIn(lang, email, PASSWORD, wide);
    await check(page, `${prefix}-01-overview`, lang);

    await page.getByRole('link', { name: x.changePassword }).click();
    await page.getByRole('heading', { level: 1, name: x.changePassword }).waitFor();
    await check(page, `${prefix}-02-change-password`, lang);
    await page.getByLabel(x.current).fill(PASSWORD);
    await page.getByLabel(x.newPassword).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: x.changePassword }).click();
    await page.getByText(x.changed).waitFor();
    await other.page.goto('/account');
    await other.page.getByText(x.signInRequired).waitFor();
    await other.context.close();

    const third = await signedIn(lang, email, NEW_PASSWORD, wide);
    const fourth = await signedIn(lang, email, NEW_PASSWORD, wide);
    await page.getByRole('link', { name: x.sessions }).click();
    await page.getByText(x.thisBrowser).waitFor();
    await check(page, `${prefix}-03-sessions`, lang);
    // Each other session's button is named for it ("Sign out Chrome 131 on Linux, signed in …"); the header's is plain "Sign out".
    await page.getByRole('button', { name: new RegExp(`^${x.signOut} .+, `) }).first().click();
    await page.getByText(x.ended).waitFor();
    await page.getByRole('button', { name: x.signOutOthers }).click();
    await page.getByText(x.endedOthers).waitFor();
    await check(page, `${prefix}-04-signed-out-elsewhere`, lang);
    for (const elsewhere of [third, fourth]) {
      await elsewhere.page.goto('/account');
      await elsewhere.page.getByText(x.signInRequired).waitFor();
      await elsewhere.context.close();
    }

    await page.getByRole('link', { name: x.back }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: x.download }).click()]);
    assert.equal(download.suggestedFilename(), 'engangskod-export.json');
    const data = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(data.format, 'engangskod-export/1');
    assert.equal(data.account.email, email);
    assert.ok(data.activity.some((entry: { kind: string }) => entry.kind === 'password_changed'));

    // Deleting needs a sign-in within ten minutes: an older one signs in again and comes back.
    t.clock.advanceSeconds(11 * 60);
    await page.getByRole('link', { name: x.deleteAccount }).click();
    await page.getByLabel(x.email).fill(email);
    await page.getByLabel(x.password, { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: x.signIn, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: x.deleteAccount }).waitFor();
    await check(page, `${prefix}-05-delete-account`, lang);
    await page.getByLabel(x.confirmEmail).fill('someone-else@example.se');
    await page.getByRole('button', { name: x.deleteAccount }).click();
    await page.getByText(x.notYourEmail).first().waitFor();
    await check(page, `${prefix}-06-delete-account-wrong-email`, lang);
    await page.getByLabel(x.confirmEmail).fill(email);
    await page.getByRole('button', { name: x.deleteAccount }).click();
    await page.getByRole('heading', { level: 1, name: x.deleted }).waitFor();
    await check(page, `${prefix}-07-account-deleted`, lang);
    await page.goto('/account');
    await page.getByText(x.signInRequired).waitFor();
    assert.equal(await t.app.storage.accounts.findByEmail(email), undefined);
    await context.close();
  };

  it('changes the password, signs out elsewhere, downloads the data and deletes the account in Swedish at 320 px', async () => {
    await journey('sv', 'sjalv@example.se');
  });

  it('does the same in English on a desktop', async () => {
    await journey('en', 'self@example.se');
  });
});
