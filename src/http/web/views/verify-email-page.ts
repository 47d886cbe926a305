import { format } from '../../../i18n/messages.ts';
import { html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { codeFields } from './code-fields.ts';
import { button, errorSummary, form, input, notice, type FieldErrors } from './components.ts';
import { describeCodeLife } from './format.ts';
import { layout } from './layout.ts';

export interface VerifyEmailView {
  /** The address the code went to; absent, the page asks for it. */
  readonly email?: string;
  /** The code from the mail's link, filled in for the person to confirm. */
  readonly code?: string;
  readonly codeLength: number;
  readonly validSeconds: number;
  readonly errors?: FieldErrors;
  readonly problem?: string;
  readonly notice?: string;
}

/**
 * "Bekräfta din e-postadress": the same page after every sign-up, for a new address and a
 * taken one alike (only the mail says which), and the page a mail's link opens.
 */
export function verifyEmailPage(ctx: PageContext, v: VerifyEmailView) {
  const t = ctx.t.verifyEmail;
  const errors = v.errors ?? [];
  const n = v.codeLength;
  const hint = `${format(t.codeHint, { length: n })} ${format(t.validFor, { duration: describeCodeLife(ctx, v.validSeconds) })}`;
  // Asked for when the page does not know it, or what was typed is not an address.
  const askEmail = !v.email || errors.some((e) => e.field === 'email');
  const email = askEmail
    ? input(ctx, errors, { id: 'email', label: t.email, type: 'email', value: v.email, autocomplete: 'username', spellcheck: false })
    : html`<input type="hidden" name="email" value="${v.email}">`;
  const fields = html`
  ${email}
  ${codeFields(ctx, errors, { label: t.code, hint, submit: t.submit, length: n, value: v.code })}`;
  const lead = askEmail || !v.email ? t.noEmail : format(v.code ? t.fromLink : t.sent, { email: v.email });
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  ${notice(v.notice)}
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${lead}</p>
  ${form(ctx, '/verify-email', fields)}
</div>
<section class="aside" aria-labelledby="no-mail">
  <h2 id="no-mail">${t.notesTitle}</h2>
  <ul class="notes">
    <li>${t.delay}</li>
    <li>${t.newest}</li>
  </ul>
  <div class="actions">
    ${!askEmail && v.email && form(ctx, '/verify-email/resend', html`<input type="hidden" name="email" value="${v.email}">${button(t.resend, 'secondary')}`)}
  </div>
  <p>${t.wrongAddress} <a href="/create-account">${t.startAgain}</a></p>
</section>`,
  });
}
