import { html, type SafeHtml } from '../html.ts';
import type { PasskeyView } from '../../../domain/passkeys/passkey-service.ts';
import { format } from '../../../i18n/messages.ts';
import type { PageContext } from '../page-context.ts';
import { button, errorSummary, form, type FieldErrors, input } from './components.ts';
import { layout } from './layout.ts';
import { formatDateTime } from './time-zone.ts';

/** The scripts a passkey page loads: the WebAuthn library and our glue, both from our origin. */
export const passkeyScripts = (ctx: PageContext): SafeHtml =>
  html`<script src="${ctx.assets.passkeys.js}" defer></script>
<script src="${ctx.assets.passkeys.glue}" defer></script>`;

/**
 * A form the glue script drives: on submit it asks the browser for the passkey with the options
 * here, puts the answer in `credential` and posts the form (CSRF token and all).
 */
function passkeyForm(ctx: PageContext, action: string, role: 'sign-in' | 'add', options: object, body: SafeHtml, failed: string): SafeHtml {
  return html`<form method="post" action="${action}" novalidate data-passkey-${role} data-passkey-options="${JSON.stringify(options)}">
  <input type="hidden" name="csrf" value="${ctx.csrfToken}">
  <input type="hidden" name="credential" value="">
  <p class="error-message" role="alert" data-passkey-failed hidden>${failed}</p>
  ${body}
</form>`;
}

/** "Logga in med en nyckel", beside the password form: shown only where the browser can use passkeys. */
export function passkeySignIn(ctx: PageContext, v: { options: object; returnTo?: string | undefined }): SafeHtml {
  const t = ctx.t.signIn;
  const fields = html`${v.returnTo && html`<input type="hidden" name="return_to" value="${v.returnTo}">`}
  <div class="actions">${button(t.passkeyButton, 'secondary')}</div>`;
  return html`<section class="passkey-sign-in" aria-labelledby="passkey-title" data-passkey-only hidden>
  <h2 id="passkey-title">${t.passkeyTitle}</h2>
  <p>${t.passkeyIntro}</p>
  ${passkeyForm(ctx, '/sign-in/passkey', 'sign-in', v.options, fields, t.passkeyFailed)}
</section>`;
}

/**
 * "Nycklar" on the security info page: each passkey with when it was made and last used (in
 * `zone`, the account's), and "Lägg till en nyckel".
 */
export function passkeysSection(ctx: PageContext, passkeys: readonly PasskeyView[], zone: string): SafeHtml {
  const t = ctx.t.security;
  const time = (iso: string) => formatDateTime(ctx, new Date(iso).getTime(), zone);
  const rows = passkeys.map(
    (p) => html`<li class="phone passkey">
    <div>
      <span class="phone__number">${p.name}</span>
      <div class="phone__region">${format(t.passkeyCreated, { time: time(p.createdAt) })} · ${p.lastUsedAt ? format(t.passkeyLastUsed, { time: time(p.lastUsedAt) }) : t.passkeyNeverUsed}</div>
      <div class="phone__region">${p.synced ? t.passkeySynced : t.passkeyDeviceBound}</div>
    </div>
    <div class="phone__actions">
      <a href="/account/security/passkeys/${p.id}/remove" aria-label="${format(t.removePasskey, { name: p.name })}">${t.remove}</a>
    </div>
  </li>`,
  );
  return html`<section class="card" aria-labelledby="passkeys-title">
  <h2 id="passkeys-title">${t.passkeysTitle}</h2>
  <p>${t.passkeysIntro}</p>
  ${passkeys.length ? html`<ul class="phones">${rows}</ul>` : html`<p>${t.noPasskeys}</p>`}
  <p data-passkey-only hidden><a class="button button--primary" href="/account/security/passkeys/add">${t.addPasskey}</a></p>
  <p class="muted" data-passkey-unsupported>${ctx.t.addPasskey.needsScript}</p>
</section>`;
}

export interface AddPasskeyView {
  readonly options: object;
  readonly name?: string;
  readonly errors?: FieldErrors;
  readonly problem?: string;
}

/** "Lägg till en nyckel": a name, then the device's own prompt. */
export function addPasskeyPage(ctx: PageContext, v: AddPasskeyView) {
  const t = ctx.t.addPasskey;
  const errors = v.errors ?? [];
  const fields = html`
  ${input(ctx, errors, { id: 'name', label: t.name, hint: t.nameHint, value: v.name, maxlength: 64, required: false, autocomplete: 'off' })}
  <div class="actions">${button(t.submit)} <a href="/account/security">${ctx.t.common.cancel}</a></div>`;
  return layout(ctx, {
    title: t.title,
    head: passkeyScripts(ctx),
    body: html`
<div class="card">
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${t.intro}</p>
  <p data-passkey-unsupported>${t.needsScript}</p>
  <div data-passkey-only hidden>${passkeyForm(ctx, '/account/security/passkeys/add', 'add', v.options, fields, t.failed)}</div>
</div>
<p><a href="/account/security">${t.back}</a></p>`,
  });
}

export function removePasskeyPage(ctx: PageContext, v: { passkey: PasskeyView }) {
  const t = ctx.t.removePasskey;
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  <h1>${t.title}</h1>
  <p class="lead">${format(t.body, { name: v.passkey.name })}</p>
  ${form(ctx, `/account/security/passkeys/${v.passkey.id}/remove`, html`<div class="actions">${button(t.submit, 'danger')} <a href="/account/security">${ctx.t.common.cancel}</a></div>`)}
</div>`,
  });
}
