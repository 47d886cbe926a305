import type { RegionView } from '../../../domain/security-info/regions.ts';
import { format } from '../../../i18n/messages.ts';
import { html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { codeInput } from './code-fields.ts';
import { button, errorSummary, form, input, radios, type FieldErrors } from './components.ts';
import { describeCodeLife } from './format.ts';
import { layout } from './layout.ts';
import { mobileNumberFields } from './mobile-number-fields.ts';
import { proofOfWorkField, proofOfWorkHead, type ProofOfWorkView } from './proof-of-work.ts';

/** Where the code goes: the proven address, or a verified number the person names. */
export type ResetChannel = 'mail' | 'text';

export interface ForgotPasswordView {
  readonly regions: readonly RegionView[];
  readonly email?: string;
  readonly via?: ResetChannel;
  readonly region?: string;
  readonly number?: string;
  readonly errors?: FieldErrors;
  readonly problem?: string;
  readonly proofOfWork?: ProofOfWorkView;
}

/**
 * "Glömt lösenordet?": the email, then where the code goes: "E-post" or "Textmeddelande" with
 * the place and number (the same fields as the one-time-code request). Without script every
 * field is shown; the number is read only when text is chosen.
 */
export function forgotPasswordPage(ctx: PageContext, v: ForgotPasswordView) {
  const t = ctx.t.forgotPassword;
  const errors = v.errors ?? [];
  const fields = html`
  ${input(ctx, errors, { id: 'email', label: t.email, type: 'email', value: v.email, autocomplete: 'username', spellcheck: false })}
  ${radios(ctx, errors, {
    name: 'via',
    legend: t.via,
    value: v.via,
    options: [
      { value: 'mail', label: t.viaMail, hint: t.viaMailHint },
      { value: 'text', label: t.viaText, hint: t.viaTextHint },
    ],
  })}
  <div class="sub-fields">
    ${mobileNumberFields(ctx, errors, { ...v, regionLabel: t.region, regionHint: t.regionHint, numberLabel: t.number, numberHint: t.numberHint })}
  </div>
  ${v.proofOfWork && proofOfWorkField(ctx, v.proofOfWork)}
  <div class="actions">${button(t.submit)}</div>`;
  return layout(ctx, {
    title: t.title,
    head: v.proofOfWork && proofOfWorkHead(ctx),
    body: html`
<div class="card">
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${t.intro}</p>
  ${form(ctx, '/forgot-password', fields)}
  <div class="after-form"><p><a href="/sign-in">${t.signInLink}</a></p></div>
</div>`,
  });
}

export interface ResetPasswordView {
  readonly email: string;
  readonly via: ResetChannel;
  readonly codeLength: number;
  readonly validSeconds: number;
  /** What was typed, kept when the page comes back with errors; never the password. */
  readonly code?: string;
  readonly errors?: FieldErrors;
  readonly problem?: string;
}

/** The code and the new password, on one page: the same words whether or not anything matched. */
export function resetPasswordPage(ctx: PageContext, v: ResetPasswordView) {
  const t = ctx.t.resetPassword;
  const errors = v.errors ?? [];
  const n = v.codeLength;
  const fields = html`
  <input type="hidden" name="email" value="${v.email}">
  <input type="hidden" name="via" value="${v.via}">
  ${codeInput(ctx, errors, { label: t.code, hint: format(t.codeHint, { length: n }), length: n, value: v.code })}
  ${input(ctx, errors, { id: 'password', label: t.password, hint: t.passwordHint, type: 'password', autocomplete: 'new-password', minlength: 8 })}
  <p>${t.signedOutEverywhere}</p>
  <div class="actions">${button(t.submit)}</div>`;
  const again = `/forgot-password?${new URLSearchParams({ email: v.email, via: v.via }).toString()}`;
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${format(v.via === 'text' ? t.sentText : t.sentMail, { email: v.email })}</p>
  ${form(ctx, '/forgot-password/code', fields)}
</div>
<section class="aside" aria-labelledby="no-code">
  <h2 id="no-code">${t.notesTitle}</h2>
  <ul class="notes">
    <li>${format(t.validFor, { duration: describeCodeLife(ctx, v.validSeconds) })}</li>
    <li>${t.delay}</li>
    <li>${t.newest}</li>
  </ul>
  <p><a href="${again}">${t.again}</a></p>
</section>`,
  });
}
