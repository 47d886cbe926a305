import type { SessionView } from '../../../domain/sessions/session-service.ts';
import { describeUserAgent } from '../../../domain/activity/user-agent.ts';
import { format } from '../../../i18n/messages.ts';
import { html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { button, errorSummary, form, input, notice, type FieldErrors } from './components.ts';
import { layout } from './layout.ts';
import { formatDateTime } from './time-zone.ts';

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
export function sessionsPage(ctx: PageContext, v: { sessions: readonly SessionView[]; notice?: string | undefined; zone: string }) {
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
    <p>${s.ip ? html`<span class="nowrap">${s.ip}</span>` : t.unknownAddress}, ${s.method === 'pwd' ? t.withPassword : s.method === 'otp' ? t.withCode : t.withPasskey}</p>
    <p class="muted">${format(t.signedIn, { time: time(s.signedInAt) })}. ${format(t.lastSeen, { time: time(s.lastSeenAt) })}.</p>
    ${!s.current && form(ctx, `/account/sessions/${encodeURIComponent(s.id)}/sign-out`, button(t.signOut, 'secondary', html` aria-label="${format(t.signOutFor, { browser: name, time: time(s.signedInAt) })}"`))}
  </li>`;
  });
  const others = v.sessions.some((s) => !s.current);
  return layout(ctx, {
    title: t.title,
    width: 'wide',
    body: html`
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
