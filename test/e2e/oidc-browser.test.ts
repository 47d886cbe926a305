import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startRelyingParty, type RunningRelyingParty } from '../../examples/relying-party/relying-party.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { apiClient } from '../helpers/api-client.ts';
import { freePort, launchChromium, screenshot, serveTestApp, skipWithoutChromium, type ServedApp, checkPage } from '../helpers/browser.ts';

/**
 * A website signing people in through Engångskod, in a real browser (Debian's Chromium): the
 * example relying party's "Sign in with Engångskod", a one-time-code sign-in on our pages with
 * the code read from the development inbox, back on the website with the claims, and "Sign out"
 * there, which signs out of Engångskod too. Once in Swedish (the default) and once in English,
 * asked for by the website with ui_locales. Each of our pages is checked with axe-core and kept
 * as a screenshot under test-artifacts/web/.
 */

const CLIENT_ID = 'example';
/** A website that is not ours, which the person is asked about once (issue 23). */
const SHOP_ID = 'shop';
const SHOP_NAME = 'Butiken';
const CLIENT_SECRET = 'an-example-client-secret-of-more-than-32-characters';
const CLIENT_NAME = 'Example';
const EMAIL = 'rp-browser@example.se';
const NATIONAL = '070-123 45 67';
const E164 = '+46701234567';

interface Texts {
  readonly lang: 'sv' | 'en';
  /** The notice on the sign-in page when a website sent the person. */
  readonly signInTo: string;
  readonly getCode: string;
  readonly email: string;
  readonly place: string;
  readonly sweden: string;
  readonly number: string;
  readonly sendText: string;
  readonly codeHeading: string;
  readonly oneTimeCode: string;
  readonly signIn: string;
  readonly continuing: string;
  readonly continueLink: string;
  readonly logoutTitle: string;
  readonly logoutYes: string;
  readonly signInHeading: string;
}

const swedish: Texts = {
  lang: 'sv',
  signInTo: `Logga in för att fortsätta till ${CLIENT_NAME}.`,
  getCode: 'Hämta en engångskod att logga in med',
  email: 'E-postadress',
  place: 'Plats där mobiltelefonnumret är registrerat',
  sweden: 'Sverige (+46)',
  number: 'Mobiltelefonnummer',
  sendText: 'Skicka textmeddelande',
  codeHeading: 'Ange engångskoden',
  oneTimeCode: 'Engångskod',
  signIn: 'Logga in',
  continuing: `Fortsätter till ${CLIENT_NAME}`,
  continueLink: `Fortsätt till ${CLIENT_NAME}`,
  logoutTitle: 'Logga ut från Engångskod också?',
  logoutYes: 'Ja, logga ut mig',
  signInHeading: 'Logga in',
};

const english: Texts = {
  lang: 'en',
  signInTo: `Sign in to continue to ${CLIENT_NAME}.`,
  getCode: 'Get a one-time code to sign in with',
  email: 'Email address',
  place: 'Where the mobile number is registered',
  sweden: 'Sweden (+46)',
  number: 'Mobile phone number',
  sendText: 'Send text message',
  codeHeading: 'Enter your one-time code',
  oneTimeCode: 'One-time code',
  signIn: 'Sign in',
  continuing: `Continuing to ${CLIENT_NAME}`,
  continueLink: `Continue to ${CLIENT_NAME}`,
  logoutTitle: 'Sign out of Engångskod too?',
  logoutYes: 'Yes, sign me out',
  signInHeading: 'Sign in',
};

