import { html } from '../html.ts';
import { mobileNumberFields } from './mobile-number-fields.ts';
import type { RegionView } from '../../../domain/security-info/regions.ts';
import type { PageContext } from '../page-context.ts';
import { withReturnTo } from '../return-to.ts';
import { button, errorSummary, form, input, type FieldErrors } from './components.ts';
import { layout } from './layout.ts';

export interface CodeRequestView {
  readonly regions: readonly RegionView[];
  readonly email?: string;
  readonly region?: string;
  readonly number?: string;
  readonly returnTo?: string;
  readonly errors?: FieldErrors;
  /** Said above the fields, e.g. when the daily limit is reached and when to try again. */
  readonly problem?: string;
  /**
   * Past the client's free allowance: the ALTCHA challenge (JSON) the browser solves before the
   * form goes again, and the wait to show where no script runs.
   */
  readonly proofOfWork?: { readonly challenge: string; readonly wait: string };
}

/** The widget: solved by script at once (assets/pow-js.ts), which then sends the form again. */
function proofOfWorkField(ctx: PageContext, pow: NonNullable<CodeRequestView['proofOfWork']>) {
  const t = ctx.t.codeRequest;
  return html`<div class="notice pow" id="altcha">
    <p>${t.proofOfWorkNeeded}</p>
    <altcha-widget challenge="${pow.challenge}" name="altcha" language="${ctx.locale}" data-worker="${ctx.assets.altcha.worker}"></altcha-widget>
    <noscript><p>${t.proofOfWorkNoScript} ${pow.wait}</p></noscript>
  </div>`;
}

function proofOfWorkHead(ctx: PageContext) {
  const a = ctx.assets.altcha;
  return html`<link rel="stylesheet" href="${a.css}">
<script type="module" src="${a.js}"></script>
${ctx.locale === 'sv' && html`<script type="module" src="${a.sv}"></script>`}
<script type="module" src="${a.glue}"></script>`;
}

/** The seed's steps in order: email, the place the number is registered in, the number, "Skicka textmeddelande". */
export function codeRequestPage(ctx: PageContext, v: CodeRequestView) {
  const t = ctx.t.codeRequest;
  const errors = v.errors ?? [];
  const fields = html`
  ${v.returnTo && html`<input type="hidden" name="return_to" value="${v.returnTo}">`}
  ${input(ctx, errors, { id: 'email', label: t.email, type: 'email', value: v.email, autocomplete: 'username', spellcheck: false })}
  ${mobileNumberFields(ctx, errors, { ...v, regionLabel: t.region, regionHint: t.regionHint, numberLabel: t.number, numberHint: t.numberHint })}
  ${v.proofOfWork && proofOfWorkField(ctx, v.proofOfWork)}
  <div class="actions">${button(t.submit)}</div>`;
  return layout(ctx, {
    title: t.title,
    head: v.proofOfWork && proofOfWorkHead(ctx),
    body: html`
<div class="card">
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${t.intro}</p>
  <p>${t.publicComputer}</p>
  <p>${t.howItIsSent}</p>
  ${form(ctx, '/sign-in/code', fields)}
  <div class="after-form"><p><a href="${withReturnTo('/sign-in', v.returnTo)}">${t.passwordLink}</a></p></div>
</div>`,
  });
}
