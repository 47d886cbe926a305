import type { ActivityView } from '../../../domain/activity/activity-log.ts';
import { format } from '../../../i18n/messages.ts';
import { html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { layout } from './layout.ts';

/** "Senaste aktivitet": what happened to the account, when, from which IP and browser. */
export function activityPage(ctx: PageContext, events: readonly ActivityView[]) {
  const t = ctx.t.activity;
  const when = new Intl.DateTimeFormat(ctx.locale === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Stockholm' });
  const what = (e: ActivityView) => {
    const extra = e.detail.method === 'pwd' ? t.withPassword : e.detail.method === 'otp' ? t.withCode : e.detail.number ? format(t.numberEnding, { digits: e.detail.number }) : '';
    return extra ? `${t.kinds[e.kind]}, ${extra}` : t.kinds[e.kind];
  };
  const browser = (userAgent: string | null) => {
    const named = userAgent === null ? undefined : describeBrowser(userAgent);
    return named ? format(t.browserOn, named) : t.unknownBrowser;
  };
  const rows = events.map(
    (e) => html`<tr><td><time datetime="${e.at}">${when.format(new Date(e.at))}</time></td><td>${what(e)}</td><td>${e.ip ?? ''}<br><span class="muted">${browser(e.userAgent)}</span></td></tr>`,
  );
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

// Order matters: Edge and Opera say Chrome too, Chrome says Safari, iOS says Mac OS X.
const browsers: readonly [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS/, 'Firefox'],
  [/Chrome\/|CriOS/, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const systems: readonly [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** "Firefox on Windows" from a User-Agent string: what a person recognises, not the raw header. */
export function describeBrowser(userAgent: string): { browser: string; system: string } | undefined {
  const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1];
  return browser && system ? { browser, system } : undefined;
}
