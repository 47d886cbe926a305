import { html } from '../html.ts';
import { format } from '../../../i18n/messages.ts';
import type { PageContext } from '../page-context.ts';
import { withReturnTo } from '../return-to.ts';
import { button, checkbox, errorSummary, form, input, notice, signedInNotice, type FieldErrors } from './components.ts';
import { layout } from './layout.ts';
import { passkeyScripts, passkeySignIn } from './passkey-pages.ts';

export interface SignInView {
  readonly email?: string;
  readonly keepSignedIn?: boolean;
  readonly returnTo?: string;
  readonly errors?: FieldErrors;
  /** Said above the fields, e.g. that sign-in is paused for a while. */
  readonly problem?: string;
  readonly notice?: string;
  /**
   * The right password for an address not proven yet: the address, to send a new code to it
   * and to enter the code from its mail.
   */
  readonly unverified?: string;
  /** A website the person is signing in to: they may cancel and go back to it. */
  readonly website?: { readonly name: string; readonly cancelAction: string } | undefined;
  /** Options for "Logga in med en nyckel" (and passkey autofill in the email field). */
  readonly passkeyOptions: object;
  /** Signing in again as the person already signed in: no "not you?". */
  readonly reauthenticating?: boolean;
}

/** "Skicka en ny kod" (a form: it sends a mail) and the way to the code page. */
function unverifiedActions(ctx: PageContext, email: string) {
  const t = ctx.t.signIn;
  const fields = html`<input type="hidden" name="email" value="${email}">${button(t.unverifiedResend, 'secondary')}`;
  return html`<div class="actions unverified">
  ${form(ctx, '/verify-email/resend', fields)}
  <a href="/verify-email?${new URLSearchParams({ email }).toString()}">${t.unverifiedEnterCode}</a>
</div>`;
}

export function signInPage(ctx: PageContext, v: SignInView) {
  const t = ctx.t.signIn;
  const errors = v.errors ?? [];
  const fields = html`
  ${v.returnTo && html`<input type="hidden" name="return_to" value="${v.returnTo}">`}
  ${input(ctx, errors, { id: 'email', label: t.email, type: 'email', value: v.email, autocomplete: 'username webauthn', spellcheck: false })}
  ${input(ctx, errors, { id: 'password', label: t.password, type: 'password', autocomplete: 'current-password' })}
  ${checkbox({ id: 'keep_signed_in', label: t.keepSignedIn, hint: t.keepSignedInHint, checked: v.keepSignedIn })}
  <div class="actions">${button(t.submit)}</div>`;
  return layout(ctx, {
    title: t.title,
    head: passkeyScripts(ctx),
    body: html`
<div class="card">
  ${!v.reauthenticating && signedInNotice(ctx)}
  ${notice(v.notice)}
  ${errorSummary(ctx, errors, v.unverified ? format(t.unverified, { email: v.unverified }) : v.problem)}
  ${v.unverified && unverifiedActions(ctx, v.unverified)}
  <h1>${t.title}</h1>
  <p class="lead">${t.intro}</p>
  <p class="shortcut"><strong>${t.publicComputerTitle}</strong> ${t.publicComputer} <a href="${withReturnTo('/sign-in/code', v.returnTo)}">${t.codeLink}</a></p>
  ${form(ctx, '/sign-in', fields)}
  ${passkeySignIn(ctx, { options: v.passkeyOptions, returnTo: v.returnTo })}
  <div class="after-form">
    <p><a href="${v.email ? `/forgot-password?${new URLSearchParams({ email: v.email }).toString()}` : '/forgot-password'}">${t.forgotPassword}</a></p>
    <p>${t.noAccount} <a href="/create-account">${t.createAccount}</a></p>
    ${v.website && form(ctx, v.website.cancelAction, button(format(ctx.t.website.cancel, { client: v.website.name }), 'secondary'), { className: 'cancel-website' })}
  </div>
</div>`,
  });
}
