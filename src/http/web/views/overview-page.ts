import { html } from '../html.ts';
import type { PhoneView } from '../../../domain/security-info/security-info-service.ts';
import { format } from '../../../i18n/messages.ts';
import type { PageContext } from '../page-context.ts';
import { displayNumber } from './format.ts';
import { layout } from './layout.ts';

/** "Kontoöversikt": who is signed in, and the way to the security info. */
export function overviewPage(ctx: PageContext, v: { email: string; phones: readonly PhoneView[]; signedInWithCode: boolean }) {
  const t = ctx.t.overview;
  const s = ctx.t.security;
  const phones = v.phones.length
    ? html`<p>${t.phonesIntro}</p>
  <ul class="summary-list">${v.phones.map(
    (p) => html`<li><span class="phone__number">${displayNumber(p.e164)}</span> <span class="badge ${p.verified ? 'badge--ok' : 'badge--pending'}">${p.verified ? s.verified : s.unverified}</span></li>`,
  )}</ul>`
    : html`<p>${t.noPhones}</p>`;
  return layout(ctx, {
    title: t.title,
    width: 'wide',
    body: html`
<h1>${t.title}</h1>
<p class="lead">${format(t.welcome, { email: v.email })}</p>
${v.signedInWithCode && html`<div class="notice" role="status"><p>${t.signedInWithCode}</p></div>`}
<section class="card" aria-labelledby="security-title">
  <h2 id="security-title">${t.securityTitle}</h2>
  ${phones}
  <p><a class="button button--primary" href="/account/security">${t.editSecurityInfo}</a></p>
  <p><a href="/account/activity">${t.activityLink}</a></p>
</section>`,
  });
}
