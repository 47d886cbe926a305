import { html } from '../html.ts';
import type { PageContext } from '../page-context.ts';

/**
 * Past the client's free allowance: the ALTCHA challenge (JSON) the browser solves before the
 * form goes again, and where no script runs, when that allowance opens again ("Du kan försöka
 * igen om 1 timme, klockan 11:00").
 */
export interface ProofOfWorkView {
  readonly challenge: string;
  readonly wait: string;
}

/**
 * The widget, inside the form it guards: solved by script at once (assets/pow-js.ts), which
 * then sends that form again. One definition for every form that asks for a code.
 */
export function proofOfWorkField(ctx: PageContext, pow: ProofOfWorkView) {
  const t = ctx.t.codeRequest;
  return html`<div class="notice pow" id="altcha">
    <p>${t.proofOfWorkNeeded}</p>
    <altcha-widget challenge="${pow.challenge}" name="altcha" language="${ctx.locale}" data-worker="${ctx.assets.altcha.worker}"></altcha-widget>
    <noscript><p>${t.proofOfWorkNoScript} ${pow.wait}</p></noscript>
  </div>`;
}

/** The widget's scripts and styles, our own files, for the page's <head>. */
export function proofOfWorkHead(ctx: PageContext) {
  const a = ctx.assets.altcha;
  return html`<link rel="stylesheet" href="${a.css}">
<script type="module" src="${a.js}"></script>
${ctx.locale === 'sv' && html`<script type="module" src="${a.sv}"></script>`}
<script type="module" src="${a.glue}"></script>`;
}
