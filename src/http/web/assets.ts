import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { passkeyJs } from './assets/passkey-js.ts';
import { powJs } from './assets/pow-js.ts';
import { siteCss } from './assets/site-css.ts';
import { siteJs } from './assets/site-js.ts';

const icon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="9" fill="#1f5f5b"/><path d="M8 9.5h16a1.5 1.5 0 0 1 1.5 1.5v9a1.5 1.5 0 0 1-1.5 1.5H14l-4.5 4v-4H8A1.5 1.5 0 0 1 6.5 20v-9A1.5 1.5 0 0 1 8 9.5z" fill="#fff"/><circle cx="11.5" cy="15.5" r="1.6" fill="#1f5f5b"/><circle cx="16" cy="15.5" r="1.6" fill="#1f5f5b"/><circle cx="20.5" cy="15.5" r="1.6" fill="#1f5f5b"/></svg>`;

export interface AssetUrls {
  readonly css: string;
  readonly js: string;
  readonly icon: string;
  /** The proof-of-work widget (npm altcha, its CSP-friendly build), its worker, texts and our glue. */
  readonly altcha: { readonly js: string; readonly css: string; readonly worker: string; readonly sv: string; readonly glue: string };
  /** @simplewebauthn/browser (its UMD bundle, global SimpleWebAuthnBrowser) and our glue, for the passkey pages. */
  readonly passkeys: { readonly js: string; readonly glue: string };
}

interface Asset {
  readonly body: string;
  readonly type: string;
}

/**
 * The stylesheet, script and icon, each under a name with its content hash: pages load them
 * from our own origin (CSP `'self'`, no inline code), and browsers may keep them for a year
 * because a changed file gets a new name.
 */
function hashed(stem: string, extension: string, body: string): [string, string] {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return [`${stem}.${hash}.${extension}`, body];
}

const [cssName] = hashed('site', 'css', siteCss);
const [jsName] = hashed('site', 'js', siteJs);
const [iconName] = hashed('icon', 'svg', icon);

// The "external" build keeps styles and workers out of the script, so no inline code or blob: worker is needed.
const altchaDir = dirname(createRequire(import.meta.url).resolve('altcha/external'));
const altchaFile = (path: string) => readFileSync(join(altchaDir, path), 'utf8');
const altcha = {
  js: hashed('altcha', 'js', altchaFile('altcha.min.js')),
  css: hashed('altcha', 'css', altchaFile('altcha.css')),
  worker: hashed('altcha-sha', 'js', altchaFile('../workers/sha.js')),
  sv: hashed('altcha-sv', 'js', altchaFile('../i18n/sv.js')),
  glue: hashed('pow', 'js', powJs),
};
// The browser library's own bundle, as published: it defines window.SimpleWebAuthnBrowser.
const webauthnDir = dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser'));
const passkeys = {
  js: hashed('simplewebauthn', 'js', readFileSync(join(webauthnDir, '../dist/bundle/index.umd.min.js'), 'utf8')),
  glue: hashed('passkeys', 'js', passkeyJs),
};
const javascript = 'text/javascript; charset=utf-8';

const files = new Map<string, Asset>([
  [cssName, { body: siteCss, type: 'text/css; charset=utf-8' }],
  [jsName, { body: siteJs, type: javascript }],
  [iconName, { body: icon, type: 'image/svg+xml' }],
  ...[altcha.js, altcha.worker, altcha.sv, altcha.glue, passkeys.js, passkeys.glue].map(([name, body]): [string, Asset] => [name, { body, type: javascript }]),
  [altcha.css[0], { body: altcha.css[1], type: 'text/css; charset=utf-8' }],
]);

export const assetUrls: AssetUrls = {
  css: `/assets/${cssName}`,
  js: `/assets/${jsName}`,
  icon: `/assets/${iconName}`,
  altcha: {
    js: `/assets/${altcha.js[0]}`,
    css: `/assets/${altcha.css[0]}`,
    worker: `/assets/${altcha.worker[0]}`,
    sv: `/assets/${altcha.sv[0]}`,
    glue: `/assets/${altcha.glue[0]}`,
  },
  passkeys: { js: `/assets/${passkeys.js[0]}`, glue: `/assets/${passkeys.glue[0]}` },
};

export const assetRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const asset = files.get(request.params.name);
    if (!asset) return reply.callNotFound();
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('cross-origin-resource-policy', 'same-origin')
      .type(asset.type)
      .send(asset.body);
  });
};
