import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { provenAccount } from '../helpers/accounts.ts';
import { codeIn } from '../helpers/api-client.ts';
import { latestMail, latestMailLink } from '../helpers/mail.ts';
import { launchChromium, serveTestApp, skipWithoutChromium, type ServedApp, checkPage } from '../helpers/browser.ts';

/**
 * Issue 19 (item 2) in a real browser (Debian's Chromium), in Swedish at 320 px and in English on
 * a desktop: change the email with the code mailed to the new address, find another browser
 * signed out, then undo the change from the old address's link and find every browser signed out.
 * axe-core checks every page.
 */

const PASSWORD = 'en lång mening om hästar';

const texts = {
  sv: {
    email: 'E-postadress', password: 'Lösenord', signIn: 'Logga in', overview: 'Kontoöversikt',
    changeEmail: 'Byt e-postadress', newEmail: 'Ny e-postadress', send: 'Skicka kod', code: 'Kod', confirmTitle: 'Bekräfta den nya adressen',
    changed: 'Din e-postadress är bytt.', signedInAs: 'Du är inloggad som {email}.', signInRequired: 'Logga in för att fortsätta.',
    undoTitle: 'Ångra bytet av e-postadress?', undo: 'Ångra bytet', undone: 'Bytet är ångrat', newPassword: 'Välj ett nytt lösenord', linkDead: 'Länken fungerar inte',
  },
  en: {
    email: 'Email address', password: 'Password', signIn: 'Sign in', overview: 'Account overview',
    changeEmail: 'Change email address', newEmail: 'New email address', send: 'Send code', code: 'Code', confirmTitle: 'Confirm the new address',
    changed: 'Your email address is changed.', signedInAs: 'You are signed in as {email}.', signInRequired: 'Sign in to continue.',
    undoTitle: 'Undo the change of email address?', undo: 'Undo the change', undone: 'The change is undone', newPassword: 'Choose a new password', linkDead: 'The link does not work',
  },
} as const;

describe('changing the email and undoing it in a real browser', { skip: skipWithoutChromium, timeout: 180_000 }, () => {
  let t: ServedApp;
  let browser: Browser;

  before(async () => {
    [t, browser] = await Promise.all([serveTestApp(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const newContext = (lang: 'sv' | 'en') =>
    browser.newContext({ locale: lang === 'sv' ? 'sv-SE' : 'en-GB', viewport: lang === 'en' ? { width: 1280, height: 860 } : { width: 320, height: 640 }, baseURL: t.base });

  const signedIn = async (lang: 'sv' | 'en', email: string): Promise<{ context: BrowserContext; page: Page }> => {
    const x = texts[lang];
    const context = await newContext(lang);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel(x.email).fill(email);
    await page.getByLabel(x.password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: x.signIn, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: x.overview }).waitFor();
    return { context, page };
  };

  const journey = async (lang: 'sv' | 'en', from: string, to: string) => {
    const x = texts[lang];
    const prefix = `email-change-${lang}`;
    await provenAccount(t, from, PASSWORD);
    const other = await signedIn(lang, from);
    const { context, page } = await signedIn(lang, from);

    await page.getByRole('link', { name: x.changeEmail }).click();
    await page.getByRole('heading', { level: 1, name: x.changeEmail }).waitFor();
    await checkPage(page, `${prefix}-01-new-address`, lang);
    await page.getByLabel(x.newEmail).fill(to);
    await page.getByRole('button', { name: x.send }).click();
    await page.getByRole('heading', { level: 1, name: x.confirmTitle }).waitFor();
    await checkPage(page, `${prefix}-02-code`, lang);
    await page.getByLabel(x.code, { exact: true }).fill(codeIn((await latestMail(t, to)).text));
    await page.getByRole('button', { name: x.changeEmail }).click();
    await page.getByText(x.changed).waitFor();
    await page.getByText(x.signedInAs.replace('{email}', to)).waitFor();
    await checkPage(page, `${prefix}-03-changed`, lang);
    await other.page.goto('/account');
    await other.page.getByText(x.signInRequired).waitFor();
    await other.context.close();

    // The old address's mail, opened in a browser of its own: it asks first, then undoes.
    const mailbox = await newContext(lang);
    const undo = await mailbox.newPage();
    await undo.goto(await latestMailLink(t, from, '/account/email/undo'));
    await undo.getByRole('heading', { level: 1, name: x.undoTitle }).waitFor();
    await checkPage(undo, `${prefix}-04-undo-question`, lang);
    assert.equal((await t.app.storage.accounts.findByEmail(to))?.email, to, 'opening the link changed nothing');
    const link = undo.url();
    await undo.getByRole('button', { name: x.undo }).click();
    await undo.getByRole('heading', { level: 1, name: x.undone }).waitFor();
    await undo.getByRole('link', { name: x.newPassword }).waitFor();
    await checkPage(undo, `${prefix}-05-undone`, lang);
    await undo.goto(link);
    await undo.getByRole('heading', { level: 1, name: x.linkDead }).waitFor();
    await mailbox.close();

    await page.goto('/account');
    await page.getByText(x.signInRequired).waitFor();
    await context.close();
    const back = await signedIn(lang, from);
    await back.page.getByText(x.signedInAs.replace('{email}', from)).waitFor();
    await back.context.close();
  };

  it('changes the email and undoes it from the old address in Swedish at 320 px', async () => {
    await journey('sv', 'flytt@example.se', 'flyttad@example.se');
  });

  it('does the same in English on a desktop', async () => {
    await journey('en', 'move@example.se', 'moved@example.se');
  });
});
