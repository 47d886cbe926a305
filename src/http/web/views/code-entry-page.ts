import { html } from '../html.ts';
import { codeFields } from './code-fields.ts';
import { format } from '../../../i18n/messages.ts';
import type { PageContext } from '../page-context.ts';
import { withReturnTo } from '../return-to.ts';
import { button, errorSummary, form, notice, type FieldErrors } from './components.ts';
import { layout } from './layout.ts';

export interface CodeEntryView {
  readonly email: string;
  readonly maskedNumber: string;
  readonly codeLength: number;
  readonly returnTo?: string;
  readonly errors?: FieldErrors;
  readonly problem?: string;
  readonly notice?: string;
  /** Code requests the email has left in the rolling day (the same for every email, known or not). */
}

/**
 * The same page whether or not anything matched: it says "if the details match", so it
 * tells no one whether the email has an account or the number is on it.
 */
export function codeEntryPage(ctx: PageContext, v: CodeEntryView) {
  const t = ctx.t.codeEntry;
  const errors = v.errors ?? [];
  const n = v.codeLength;
  const fields = codeFields(ctx, errors, { label: t.code, hint: format(t.codeHint, { length: n }), submit: t.submit, length: n });
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  ${notice(v.notice)}
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${format(t.sent, { email: v.email, number: v.maskedNumber })}</p>
  ${form(ctx, '/sign-in/code/enter', fields)}
</div>
<section class="aside" aria-labelledby="no-code">
  <h2 id="no-code">${t.notesTitle}</h2>
  <ul class="notes">
    <li>${t.delay}</li>
    <li>${t.waited}</li>
    <li>${t.newest}</li>
    <li>${t.singleUse}</li>
    <li>${t.dailyLimit}</li>
  </ul>
  <div class="actions">
    ${form(ctx, '/sign-in/code/resend', button(t.resend, 'secondary'))}
    <a href="${withReturnTo('/sign-in/code', v.returnTo, { change: '1' })}">${t.change}</a>
  </div>
</section>`,
  });
}
