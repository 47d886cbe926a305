import { formatHtml, html } from '../html.ts';
import { codeFields } from './code-fields.ts';
import { format } from '../../../i18n/messages.ts';
import type { PageContext } from '../page-context.ts';
import { withReturnTo } from '../return-to.ts';
import { button, errorSummary, form, notice, signedInNotice, type FieldErrors } from './components.ts';
import { describeCodeLife, describeWait, openingMinute, unbroken } from './format.ts';
import { layout } from './layout.ts';
import { formatTime } from './time-zone.ts';

export interface CodeEntryView {
  readonly email: string;
  readonly maskedNumber: string;
  readonly codeLength: number;
  /** OTP_TTL_SECONDS: how long a code works, said on the page as in the text. */
  readonly ttlSeconds: number;
  /** When "Skicka en ny kod" opens (ms), if it is not open yet, and the zone to say it in. */
  readonly resendOpensAt?: number;
  readonly now: number;
  readonly zone: string;
  readonly returnTo?: string;
  readonly errors?: FieldErrors;
  readonly problem?: string;
  readonly notice?: string;
}

/**
 * The same page whether or not anything matched: it says "if the details match", so it
 * tells no one whether the email has an account or the number is on it. The code box comes
 * right after one sentence, focused, so it is above the fold on a small phone.
 */
export function codeEntryPage(ctx: PageContext, v: CodeEntryView) {
  const t = ctx.t.codeEntry;
  const errors = v.errors ?? [];
  const n = v.codeLength;
  const ttl = describeCodeLife(ctx, v.ttlSeconds);
  const hint = `${format(t.codeHint, { length: n })} ${format(t.validFor, { duration: ttl })}`;
  const fields = codeFields(ctx, errors, { label: t.code, hint, submit: t.submit, length: n, autofocus: errors.length === 0 && !v.problem });
  const waitMs = v.resendOpensAt === undefined ? 0 : v.resendOpensAt - v.now;
  // The wait is said in words and clock time, so it works without script; the script counts it
  // down and keeps the button disabled until then.
  const resend = waitMs > 0
    ? html`<p class="hint" id="resend-wait" data-countdown="${String(Math.ceil(waitMs / 1000))}" data-countdown-text="${t.resendCountdown}">${format(t.resendOpensAt, { duration: describeWait(ctx, waitMs / 1000), time: formatTime(ctx, openingMinute(v.resendOpensAt ?? v.now), v.zone) })}</p>
    ${button(t.resend, 'secondary', html` aria-describedby="resend-wait" data-countdown-button`)}`
    : button(t.resend, 'secondary');
  return layout(ctx, {
    title: t.title,
    body: html`
<div class="card">
  ${signedInNotice(ctx)}
  ${notice(v.notice)}
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${formatHtml(t.sent, { email: v.email, number: unbroken(v.maskedNumber) })}</p>
  ${form(ctx, '/sign-in/code/enter', fields)}
</div>
<section class="aside" aria-labelledby="no-code">
  <h2 id="no-code">${t.notesTitle}</h2>
  <ul class="notes">
    <li>${t.delay}</li>
    <li>${format(t.waited, { duration: ttl })}</li>
    <li>${t.newest}</li>
    <li>${t.singleUse}</li>
    <li>${t.dailyLimit}</li>
  </ul>
  <div class="actions">
    ${form(ctx, '/sign-in/code/resend', resend)}
    <a href="${withReturnTo('/sign-in/code', v.returnTo, { change: '1' })}">${t.change}</a>
  </div>
</section>`,
  });
}
