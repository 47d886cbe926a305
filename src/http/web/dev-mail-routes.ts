import type { FastifyPluginAsync } from 'fastify';
import { format } from '../../i18n/messages.ts';
import type { DevMailEntry, DevMailInboxStore } from '../../mail/dev-mail-inbox-store.ts';
import { html } from './html.ts';
import { pageContext, type PageContext, type WebDeps } from './page-context.ts';
import { sendPage } from './respond.ts';
import { layout } from './views/layout.ts';

type InboxQuery = { Querystring: { to?: string } };

const MAX_ENTRIES = 200;

/**
 * In a query string `+` means a space, so `?to=anna+x@example.se` arrives with a space, which
 * no address has: it is read back as the plus. Blank means every mail.
 */
function normalizeTo(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const address = raw.trim().replace(/ /g, '+');
  return address === '' ? undefined : address;
}

/** The development mail inbox: mails as a mail app would list them, newest first, beside the pages. */
export const devMailRoutes = (inbox: DevMailInboxStore, deps: WebDeps): FastifyPluginAsync => async (app) => {
  app.get<InboxQuery>('/dev/mail.json', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return inbox.list({ to: normalizeTo(request.query.to), limit: MAX_ENTRIES });
  });

  app.get<InboxQuery>('/dev/mail', async (request, reply) => {
    const to = normalizeTo(request.query.to);
    const entries = await inbox.list({ to, limit: MAX_ENTRIES });
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, deps.cookies.secure, renderInbox(ctx, entries, to));
  });
};

function renderInbox(ctx: PageContext, entries: readonly DevMailEntry[], to: string | undefined) {
  const t = ctx.t.devMail;
  const items = entries.map(
    (e) => html`<li class="message">
  <div class="message__meta"><span>${e.to}</span><time datetime="${e.createdAt}">${e.createdAt.replace('T', ' ').slice(0, 19)} UTC</time></div>
  <h2 class="message__subject">${e.subject}</h2>
  <p class="bubble">${e.text}</p>
</li>`,
  );
  return layout(ctx, {
    title: t.title,
    body: html`<section class="inbox" aria-labelledby="inbox-title">
  <h1 id="inbox-title">${t.title}</h1>
  <p>${to ? format(t.forAddress, { address: to }) : t.all}</p>
  <p>${t.notSent}</p>
  <p class="inbox__refresh"><a href="${ctx.path}" data-auto-refresh="5">${t.refresh}</a></p>
  ${entries.length ? html`<ol class="messages">${items}</ol>` : html`<p class="empty">${t.empty}</p>`}
</section>`,
  });
}
