import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { withReturnTo } from '../return-to.ts';
import { locales } from '../../../i18n/locale.ts';
import { form } from './components.ts';

// The mark: a text-message bubble holding a code's dots. Drawn here, not fetched.
const mark = html`<svg class="brand__mark" aria-hidden="true" focusable="false" viewBox="0 0 32 32" width="32" height="32"><rect width="32" height="32" rx="9" fill="currentColor"/><path d="M8 9.5h16a1.5 1.5 0 0 1 1.5 1.5v9a1.5 1.5 0 0 1-1.5 1.5H14l-4.5 4v-4H8A1.5 1.5 0 0 1 6.5 20v-9A1.5 1.5 0 0 1 8 9.5z" fill="#fff"/><circle cx="11.5" cy="15.5" r="1.6" fill="currentColor"/><circle cx="16" cy="15.5" r="1.6" fill="currentColor"/><circle cx="20.5" cy="15.5" r="1.6" fill="currentColor"/></svg>`;

function languageSwitcher(ctx: PageContext): SafeHtml {
  const items = locales.map((locale) =>
    locale === ctx.locale
      ? html`<li><span lang="${locale}" aria-current="true">${ctx.t.common.languageNames[locale]}</span></li>`
      : html`<li><a lang="${locale}" hreflang="${locale}" href="${withReturnTo(`/language/${locale}`, ctx.path)}">${ctx.t.common.languageNames[locale]}</a></li>`,
  );
  return html`<nav class="languages" aria-label="${ctx.t.common.languageNav}"><ul>${items}</ul></nav>`;
}

export interface PageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  /** Account pages are wider than the narrow sign-in forms. */
  readonly width?: 'narrow' | 'wide';
  /** Extra elements for <head> (the refresh of the page that hands back to a website). */
  readonly head?: SafeHtml;
}

export function layout(ctx: PageContext, o: PageOptions): SafeHtml {
  const signedIn = ctx.signedIn;
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title.replaceAll('\u00AD', '')} – ${ctx.t.common.brand}</title>
<link rel="stylesheet" href="${ctx.assets.css}">
<link rel="icon" href="${ctx.assets.icon}" type="image/svg+xml">
<script src="${ctx.assets.js}" defer></script>
${o.head}
</head>
<body>
<a class="skip-link" href="#main">${ctx.t.common.skipLink}</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="brand" href="/">${mark}<span>${ctx.t.common.brand}</span></a>
    <div class="site-header__tools">
      ${languageSwitcher(ctx)}
      ${signedIn && form(ctx, '/sign-out', html`<button class="link-button" type="submit">${ctx.t.common.signOut}</button>`, { className: 'sign-out' })}
    </div>
  </div>
</header>
<main id="main" class="main main--${o.width ?? 'narrow'}" tabindex="-1">
${o.body}
</main>
<footer class="site-footer"><p>${ctx.t.common.footer}</p></footer>
</body>
</html>
`;
}
