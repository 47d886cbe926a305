import type { SessionView } from '../../../domain/sessions/session-service.ts';
import { describeUserAgent } from '../../../domain/activity/user-agent.ts';
import { format } from '../../../i18n/messages.ts';
import { html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { button, errorSummary, form, input, notice, type FieldErrors } from './components.ts';
import { layout } from './layout.ts';
import { formatDateTime } from './time-zone.ts';
import { codeFields } from './code-fields.ts';
import { describeCodeLife, unbroken } from './format.ts';

export interface ChangePasswordView {
  /** A sign-in within the last ten minutes: the current password is not needed. */
  readonly recent: boolean;
  readonly errors?: FieldErrors;
  readonly problem?: string;
}

/** "Byt lösenord": the current password (unless the sign-in is recent) and the new one. */
export function changePasswordPage(ctx: PageContext, v: ChangePasswordView) {
  const t = ctx.t.changePassword;
  const errors = v.errors ?? [];
  const fields = html`
  ${input(ctx, errors, { id: 'currentPassword', label: t.currentPassword, ...(v.recent ? { hint: t.currentPasswordHint } : {}), type: 'password', autocomplete: 'current-password', required: !v.recent })}
  ${input(ctx, errors, { id: 'password', label: t.password, hint: t.passwordHint, type: 'password', autocomplete: 'new-password', minlength: 8 })}
  <div class="actions">${button(t.submit)} <a href="/account">${ctx.t.common.cancel}</a></div>`;
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${t.intro}</p>
  ${form(ctx, '/account/password', fields)}
</div>`,
  });
}

/** "Där du är inloggad": each session with browser, address, method and times; sign out one or every other. */
export function sessionsPage(ctx: PageContext, v: { sessions: readonly SessionView[]; notice?: string | undefined; problem?: string | undefined; zone: string }) {
  const t = ctx.t.sessions;
  const time = (iso: string) => formatDateTime(ctx, new Date(iso).getTime(), v.zone);
  const browser = (userAgent: string | null) => {
    const named = userAgent === null ? undefined : describeUserAgent(userAgent);
    if (!named) return t.unknownBrowser;
    return named.system ? format(ctx.t.activity.browserOn, { browser: named.browser, system: named.system }) : named.browser;
  };
  const items = v.sessions.map((s) => {
    const name = browser(s.userAgent);
    return html`<li class="website">
    <h2>${name}${s.current && html` <span class="badge badge--ok">${t.thisBrowser}</span>`}</h2>
    <p>${s.ip ? unbroken(s.ip) : t.unknownAddress}, ${s.method === 'pwd' ? t.withPassword : s.method === 'otp' ? t.withCode : t.withPasskey}</p>
    <p class="muted">${format(t.signedIn, { time: time(s.signedInAt) })}. ${format(t.lastSeen, { time: time(s.lastSeenAt) })}.</p>
    ${!s.current && form(ctx, `/account/sessions/${encodeURIComponent(s.id)}/sign-out`, button(t.signOut, 'secondary', html` aria-label="${format(t.signOutFor, { browser: name, time: time(s.signedInAt) })}"`))}
  </li>`;
  });
  const others = v.sessions.some((s) => !s.current);
  return layout(ctx, {
    title: t.title,
    width: 'wide',
    body: html`
${errorSummary(ctx, [], v.problem)}
${notice(v.notice)}
<h1>${t.title}</h1>
<p class="lead">${t.intro}</p>
<section class="card">
  <ul class="websites">${items}</ul>
  ${others ? form(ctx, '/account/sessions/sign-out-others', button(t.signOutOthers, 'danger')) : html`<p>${t.onlyThis}</p>`}
  <p class="muted">${t.websitesNote}</p>
</section>
<p><a href="/account">${t.back}</a></p>`,
  });
}

/** "Byt e-postadress": the new address, to which a code goes. */
export function changeEmailPage(ctx: PageContext, v: { email: string; value?: string; errors?: FieldErrors; problem?: string }) {
  const t = ctx.t.changeEmail;
  const errors = v.errors ?? [];
  const fields = html`
  ${input(ctx, errors, { id: 'email', label: t.email, hint: t.emailHint, type: 'email', value: v.value, autocomplete: 'email', spellcheck: false })}
  <div class="actions">${button(t.submit)} <a href="/account">${ctx.t.common.cancel}</a></div>`;
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${format(t.intro, { email: v.email })}</p>
  ${form(ctx, '/account/email', fields)}
</div>`,
  });
}

/** The code step: the same page whether or not the address could be used (only its mail says). */
export function verifyEmailChangePage(ctx: PageContext, v: { email: string; codeLength: number; validSeconds: number; code?: string | undefined; errors?: FieldErrors | undefined; problem?: string }) {
  const t = ctx.t.changeEmail;
  const errors = v.errors ?? [];
  const hint = `${format(ctx.t.verifyEmail.codeHint, { length: v.codeLength })} ${format(ctx.t.verifyEmail.validFor, { duration: describeCodeLife(ctx, v.validSeconds) })}`;
  const fields = html`
  <input type="hidden" name="email" value="${v.email}">
  ${codeFields(ctx, errors, { label: t.code, hint, submit: t.confirm, length: v.codeLength, value: v.code })}`;
  return layout(ctx, {
    title: t.codeTitle,
    body: html`
<div class="card">
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.codeTitle}</h1>
  <p class="lead">${format(t.sent, { email: v.email })}</p>
  ${form(ctx, '/account/email/verify', fields)}
  <p class="muted">${t.whatHappens}</p>
</div>
<section class="aside">
  <p>${t.noMail} <a href="/account/email">${t.again}</a>.</p>
</section>`,
  });
}

/** The old address's link: asks before anything happens (mail scanners open links); only the POST undoes. */
export function undoEmailChangePage(ctx: PageContext, v: { code: string; valid: boolean }) {
  const t = ctx.t.changeEmail;
  if (!v.valid) {
    return layout(ctx, {
      title: t.undoInvalidTitle,
      body: html`<div class="card"><h1>${t.undoInvalidTitle}</h1><p>${t.undoInvalid}</p><p><a href="/forgot-password">${t.forgotPassword}</a></p></div>`,
    });
  }
  const fields = html`<input type="hidden" name="code" value="${v.code}"><div class="actions">${button(t.undoSubmit, 'danger')}</div>`;
  return layout(ctx, {
    title: t.undoTitle,
    body: html`
<div class="card">
  <h1>${t.undoTitle}</h1>
  <p class="lead">${t.undoIntro}</p>
  ${form(ctx, '/account/email/undo', fields)}
</div>`,
  });
}

/** After the undo: what happened, and to choose a new password if the change was not the person's. */
export function emailChangeUndonePage(ctx: PageContext) {
  const t = ctx.t.changeEmail;
  return layout(ctx, {
    title: t.undoneTitle,
    body: html`
<div class="card">
  <h1>${t.undoneTitle}</h1>
  <p class="lead">${t.undone}</p>
  <p>${t.undoneAdvice}</p>
  <p><a class="button button--primary" href="/forgot-password">${t.forgotPassword}</a></p>
</div>`,
  });
}
