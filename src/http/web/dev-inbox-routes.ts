import type { FastifyPluginAsync } from 'fastify';
import type { DevInboxEntry, DevInboxStore } from '../../sms/transports/dev-inbox-store.ts';
import { escapeHtml } from './html.ts';

type InboxQuery = { Querystring: { to?: string } };

/**
 * In a query string `+` means a space, so `?to=+46…` arrives as ` 46…`; spaces and dashes
 * are dropped and the plus put back, and both `%2B46…` and `+46…` find the same texts.
 */
function normalizeTo(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const digits = raw.replace(/[\s\-()]/g, '');
  if (digits === '') return undefined;
  return digits.startsWith('+') ? digits : `+${digits}`;
}

const MAX_ENTRIES = 200;

export const devInboxRoutes = (inbox: DevInboxStore): FastifyPluginAsync => async (app) => {
  app.get<InboxQuery>('/dev/sms.json', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const to = normalizeTo(typeof request.query.to === 'string' ? request.query.to : undefined);
    return inbox.list({ to, limit: MAX_ENTRIES });
  });

  app.get<InboxQuery>('/dev/sms', async (request, reply) => {
    const to = normalizeTo(typeof request.query.to === 'string' ? request.query.to : undefined);
    const entries = await inbox.list({ to, limit: MAX_ENTRIES });
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(renderInbox(entries, to));
  });
};

function renderInbox(entries: readonly DevInboxEntry[], to: string | undefined): string {
  const items = entries
    .map(
      (e) => `<li class="msg"><div class="meta"><span class="to">${escapeHtml(e.to)}</span>
<time datetime="${escapeHtml(e.createdAt)}">${escapeHtml(e.createdAt.replace('T', ' ').slice(0, 19))} UTC</time>
<span class="status">${escapeHtml(e.status)}</span></div><p class="bubble">${escapeHtml(e.body).replace(/\n/g, '<br>')}</p></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5">
<title>SMS-inkorg för utveckling</title>
<style>
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;background:#eef1f4;color:#1d2329}
.phone{max-width:420px;margin:0 auto;min-height:100vh;background:#fff;box-shadow:0 0 24px rgba(0,0,0,.08)}
header{position:sticky;top:0;background:#0b5cad;color:#fff;padding:14px 18px}
header h1{margin:0;font-size:1.1rem}header p{margin:4px 0 0;font-size:.85rem;opacity:.9}
ol{list-style:none;margin:0;padding:12px}.msg{margin:0 0 14px}
.meta{display:flex;gap:8px;font-size:.78rem;color:#5b6670;margin:0 4px 4px}.meta .status{margin-left:auto}
.bubble{margin:0;padding:10px 14px;background:#e9edf1;border-radius:18px 18px 18px 4px;white-space:normal;word-break:break-word}
.empty{padding:24px;color:#5b6670;text-align:center}
</style></head>
<body><main class="phone"><header><h1>SMS-inkorg (utveckling)</h1>
<p>${to ? `Meddelanden till ${escapeHtml(to)}` : 'Alla meddelanden'}, nyaste först. Texterna skickas inte på riktigt.</p></header>
${entries.length ? `<ol>${items}</ol>` : '<p class="empty">Inga meddelanden än.</p>'}
</main></body></html>`;
}
