import type { FastifyPluginAsync } from 'fastify';
import { format } from '../../i18n/messages.ts';
import type { DevInboxEntry, DevInboxStore } from '../../sms/transports/dev-inbox-store.ts';
import { html } from './html.ts';
import { pageContext, type PageContext, type WebDeps } from './page-context.ts';
import { sendPage } from './respond.ts';
import { layout } from './views/layout.ts';

type InboxQuery = { Querystring: { to?: string } };

/**
 * In a query string `+` means a space, so `?to=+46…` arrives as ` 46…`; spaces and dashes
 * are dropped and the plus put back, and both `%2B46…` and `+46…` find the same texts.
 */
function normalizeTo(raw: string | undefined): string | undefined | null {
  if (raw === undefined) return undefined;
  const digits = raw.replace(/[\s\-()]/g, '');
  if (digits === '') return undefined;
  const e164 = digits.startsWith('+') ? digits : `+${digits}`;
  // Anything but a number can match no text (and must never reach the database as is).
  return /^\+\d{1,15}$/.test(e164) ? e164 : null;
}

/** The inbox for `to` (every text when undefined; none when `to` cannot be a number). */
const listFor = (inbox: DevInboxStore, to: string | undefined | null) =>
  to === null ? Promise.resolve([]) : inbox.list({ to, limit: MAX_ENTRIES });

const MAX_ENTRIES = 200;

/** The development inbox: texts as a phone would list them, newest first, beside the pages. */
export const devInboxRoutes = (inbox: DevInboxStore, deps: WebDeps): FastifyPluginAsync => async (app) => {
  app.get<InboxQuery>('/dev/sms.json', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return listFor(inbox, normalizeTo(typeof request.query.to === 'string' ? request.query.to : undefined));
  });

  app.get<InboxQuery>('/dev/sms', async (request, reply) => {
    const to = normalizeTo(typeof request.query.to === 'string' ? request.query.to : undefined);
    const entries = await listFor(inbox, to);
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, deps.cookies.secure, renderInbox(ctx, entries, to ?? undefined));
  });
};

function renderInbox(ctx: PageContext, entries: readonly DevInboxEntry[], to: string | undefined) {
  const t = ctx.t.devInbox;
  const items = entries.map(
    (e) => html`<li class="message">
  <div class="message__meta"><span>${e.to}</span><time datetime="${e.createdAt}">${e.createdAt.replace('T', ' ').slice(0, 19)} UTC</time><span class="message__status">${e.status}</span></div>
  <p class="bubble">${e.body}</p>
</li>`,
  );
  return layout(ctx, {
    title: t.title,
    body: html`<section class="inbox" aria-labelledby="inbox-title">
  <h1 id="inbox-title">${t.title}</h1>
  <p>${to ? format(t.forNumber, { number: to }) : t.all}</p>
  <p>${t.notSent}</p>
  <p class="inbox__refresh"><a href="${ctx.path}" data-auto-refresh="5">${t.refresh}</a></p>
  ${entries.length ? html`<ol class="messages">${items}</ol>` : html`<p class="empty">${t.empty}</p>`}
</section>`,
  });
}
