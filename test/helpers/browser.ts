import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AppOptions } from '../../src/app.ts';
import { startTestApp, type TestApp } from './test-app.ts';

/** Debian's Chromium, installed by `.ci/run` with apt; never a browser Playwright downloads. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Why browser tests skip on a developer's machine without it. In CI (`CI=true`, where
 * `.ci/run` installs it) they never skip: a missing browser fails there.
 */
export const skipWithoutChromium = existsSync(CHROMIUM) || process.env.CI
  ? false
  : `${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` to run the browser tests`;

export async function launchChromium(): Promise<Browser> {
  // Playwright starts it on a fresh temporary profile (user data dir) of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServedApp extends TestApp {
  /** `http://localhost:<port>`: the PUBLIC_URL, so the pages' Origin check sees its own origin. */
  readonly base: string;
}

/** The real app in this process, listening on a random port of the loopback address. */
export async function serveTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<ServedApp> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const t = await startTestApp({ PORT: String(port), PUBLIC_URL: base, ...env }, options);
  await t.app.server.listen({ port, host: '127.0.0.1' });
  return { ...t, base };
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core in the page: no serious or critical violation. It is evaluated through the
 * DevTools protocol, not added as a <script>, so the pages' CSP stays as strict as served.
 */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> }; document: unknown };
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`),
    [],
    `axe on ${label}`,
  );
}

const artifacts = join(new URL('../..', import.meta.url).pathname, 'test-artifacts', 'web');

/** A full-page screenshot under test-artifacts/web/, kept as the run's picture of each page. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** A page as every journey checks it: in the language asked for, accessible, and photographed. */
export async function checkPage(page: Page, name: string, lang: 'sv' | 'en'): Promise<void> {
  assert.equal(await page.getAttribute('html', 'lang'), lang, `${name}: <html lang>`);
  await assertAccessible(page, name);
  await screenshot(page, name);
}
