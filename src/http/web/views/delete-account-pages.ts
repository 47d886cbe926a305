import { html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { button, errorSummary, form, input, type FieldErrors } from './components.ts';
import { layout } from './layout.ts';

/** "Ta bort kontot": what goes, and the account's email typed to confirm. */
export function deleteAccountPage(ctx: PageContext, v: { readonly errors?: FieldErrors | undefined; readonly email?: string | undefined } = {}) {
  const t = ctx.t.deleteAccount;
  const errors = v.errors ?? [];
  const fields = html`
  ${input(ctx, errors, { id: 'email', label: t.email, hint: t.emailHint, type: 'email', autocomplete: 'off', spellcheck: false, value: v.email ?? '' })}
  <div class="actions">${button(t.submit, 'danger')} <a href="/account">${ctx.t.common.cancel}</a></div>`;
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  ${errorSummary(ctx, errors)}
  <h1>${t.title}</h1>
  <p class="lead">${t.intro}</p>
  <ul>${t.goes.map((item) => html`<li>${item}</li>`)}</ul>
  <p>${t.notice}</p>
  ${form(ctx, '/account/delete', fields)}
</div>`,
  });
}

/** Where the browser lands once the account is gone (and it is signed out). */
export function accountDeletedPage(ctx: PageContext) {
  const t = ctx.t.deleteAccount;
  return layout(ctx, {
    title: t.doneTitle,
    body: html`<div class="card"><h1>${t.doneTitle}</h1><p>${t.doneBody}</p><p><a href="/create-account">${t.createAgain}</a></p></div>`,
  });
}
