import { html } from '../html.ts';
import { mobileNumberFields } from './mobile-number-fields.ts';
import type { RegionView } from '../../../domain/security-info/regions.ts';
import type { PageContext } from '../page-context.ts';
import { withReturnTo } from '../return-to.ts';
import { button, errorSummary, form, input, signedInNotice, type FieldErrors } from './components.ts';
import { layout } from './layout.ts';
import { proofOfWorkField, proofOfWorkHead, type ProofOfWorkView } from './proof-of-work.ts';

export interface CodeRequestView {
  readonly regions: readonly RegionView[];
  readonly email?: string;
  readonly region?: string;
  readonly number?: string;
  readonly returnTo?: string;
  readonly errors?: FieldErrors;
  /** Said above the fields, e.g. when the daily limit is reached and when to try again. */
  readonly problem?: string;
  readonly proofOfWork?: ProofOfWorkView;
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
  ${signedInNotice(ctx)}
  ${errorSummary(ctx, errors, v.problem)}
  <h1>${t.title}</h1>
  <p class="lead">${t.howItIsSent}</p>
  ${form(ctx, '/sign-in/code', fields)}
  <div class="after-form"><p><a href="${withReturnTo('/sign-in', v.returnTo)}">${t.passwordLink}</a></p></div>
</div>
<section class="aside" aria-labelledby="about-codes">
  <h2 id="about-codes">${t.aboutTitle}</h2>
  <p>${t.intro}</p>
  <p>${t.publicComputer}</p>
</section>`,
  });
}
