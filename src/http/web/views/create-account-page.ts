import { html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { button, errorSummary, form, input, type FieldErrors } from './components.ts';
import { layout } from './layout.ts';

/** `problem`: a refusal that is no field's fault (too many sign-ups from here), shown above the form. */
export function createAccountPage(ctx: PageContext, v: { email?: string; errors?: FieldErrors; problem?: string }) {
  const t = ctx.t.createAccount;
  const errors = v.errors ?? [];
  const fields = html`
  ${input(ctx, errors, { id: 'email', label: t.email, type: 'email', value: v.email, autocomplete: 'username', spellcheck: false })}
  ${input(ctx, errors, { id: 'password', label: t.password, hint: t.passwordHint, type: 'password', autocomplete: 'new-password', minlength: 8 })}
  <div class="actions">${button(t.submit)}</div>`;
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${t.intro}</p>
  ${form(ctx, '/create-account', fields)}
  <div class="after-form"><p>${t.haveAccount} <a href="/sign-in">${t.signIn}</a></p></div>
</div>`,
  });
}
