import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { provenAccount } from '../helpers/accounts.ts';
import { launchChromium, serveTestApp, skipWithoutChromium, type ServedApp, checkPage } from '../helpers/browser.ts';
import { latestMail } from '../helpers/mail.ts';

/**
 * Issue 24 in a real browser (Debian's Chromium) with its virtual authenticator (the DevTools
 * protocol's WebAuthn domain, a platform authenticator with resident keys and user
 * verification): add a passkey, sign out, sign in with it without typing the email, remove it,
 * and be refused with it afterwards; in Swedish at 320 px and in English on a desktop.
 */

const PASSWORD = 'en lång mening om nycklar';

/** What the scripts run in the page use of it (the project's types have no DOM). */
interface BrowserGlobals {
  PublicKeyCredential: { isConditionalMediationAvailable: () => Promise<boolean> };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
}

const texts = {
  sv: {
    email: 'E-postadress', password: 'Lösenord', signIn: 'Logga in', overview: 'Kontoöversikt', security: 'Säkerhetsinformation',
    passkeys: 'Nycklar', addPasskey: 'Lägg till en nyckel', name: 'Namn på nyckeln', add: 'Lägg till', added: 'Nyckeln Min dator är tillagd. Nu kan du logga in med den.',
    signOut: 'Logga ut', passkeySignIn: 'Logga in med en nyckel', remove: 'Ta bort Min dator', confirmRemove: 'Ta bort nyckeln',
    removed: 'Nyckeln är borttagen. Den går inte längre att logga in med.', refused: 'Det gick inte att logga in med nyckeln.', mail: /nyckel/i,
  },
  en: {
    email: 'Email address', password: 'Password', signIn: 'Sign in', overview: 'Account overview', security: 'Security info',
    passkeys: 'Passkeys', addPasskey: 'Add a passkey', name: 'Name of the passkey', add: 'Add', added: 'The passkey Min dator is added. You can now sign in with it.',
    signOut: 'Sign out', passkeySignIn: 'Sign in with a passkey', remove: 'Remove Min dator', confirmRemove: 'Remove the passkey',
    removed: 'The passkey is removed. It no longer signs in.', refused: 'Signing in with the passkey did not work.', mail: /passkey/i,
  },
} as const;

describe('passkeys in a real browser', { skip: skipWithoutChromium, timeout: 180_000 }, () => {
  let t: ServedApp;
  let browser: Browser;

  before(async () => {
    [t, browser] = await Promise.all([serveTestApp(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const journey = async (lang: 'sv' | 'en', email: string) => {
    const x = texts[lang];
    const prefix = `passkeys-${lang}`;
    const wide = lang === 'en';
    await provenAccount(t, email, PASSWORD);
    const context = await browser.newContext({ locale: lang === 'sv' ? 'sv-SE' : 'en-GB', viewport: wide ? { width: 1280, height: 860 } : { width: 320, height: 640 }, baseURL: t.base });
    const page = await context.newPage();
    // A platform authenticator (Touch ID, Windows Hello …) that verifies its user by itself.
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });

    // Chromium's virtual authenticator answers a conditional (autofill) request at once, where a
    // person would pick the passkey from the email field's suggestions; with this flag set in the
    // tab the page sees no autofill, so the button is what signs in.
    await context.addInitScript(() => {
      const w = globalThis as unknown as BrowserGlobals;
      const available = w.PublicKeyCredential.isConditionalMediationAvailable.bind(w.PublicKeyCredential);
      w.PublicKeyCredential.isConditionalMediationAvailable = () => (w.sessionStorage.getItem('no-autofill') ? Promise.resolve(false) : available());
    });
    const autofill = (on: boolean) =>
      page.evaluate((flag) => {
        const { sessionStorage } = globalThis as unknown as BrowserGlobals;
        if (flag) sessionStorage.removeItem('no-autofill');
        else sessionStorage.setItem('no-autofill', '1');
      }, on);

    await page.goto('/sign-in');
    await autofill(false);
    await page.getByLabel(x.email).fill(email);
    await page.getByLabel(x.password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: x.signIn, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: x.overview }).waitFor();

    await page.goto('/account/security');
    await page.getByRole('heading', { level: 2, name: x.passkeys }).waitFor();
    await page.getByRole('link', { name: x.addPasskey }).click();
    await page.getByRole('heading', { level: 1, name: x.addPasskey }).waitFor();
    await checkPage(page, `${prefix}-01-add`, lang);
    await page.getByLabel(x.name).fill('Min dator');
    await page.getByRole('button', { name: x.add, exact: true }).click();
    await page.getByText(x.added).waitFor();
    await checkPage(page, `${prefix}-02-added`, lang);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0]?.isResidentCredential, true, 'a discoverable credential');
    assert.match((await latestMail(t, email)).subject, x.mail);

    await page.getByRole('button', { name: x.signOut, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: x.signIn }).waitFor();
    await checkPage(page, `${prefix}-03-sign-in`, lang);
    // No email typed: the passkey names the account.
    assert.equal(await page.getByLabel(x.email).inputValue(), '');
    await page.getByRole('button', { name: x.passkeySignIn }).click();
    await page.getByRole('heading', { level: 1, name: x.overview }).waitFor();

    // The passkey offered in the email field (conditional mediation) signs in as well.
    await autofill(true);
    await page.getByRole('button', { name: x.signOut, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: x.overview }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/account');
    await autofill(false);

    await page.goto('/account/security');
    await page.getByRole('link', { name: x.remove }).click();
    await page.getByRole('button', { name: x.confirmRemove }).click();
    await page.getByText(x.removed).waitFor();

    // The device still holds the passkey; the service no longer takes it.
    await page.getByRole('button', { name: x.signOut, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: x.signIn }).waitFor();
    await page.getByRole('button', { name: x.passkeySignIn }).click();
    await page.getByText(x.refused).first().waitFor();
    await checkPage(page, `${prefix}-04-refused`, lang);
    await page.goto('/account');
    await page.getByRole('heading', { level: 1, name: x.signIn }).waitFor();
    await context.close();
  };

  it('adds a passkey, signs in with it, removes it and is refused with it, in Swedish at 320 px', async () => {
    await journey('sv', 'nyckel@example.se');
  });

  it('does the same in English on a desktop', async () => {
    await journey('en', 'passkey@example.se');
  });

  it('shows no passkey option without JavaScript', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', baseURL: t.base, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: texts.sv.signIn, exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: texts.sv.passkeySignIn }).count(), 0);
    await context.close();
  });
});
