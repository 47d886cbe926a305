import { html, type SafeHtml } from '../html.ts';
import type { PhoneView } from '../../../domain/security-info/security-info-service.ts';
import { format } from '../../../i18n/messages.ts';
import type { WebsiteAccess } from '../../../oidc/consent-service.ts';
import type { PageContext } from '../page-context.ts';
import { button, errorSummary, form, notice } from './components.ts';
import { phoneNumber } from './format.ts';
import { layout } from './layout.ts';
import { formatDate } from './time-zone.ts';

export interface OverviewView {
  readonly email: string;
  readonly phones: readonly PhoneView[];
  readonly signedInWithCode: boolean;
  readonly websites: readonly WebsiteAccess[];
  /** The account's zone, the dates are said in. */
  readonly zone: string;
  readonly notice?: string | undefined;
  /** A refused form of this page ("Ta bort åtkomst" for a website without access). */
  readonly problem?: string | undefined;
}

/** "Kontoöversikt": who is signed in, the way to the security info, and the websites given access. */
export function overviewPage(ctx: PageContext, v: OverviewView) {
  const t = ctx.t.overview;
  const s = ctx.t.security;
  const phones = v.phones.length
    ? html`<p>${t.phonesIntro}</p>
  <ul class="summary-list">${v.phones.map(
    (p) => html`<li><span class="phone__number">${phoneNumber(p.e164)}</span> <span class="badge ${p.verified ? 'badge--ok' : 'badge--pending'}">${p.verified ? s.verified : s.unverified}</span></li>`,
  )}</ul>`
    : html`<p>${t.noPhones}</p>`;
  return layout(ctx, {
    title: t.title,
    width: 'wide',
    body: html`
${errorSummary(ctx, [], v.problem)}
<h1>${t.title}</h1>
<p class="lead">${format(t.welcome, { email: v.email })}</p>
${notice(v.notice)}
${v.signedInWithCode && html`<div class="notice" role="status"><p>${t.signedInWithCode}</p></div>`}
<section class="card" aria-labelledby="security-title">
  <h2 id="security-title">${t.securityTitle}</h2>
  ${phones}
  <p><a class="button button--primary" href="/account/security">${t.editSecurityInfo}</a></p>
  <ul class="summary-list">
    <li><a href="/account/password">${t.passwordLink}</a></li>
    <li><a href="/account/email">${t.emailLink}</a></li>
    <li><a href="/account/sessions">${t.sessionsLink}</a></li>
    <li><a href="/account/activity">${t.activityLink}</a></li>
    <li><a href="/account/export" download="engangskod-export.json" aria-describedby="export-hint">${t.exportLink}</a> <span class="muted" id="export-hint">${t.exportHint}</span></li>
    <li><a href="/account/delete">${t.deleteLink}</a></li>
  </ul>
</section>
${websitesSection(ctx, v.websites, v.zone)}`,
  });
}

/** Each website with what it may know and a "Ta bort åtkomst" form (a plain POST: no script needed). */
function websitesSection(ctx: PageContext, websites: readonly WebsiteAccess[], zone: string): SafeHtml {
  const t = ctx.t.overview;
  const w = ctx.t.website;
  const describe: Record<string, string> = { openid: w.scopeOpenid, email: w.scopeEmail, phone: w.scopePhone, offline_access: w.scopeOfflineAccess };
  const items = websites.map(
    (site) => html`<li class="website">
    <h3>${site.clientName}</h3>
    <p>${t.websiteMayKnow}</p>
    <ul class="summary-list">${site.scopes.flatMap((scope) => (describe[scope] ? [html`<li>${describe[scope]}</li>`] : []))}</ul>
    <p class="muted">${format(t.websiteGiven, { date: formatDate(ctx, site.givenAt, zone) })}</p>
    ${form(ctx, `/account/websites/${encodeURIComponent(site.clientId)}/withdraw`, button(t.withdrawAccess, 'secondary', html` aria-label="${format(t.withdrawAccessFor, { client: site.clientName })}"`))}
  </li>`,
  );
  return html`<section class="card" aria-labelledby="websites-title">
  <h2 id="websites-title">${t.websitesTitle}</h2>
  ${websites.length > 0 ? html`<p>${t.websitesIntro}</p><ul class="websites">${items}</ul>` : html`<p>${t.noWebsites}</p>`}
</section>`;
}
