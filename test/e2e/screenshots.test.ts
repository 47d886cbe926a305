import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Browser, Page, Response } from 'playwright-core';
import { provenAccount } from '../helpers/accounts.ts';
import { apiClient, codeIn } from '../helpers/api-client.ts';
import { launchChromium, serveTestApp, skipWithoutChromium, type ServedApp } from '../helpers/browser.ts';
import { latestMailLink } from '../helpers/mail.ts';
import { SoftwareAuthenticator } from '../helpers/software-authenticator.ts';

/**
 * Screenshot regression: every page a person reaches, at 320 and 1280 px, in Swedish and
 * English, in the light and the dark scheme, compared with the images committed under
 * test/screenshots/, so a layout break fails the suite. Without JavaScript (the countdown would
 * change the picture), on the test clock and with one browser name, so every run draws the same
 * page. `UPDATE_SCREENSHOTS=1 npm test -- test/e2e/screenshots` writes new images after a
 * deliberate change; look at them before committing.
 */

const dir = join(new URL('../..', import.meta.url).pathname, 'test', 'screenshots');
const update = process.env.UPDATE_SCREENSHOTS === '1';
// Anti-aliasing differs a little between runs and machines; a layout break moves far more.
const MAX_CHANGED = 0.002;

const widths = { 320: { width: 320, height: 640 }, 1280: { width: 1280, height: 860 } } as const;
// The sessions and activity pages name the browser: one name, not the installed Chromium's version.
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
// The account made on a phone, as the activity and sessions pages then name it.
const PHONE_AGENT = { 'user-agent': 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0' };
const PASSWORD = 'correct horse battery staple';
// A website not run by us, so the person is asked before it learns anything (issue 23).
const WEBSITE = { client_id: 'shop', client_secret: 'a-client-secret-of-more-than-32-characters', client_name: 'Butiken', redirect_uris: ['http://localhost:4998/callback'], first_party: false };
// Fixed, not random, so every run asks the same: the pages show none of it.
const AUTHORIZE = `/oidc/auth?${new URLSearchParams({
  client_id: WEBSITE.client_id, redirect_uri: WEBSITE.redirect_uris[0]!, response_type: 'code', scope: 'openid email phone',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', state: 'state', nonce: 'nonce',
})}`;
const languages = { sv: { locale: 'sv-SE', email: 'E-postadress', password: 'Lösenord', number: 'Mobiltelefonnummer', send: 'Skicka textmeddelande', code: 'Engångskod', signIn: 'Logga in' }, en: { locale: 'en-GB', email: 'Email address', password: 'Password', number: 'Mobile phone number', send: 'Send text message', code: 'One-time code', signIn: 'Sign in' } } as const;

function compare(name: string, actual: Buffer): void {
  const file = join(dir, `${name}.png`);
  if (update || !existsSync(file)) {
    assert.ok(update, `${file} is missing: run with UPDATE_SCREENSHOTS=1 to make it`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  const committed = readFileSync(file);
  // The same bytes are the same picture: most are, and decoding two images to compare costs more.
  if (committed.equals(actual)) return;
  const want = PNG.sync.read(committed);
  const got = PNG.sync.read(actual);
  assert.deepEqual([got.width, got.height], [want.width, want.height], `${name}: the page's size changed`);
  const changed = pixelmatch(want.data, got.data, null, want.width, want.height, { threshold: 0.1 });
  assert.ok(changed / (want.width * want.height) <= MAX_CHANGED, `${name}: ${changed} pixels changed`);
}

describe('screenshots of every page', { skip: skipWithoutChromium, timeout: 300_000 }, () => {
  let t: ServedApp;
  /** One with a free allowance of one code request an hour, past which its form asks for a proof of work. */
  let limited: ServedApp;
  let browser: Browser;

  before(async () => {
    // Eight picture sets send some 40 texts to one prefix within the test clock's minute.
    const limits = { IP_LIMIT_PER_HOUR: '100000', PREFIX_LIMIT_PER_HOUR: '100000', SMS_GUARD_MIN_TEXTS: '100000', OIDC_CLIENTS: JSON.stringify([WEBSITE]) };
    // Behind a proxy on loopback, so each picture set can come from an address of its own.
    [t, limited, browser] = await Promise.all([serveTestApp(limits), serveTestApp({ IP_LIMIT_PER_HOUR: '1', TRUST_PROXY: 'loopback' }), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await limited?.close();
  });

  const shoot = async (page: Page, name: string) => compare(name, await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' }));

  /**
   * An account with a confirmed number, made as a person would, a second apart on the test clock:
   * the activity and sessions pages list things newest first, and things at the same moment in
   * no fixed order.
   */
  const holderOf = async (email: string, number: string) => {
    const api = apiClient(t);
    await provenAccount(t, email, PASSWORD);
    const { body: session } = await api.post('/api/v1/sessions', { email, password: PASSWORD }, { headers: PHONE_AGENT });
    t.clock.advanceSeconds(1);
    const { body: phone } = await api.post('/api/v1/me/phones', { region: 'SE', number }, { token: session.token, headers: PHONE_AGENT });
    t.clock.advanceSeconds(1);
    const code = await api.latestCode(phone.e164);
    const verified = await api.post(`/api/v1/me/phones/${phone.id}/verify`, { code }, { token: session.token, headers: PHONE_AGENT });
    assert.equal(verified.status, 200, verified.raw);
    t.clock.advanceSeconds(1);
    return { id: phone.id as string, e164: phone.e164 as string, token: session.token as string };
  };

  /** A picture set's browser: no script, the test clock's pages, one browser name. */
  const newPage = async (lang: 'sv' | 'en', width: 320 | 1280, colorScheme: 'light' | 'dark', suffix: string) => {
    const context = await browser.newContext({ locale: languages[lang].locale, viewport: widths[width], colorScheme, javaScriptEnabled: false, baseURL: t.base, userAgent: USER_AGENT });
    const page = await context.newPage();
    /** Goes to `path` (or makes the click that navigates), checks the status the page lands with, and shoots it. */
    const visit = async (path: string | (() => Promise<unknown>), name: string, status = 200) => {
      const landed = (r: Response) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400);
      const response = typeof path === 'string' ? await page.goto(path) : (await Promise.all([page.waitForResponse(landed), path()]))[0];
      await page.waitForLoadState();
      assert.equal(response?.status(), status, `${name}: ${response?.url()}`);
      await shoot(page, `${name}-${suffix}`);
    };
    return { context, page, visit };
  };

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
        const another = `070-123 46 ${String(serial).padStart(2, '0')}`;
        const clientIp = `198.51.100.${serial}`;
        it(`match at ${width} px in ${lang}, ${colorScheme}`, async () => {
          const x = languages[lang];
          const phone = await holderOf(email, number);
          const { context, page, visit } = await newPage(lang, width, colorScheme, suffix);
          // Signed out: signing in, signing up, a new password, and the pages that say something went wrong.
          for (const path of ['/sign-in', '/sign-in/code', '/create-account', '/forgot-password']) await visit(path, path.slice(1).replaceAll('/', '-'));
          const address = encodeURIComponent(email);
          await visit(`/verify-email?email=${address}`, 'verify-email');
          await visit(`/forgot-password/code?email=${address}&via=mail`, 'forgot-password-code');
          await visit('/account/email/undo?code=bcdfghjk', 'email-link-invalid', 404);
          await visit('/account-deleted', 'account-deleted');
          await visit('/finns-inte', 'not-found', 404);

          await page.goto('/sign-in/code');
          await page.getByLabel(x.email).fill(email);
          await page.getByLabel(x.number).fill(number);
          await page.getByRole('button', { name: x.send }).click();
          await page.getByLabel(x.code, { exact: true }).waitFor();
          await shoot(page, `enter-code-${suffix}`);
          const code = await apiClient(t).latestCode(phone.e164);
          await page.getByLabel(x.code, { exact: true }).fill(code.replace(/\d$/, (d) => String((Number(d) + 1) % 10)));
          await page.getByRole('button', { name: x.signIn, exact: true }).click();
          await page.locator('[data-error-summary]').waitFor();
          await shoot(page, `wrong-code-${suffix}`);
          // A second on, so the activity lists the sign-in above the code request, not in either order.
          t.clock.advanceSeconds(1);
          await page.getByLabel(x.code, { exact: true }).fill(code);
          await page.getByRole('button', { name: x.signIn, exact: true }).click();
          await page.waitForURL('**/account');
          await shoot(page, `account-${suffix}`);
          await visit('/account/security', 'security-info');

          // Signed in (within ten minutes, so the security info can change): every page of the account.
          await visit('/account/password', 'change-password');
          await visit('/account/email', 'change-email');
          await visit(`/account/email/verify?email=${encodeURIComponent(`ny-${email}`)}`, 'change-email-code');
          await visit('/account/sessions', 'sessions');
          await visit('/account/activity', 'activity');
          await visit('/account/delete', 'delete-account');
          await visit('/account/security/passkeys/add', 'add-passkey');
          await visit(`/account/security/phones/${phone.id}/remove`, 'remove-number');
          await visit('/account/security/add', 'add-number');
          await page.locator('#number').fill(another);
          await page.locator('form[action="/account/security/add"] button[type="submit"]').click();
          await page.waitForURL('**/verify');
          await shoot(page, `verify-number-${suffix}`);
          // A passkey added on another device (through the API, as a phone's browser would), removed here.
          const options = await apiClient(t).post('/api/v1/me/passkeys/options', undefined, { token: phone.token });
          const passkey = await apiClient(t).post('/api/v1/me/passkeys?name=Min%20telefon', new SoftwareAuthenticator({ origin: t.base }).create(options.body), { token: phone.token, headers: PHONE_AGENT });
          assert.equal(passkey.status, 201, passkey.raw);
          await visit(`/account/security/passkeys/${passkey.body.id}/remove`, 'remove-passkey');
          await context.close();
        });

        it(`match a website's sign-in pages at ${width} px in ${lang}, ${colorScheme}`, async () => {
          const x = languages[lang];
          const address = `webb-${email}`;
          await provenAccount(t, address, PASSWORD);
          const { context, page, visit } = await newPage(lang, width, colorScheme, suffix);
          // Sent by the website: our sign-in page, naming it.
          await visit(AUTHORIZE, 'website-sign-in');
          // The last page before the website goes on by itself (a meta refresh): that navigation
          // is held (204 leaves the page as it is), so the page stays to be shot.
          let refreshedTo: (url: string) => void = () => {};
          const refreshed = new Promise<string>((resolve) => (refreshedTo = resolve));
          await page.route(`${t.base}/oidc/auth/**`, (route) => {
            refreshedTo(route.request().url());
            return route.fulfill({ status: 204 });
          });
          await page.getByLabel(x.email).fill(address);
          await page.getByLabel(x.password, { exact: true }).fill(PASSWORD);
          await visit(() => page.getByRole('button', { name: x.signIn, exact: true }).click(), 'website-continue');
          const resume = await refreshed;
          await page.unrouteAll();
          // Then the website, not ours, asks what it may know.
          await visit(resume, 'website-consent');
          // The website signs the person out and asks whether to sign out of Engångskod too.
          await visit(`/oidc/session/end?client_id=${WEBSITE.client_id}`, 'website-sign-out');
          await visit(() => page.locator('button[form="op.logoutForm"][value="yes"]').click(), 'website-signed-out');
          // A sign-in step that is over or never was, and a request the provider refuses.
          await visit('/oidc/interaction/finns-inte', 'website-sign-in-over', 400);
          await visit(AUTHORIZE.replace(`client_id=${WEBSITE.client_id}`, 'client_id=finns-inte'), 'website-error', 400);
          await context.close();
        });

        it(`match the pages of a mail's link and past a limit at ${width} px in ${lang}, ${colorScheme}`, async () => {
          const api = apiClient(t);
          const from = `gammal-${email}`;
          const to = `ny-${email}`;
          await provenAccount(t, from, PASSWORD);
          const { body: session } = await api.post('/api/v1/sessions', { email: from, password: PASSWORD });
          // The sign-in's notice goes first, so the newest mail to the old address is the one with the link.
          await api.settle();
          const asked = await api.post('/api/v1/me/email', { email: to }, { token: session.token });
          assert.equal(asked.status, 202, asked.raw);
          const changed = await api.post('/api/v1/me/email/verify', { code: codeIn((await api.latestMail(to)).text) }, { token: session.token });
          assert.equal(changed.status, 200, changed.raw);
          const { page, context, visit } = await newPage(lang, width, colorScheme, suffix);
          // The old address's link: a question first, then the change is undone.
          await visit(await latestMailLink(t, from, '/account/email/undo'), 'email-undo');
          await visit(() => page.locator('form[action="/account/email/undo"] button[type="submit"]').click(), 'email-undone');
          // Past the address's free allowance the request form asks for a proof of work; without
          // script it says so, and the wait. The allowance is spent just before: the throttles keep
          // real time, not the test clock, and the wait said is then a whole hour in every run (the
          // clock time, from the test clock, 11:00).
          const x = languages[lang];
          const spent = await apiClient(limited).post('/api/v1/one-time-codes', { email: 'elev@example.se', region: 'SE', number: '070-555 00 01' }, { headers: { 'x-forwarded-for': clientIp } });
          assert.equal(spent.status, 202, spent.raw);
          await page.route(`${limited.base}/**`, (route) => route.continue({ headers: { ...route.request().headers(), 'x-forwarded-for': clientIp } }));
          await page.goto(`${limited.base}/sign-in/code`);
          await page.getByLabel(x.email).fill('elev@example.se');
          await page.getByLabel(x.number).fill('070-555 00 01');
          await visit(() => page.getByRole('button', { name: x.send }).click(), 'proof-of-work', 429);
          await context.close();
        });
      }
    }
  }
});
