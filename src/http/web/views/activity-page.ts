import { MAX_GROUP_ADDRESSES, type ActivityView } from '../../../domain/activity/activity-log.ts';
import { describeUserAgent } from '../../../domain/activity/user-agent.ts';
import { format } from '../../../i18n/messages.ts';
import { html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { unbroken } from './format.ts';
import { layout } from './layout.ts';
import { formatDateTime } from './time-zone.ts';

/**
 * "Senaste aktivitet": what happened to the account, when, from which IP and browser. Attempts
 * against the account show as one line per kind and day: "12 wrong one-time codes, from 3 addresses".
 */
export function activityPage(ctx: PageContext, events: readonly ActivityView[], zone: string) {
  const t = ctx.t.activity;
  const when = { format: (d: Date) => formatDateTime(ctx, d.getTime(), zone) };
  const time = (iso: string) => html`<time datetime="${iso}" data-local="datetime">${when.format(new Date(iso))}</time>`;
  const what = (e: ActivityView) => {
    if (e.firstAt !== undefined && e.kind in t.groups && e.count > 1) {
      const addresses = e.addresses ?? 0;
      const from = addresses >= MAX_GROUP_ADDRESSES ? format(t.fromManyAddresses, { count: addresses }) : addresses === 1 ? t.fromOneAddress : format(t.fromAddresses, { count: addresses });
      const group = format(t.groups[e.kind as keyof typeof t.groups], { count: e.count });
      return addresses > 0 ? `${group}, ${from}` : group;
    }
    const extra =
      e.detail.method === 'pwd' ? t.withPassword
      : e.detail.method === 'otp' ? t.withCode
      : e.detail.method === 'hwk' || e.detail.method === 'swk' ? t.withPasskey
      : e.detail.number ? format(t.numberEnding, { digits: e.detail.number })
      : e.detail.name ? e.detail.name
      : e.detail.channel === 'email' ? t.byEmail
      : '';
    return extra ? `${t.kinds[e.kind]}, ${extra}` : t.kinds[e.kind];
  };
  const browser = (userAgent: string | null) => {
    const named = userAgent === null ? undefined : describeUserAgent(userAgent);
    if (!named) return t.unknownBrowser;
    return named.system ? format(t.browserOn, { browser: named.browser, system: named.system }) : named.browser;
  };
  const rows = events.map((e) => {
    const span = e.firstAt !== undefined && e.count > 1 ? html`<br><span class="muted">${format(t.firstAt, { time: when.format(new Date(e.firstAt)) })}</span>` : '';
    const latest = e.firstAt !== undefined && e.count > 1 ? html`<span class="muted">${t.latest}</span> ` : '';
    return html`<tr><td>${time(e.at)}${span}</td><td>${what(e)}</td><td>${latest}${e.ip ? unbroken(e.ip) : ''}<br><span class="muted">${browser(e.userAgent)}</span></td></tr>`;
  });
  return layout(ctx, {
    title: t.title,
    width: 'wide',
    body: html`
<h1>${t.title}</h1>
<p class="lead">${t.intro}</p>
${events.length
  ? html`<div class="table-scroll"><table class="activity">
  <thead><tr><th scope="col">${t.when}</th><th scope="col">${t.what}</th><th scope="col">${t.where}</th></tr></thead>
  <tbody>${rows}</tbody>
</table></div>`
  : html`<p>${t.none}</p>`}
<p><a href="/account">${t.back}</a></p>`,
  });
}
