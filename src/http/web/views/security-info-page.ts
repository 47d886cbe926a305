import { formatHtml, html, type SafeHtml } from '../html.ts';
import { mobileNumberFields } from './mobile-number-fields.ts';
import { codeFields } from './code-fields.ts';
import type { RegionView } from '../../../domain/security-info/regions.ts';
import type { PhoneView } from '../../../domain/security-info/security-info-service.ts';
import { format } from '../../../i18n/messages.ts';
import type { PageContext } from '../page-context.ts';
import { button, errorSummary, form, notice, type FieldErrors } from './components.ts';
import { displayNumber, phoneNumber } from './format.ts';
import { layout } from './layout.ts';
import { passkeyScripts, passkeysSection } from './passkey-pages.ts';
import type { PasskeyView } from '../../../domain/passkeys/passkey-service.ts';

/** "Säkerhetsinformation": the numbers, each with its state, and "Lägg till". */
export function securityInfoPage(ctx: PageContext, v: { phones: readonly PhoneView[]; passkeys: readonly PasskeyView[]; regions: readonly RegionView[]; zone: string; notice?: string | SafeHtml }) {
  const t = ctx.t.security;
  const regionName = (code: string) => v.regions.find((r) => r.code === code)?.name ?? code;
  const rows = v.phones.map((p) => {
    const number = displayNumber(p.e164);
    return html`<li class="phone">
    <div>
      <span class="phone__number">${phoneNumber(p.e164)}</span>
      <span class="badge ${p.verified ? 'badge--ok' : 'badge--pending'}">${p.verified ? t.verified : t.unverified}</span>
      <div class="phone__region">${regionName(p.region)}</div>
    </div>
    <div class="phone__actions">
      ${!p.verified && html`<a href="/account/security/phones/${p.id}/verify" aria-label="${format(t.enterCodeFor, { number })}">${t.enterCode}</a>`}
      <a href="/account/security/phones/${p.id}/remove" aria-label="${format(t.removeNumber, { number })}">${t.remove}</a>
    </div>
  </li>`;
  });
  return layout(ctx, {
    title: t.title,
    width: 'wide',
    // Only to tell whether this browser can add a passkey: the section works without it.
    head: passkeyScripts(ctx),
    body: html`
${notice(v.notice)}
<h1>${t.title}</h1>
<p class="lead">${t.intro}</p>
<section class="card" aria-labelledby="phones-title">
  <h2 id="phones-title">${t.phonesTitle}</h2>
  ${v.phones.length ? html`<ul class="phones">${rows}</ul>` : html`<p>${t.noPhones}</p>`}
  <p><a class="button button--primary" href="/account/security/add">${t.add}</a></p>
  <p class="muted">${t.recentSignInNote}</p>
</section>
${passkeysSection(ctx, v.passkeys, v.zone)}
<p><a href="/account">${t.backToOverview}</a></p>`,
  });
}

export interface AddPhoneView {
  readonly regions: readonly RegionView[];
  readonly region?: string;
  readonly number?: string;
  readonly errors?: FieldErrors;
  readonly problem?: string;
}

/** "Lägg till": choose the country code, type the number, "Spara". */
export function addPhonePage(ctx: PageContext, v: AddPhoneView) {
  const t = ctx.t.addPhone;
  const errors = v.errors ?? [];
  const fields = html`
  ${mobileNumberFields(ctx, errors, { ...v, regionLabel: t.region, numberLabel: t.number, numberHint: t.numberHint })}
  <div class="actions">${button(t.submit)} <a href="/account/security">${ctx.t.common.cancel}</a></div>`;
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${t.intro}</p>
  ${form(ctx, '/account/security/add', fields)}
</div>`,
  });
}

export interface VerifyPhoneView {
  readonly phone: PhoneView;
  readonly codeLength: number;
  readonly sentAgain?: boolean;
  readonly errors?: FieldErrors;
  readonly problem?: string;
}

/** Typing the code sent to the new number proves it is the person's own. */
export function verifyPhonePage(ctx: PageContext, v: VerifyPhoneView) {
  const t = ctx.t.verifyPhone;
  const errors = v.errors ?? [];
  const number = phoneNumber(v.phone.e164);
  const n = v.codeLength;
  const fields = codeFields(ctx, errors, { label: t.code, hint: format(t.codeHint, { length: n }), submit: t.submit, length: n });
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  ${notice(v.sentAgain ? formatHtml(t.sentAgain, { number }) : undefined)}
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${formatHtml(t.sent, { number })}</p>
  ${form(ctx, `/account/security/phones/${v.phone.id}/verify`, fields)}
  <div class="after-form actions">
    ${form(ctx, `/account/security/phones/${v.phone.id}/resend`, button(t.resend, 'secondary'))}
    <a href="/account/security">${t.later}</a>
  </div>
</div>`,
  });
}

export function removePhonePage(ctx: PageContext, v: { phone: PhoneView; lastVerified: boolean }) {
  const t = ctx.t.removePhone;
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  <h1>${t.title}</h1>
  <p class="lead">${formatHtml(t.body, { number: phoneNumber(v.phone.e164) })}</p>
  ${v.lastVerified && html`<p><strong>${t.lastVerified}</strong></p>`}
  ${form(ctx, `/account/security/phones/${v.phone.id}/remove`, html`<div class="actions">${button(t.submit, 'danger')} <a href="/account/security">${ctx.t.common.cancel}</a></div>`)}
</div>`,
  });
}
