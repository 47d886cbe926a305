import { html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { layout } from './layout.ts';

/** A page that only says what happened: refused forms, pages not found, errors. */
export function messagePage(ctx: PageContext, kind: 'forbidden' | 'badRequest' | 'notFound' | 'server') {
  const e = ctx.t.errors;
  const texts: Record<typeof kind, { title: string; body: string }> = {
    forbidden: { title: e.forbiddenTitle, body: e.forbiddenBody },
    badRequest: { title: e.badRequestTitle, body: e.badRequestBody },
    notFound: { title: e.notFoundTitle, body: e.notFoundBody },
    server: { title: e.serverTitle, body: e.serverBody },
  };
  const { title, body } = texts[kind];
  return layout(ctx, {
    title,
    body: html`<div class="card"><h1>${title}</h1><p>${body}</p><p><a href="/">${e.home}</a></p></div>`,
  });
}