describe('a website signing people in with Engångskod, in a real browser', { skip: skipWithoutChromium, timeout: 60_000 }, () => {
  let t: ServedApp;
  let browser: Browser;
  let rp: RunningRelyingParty;
  let shop: RunningRelyingParty;
  let accountId: string;

  before(async () => {
    // The website's address goes into its registration, so its port is chosen before either starts.
    const rpPort = await freePort();
    const rpUrl = `http://localhost:${rpPort}`;
    const shopPort = await freePort();
    const shopUrl = `http://localhost:${shopPort}`;
    const clients = [
      { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, client_name: CLIENT_NAME, redirect_uris: [`${rpUrl}/callback`], post_logout_redirect_uris: [`${rpUrl}/`], first_party: true },
      { client_id: SHOP_ID, client_secret: CLIENT_SECRET, client_name: SHOP_NAME, redirect_uris: [`${shopUrl}/callback`], post_logout_redirect_uris: [`${shopUrl}/`], first_party: false },
    ];
    // The provider keeps real time (its tokens are read by a real website), so the app does too;
    // the journeys ask for codes for one email and number back to back, so no resend wait.
    const settings = { OIDC_CLIENTS: JSON.stringify(clients), CODE_RESEND_SECONDS: '0' };
    [t, browser] = await Promise.all([serveTestApp(settings, { clock: systemClock }), launchChromium()]);
    accountId = (await apiClient(t).accountWithVerifiedPhone(EMAIL, 'SE', NATIONAL)).id;
    rp = await startRelyingParty({ issuer: t.base, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, port: rpPort, publicUrl: rpUrl });
    shop = await startRelyingParty({ issuer: t.base, clientId: SHOP_ID, clientSecret: CLIENT_SECRET, port: shopPort, publicUrl: shopUrl });
    assert.equal(rp.url, rpUrl);
  });
  after(async () => {
    await browser?.close();
    await rp?.close();
    await shop?.close();
    await t?.close();
  });

  /** One of our pages: the language it should be in, axe, and a screenshot. */
  const check = checkPage;

  const onWebsite = (path: string) => (url: URL) => url.origin === rp.url && url.pathname === path;
  const onEngangskod = (path: string) => (url: URL) => url.origin === t.base && url.pathname === path;

  /** The rows of the first table on the website's signed-in page (the ID token's claims), by name. */
  const idTokenClaims = async (page: Page): Promise<Record<string, string>> => {
    const rows = await page.locator('table').first().locator('tr:has(th[scope="row"])').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? ''] as const),
    );
    return Object.fromEntries(rows);
  };

  const journey = async (x: Texts) => {
    const prefix = `oidc-${x.lang}`;
    // The browser asks for Swedish either way: English comes only from the website's ui_locales.
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const refusedByCsp: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) refusedByCsp.push(message.text());
    });

    await page.goto(x.lang === 'en' ? `${rp.url}/?lang=en` : `${rp.url}/`);
    await page.getByRole('button', { name: 'Sign in with Engångskod' }).click();
    await page.waitForURL(onEngangskod('/sign-in'));
    assert.match(new URL(page.url()).searchParams.get('return_to') ?? '', /^\/oidc\/interaction\//, 'the sign-in page knows where to go on');
    await page.getByText(x.signInTo).waitFor();
    await check(page, `${prefix}-01-sign-in`, x.lang);

    await page.getByRole('link', { name: x.getCode }).click();
    await page.waitForURL(onEngangskod('/sign-in/code'));
    await check(page, `${prefix}-02-request-code`, x.lang);
    await page.getByLabel(x.email).fill(EMAIL);
    await page.getByLabel(x.place).selectOption({ label: x.sweden });
    await page.getByLabel(x.number).fill(NATIONAL);
    await page.getByRole('button', { name: x.sendText }).click();
    await page.getByRole('heading', { level: 1, name: x.codeHeading }).waitFor();
    await check(page, `${prefix}-03-enter-code`, x.lang);

    // The dispatcher does not run by itself in test apps: hand the text over, then read the code.
    const code = await apiClient(t).latestCode(E164);
    assert.match(code, /^\d{8}$/);
    await page.getByLabel(x.oneTimeCode).fill(code);
    // After the code: back to the website, not to our own account overview (where a sign-in that
    // forgot the website would end).
    const wentOn = (where: string) => `the code sign-in goes on to the website, not to ${where}`;
    // The hop back is a page of ours with a meta refresh, gone as soon as it is drawn.
    if (x.lang === 'sv') {
      // As it happens: the refresh goes on by itself, and what is left to see of the page is its answer.
      const documents: string[] = [];
      page.on('response', (r) => {
        if (r.request().isNavigationRequest()) documents.push(`${r.status()} ${new URL(r.url()).pathname}`);
      });
      await page.getByRole('button', { name: x.signIn, exact: true }).click();
      await page.waitForURL((url) => onWebsite('/')(url) || onEngangskod('/account')(url));
      assert.ok(onWebsite('/')(new URL(page.url())), wentOn(page.url()));
      assert.ok(documents.some((d) => /^200 \/oidc\/interaction\//.test(d)), `passed through "${x.continuing}": ${documents.join(', ')}`);
    } else {
      // Held: the refresh is answered with 204 No Content, which leaves the browser on the page to
      // be checked; then its link goes on to the same address, as for a browser that does not refresh.
      let refreshedTo: (url: string) => void = () => {};
      const refreshed = new Promise<string>((resolve) => (refreshedTo = resolve));
      await page.route(`${t.base}/oidc/auth/**`, (route) => {
        refreshedTo(route.request().url());
        return route.fulfill({ status: 204 });
      });
      await page.getByRole('button', { name: x.signIn, exact: true }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/oidc/interaction/') || onEngangskod('/account')(url));
      assert.match(new URL(page.url()).pathname, /^\/oidc\/interaction\//, wentOn(page.url()));
      const resume = await refreshed;
      await page.unrouteAll();
      await page.getByRole('heading', { level: 1, name: x.continuing }).waitFor();
      await check(page, `${prefix}-04-continuing`, x.lang);
      const link = page.getByRole('link', { name: x.continueLink });
      assert.equal(new URL((await link.getAttribute('href')) ?? '', page.url()).href, resume, 'the link goes where the refresh went');
      await link.click();
      await page.waitForURL(onWebsite('/'));
    }
    await page.getByRole('heading', { level: 1, name: 'Signed in' }).waitFor();
    const claims = await idTokenClaims(page);
    assert.equal(claims.sub, accountId);
    assert.equal(claims.email, EMAIL);
    assert.equal(claims.phone_number, E164);
    assert.equal(claims.phone_number_verified, 'true');
    const amr = JSON.parse(claims.amr ?? '[]') as string[];
    assert.ok(amr.includes('otp') && amr.includes('sms'), `amr says one-time code by text: ${claims.amr}`);
    assert.equal(claims.acr, 'urn:engangskod:acr:sms-otp');
    assert.match(await page.locator('body').innerText(), /Userinfo response[\s\S]*rp-browser@example\.se/, 'the userinfo request agrees');
    await screenshot(page, `${prefix}-05-website-signed-in`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(onEngangskod('/oidc/session/end'));
    await page.getByRole('heading', { level: 1, name: x.logoutTitle }).waitFor();
    await check(page, `${prefix}-06-sign-out-too`, x.lang);
    await page.getByRole('button', { name: x.logoutYes }).click();
    await page.waitForURL(onWebsite('/'));
    await page.getByRole('button', { name: 'Sign in with Engångskod' }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 1, name: 'Signed in' }).count(), 0, 'signed out on the website');
    await screenshot(page, `${prefix}-07-website-signed-out`);

    // Signed out of Engångskod too: its own pages ask for a sign-in again.
    assert.equal((await context.cookies(t.base)).some((c) => c.name === 'ek_session'), false, 'the session cookie is gone');
    await page.goto(`${t.base}/account`);
    await page.waitForURL(onEngangskod('/sign-in'));
    await page.getByRole('heading', { level: 1, name: x.signInHeading }).waitFor();

    assert.deepEqual(refusedByCsp, [], 'nothing refused by the CSP');
    await context.close();
  };

  it('signs in on the example website with a one-time code in Swedish, and signs out of both', async () => {
    await journey(swedish);
  });

  it('shows our pages in English when the website asks with ui_locales=en', async () => {
    await journey(english);
  });

  it('asks once about a website that is not ours, even after the browser is closed; "Ta bort åtkomst" on the account page asks again', async () => {
    const onShop = (path: string) => (url: URL) => url.origin === shop.url && url.pathname === path;
    const signInAtShop = async (page: Page) => {
      await page.goto(`${shop.url}/`);
      await page.getByRole('button', { name: 'Sign in with Engångskod' }).click();
    };
    const first = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 860 } });
    const page = await first.newPage();
    await signInAtShop(page);
    await page.waitForURL(onEngangskod('/sign-in'));
    await page.getByLabel('E-postadress').fill(EMAIL);
    await page.getByLabel('Lösenord', { exact: true }).fill('correct horse battery staple');
    await page.getByLabel('Håll mig inloggad').check();
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Dela dina uppgifter med ${SHOP_NAME}?` }).waitFor();
    await check(page, 'oidc-sv-08-consent', 'sv');
    await page.getByRole('button', { name: 'Tillåt', exact: true }).click();
    await page.waitForURL(onShop('/'));
    await page.getByRole('heading', { level: 1, name: 'Signed in' }).waitFor();

    // Closed and opened again: the cookies meant to last ("Håll mig inloggad") are all that is left.
    const lasting = await first.storageState();
    await first.close();
    const second = await browser.newContext({
      locale: 'sv-SE',
      viewport: { width: 1280, height: 860 },
      storageState: { ...lasting, cookies: lasting.cookies.filter((cookie) => cookie.expires > 0) },
    });
    const again = await second.newPage();
    const documents: string[] = [];
    again.on('response', (r) => {
      if (r.request().isNavigationRequest()) documents.push(new URL(r.url()).pathname);
    });
    await signInAtShop(again);
    await again.waitForURL(onShop('/'));
    await again.getByRole('heading', { level: 1, name: 'Signed in' }).waitFor();
    assert.equal((await idTokenClaims(again)).sub, accountId);
    assert.ok(!documents.some((d) => d.startsWith('/sign-in')), `no sign-in page: ${documents.join(', ')}`);
    assert.equal(await again.getByText(`Dela dina uppgifter med ${SHOP_NAME}?`).count(), 0);

    await again.goto(`${t.base}/account`);
    await again.getByRole('heading', { level: 2, name: 'Webbplatser du har gett tillgång' }).waitFor();
    await check(again, 'oidc-sv-09-account-websites', 'sv');
    await again.getByRole('button', { name: `Ta bort åtkomst för ${SHOP_NAME}` }).click();
    await again.getByText('Webbplatsen har inte längre tillgång.', { exact: false }).waitFor();
    await check(again, 'oidc-sv-10-access-removed', 'sv');

    // The website forgets the person (its own cookie), sends them to sign in, and the question is back.
    await second.clearCookies({ name: 'example_rp_session' });
    await signInAtShop(again);
    await again.getByRole('heading', { level: 1, name: `Dela dina uppgifter med ${SHOP_NAME}?` }).waitFor();
    await second.close();
  });
});
