import { html, type SafeHtml } from '../html.ts';
import { format } from '../../../i18n/messages.ts';
import type { PageContext } from '../page-context.ts';

/** A field's error, tied to the field it is about (its id is the input's id). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type FieldErrors = readonly FieldError[];

const errorFor = (errors: FieldErrors, field: string) => errors.find((e) => e.field === field)?.message;

/**
 * The list of problems at the top of a form, focused on load (autofocus, and by script where
 * that is not honoured) so a screen reader announces it; each links to its field.
 */
export function errorSummary(ctx: PageContext, errors: FieldErrors, general?: string): SafeHtml {
  if (errors.length === 0 && !general) return html``;
  return html`<div class="error-summary" tabindex="-1" autofocus data-error-summary aria-labelledby="error-summary-title">
  <h2 id="error-summary-title">${ctx.t.common.errorSummaryTitle}</h2>
  ${general && html`<p>${general}</p>`}
  ${errors.length > 0 && html`<ul>${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>`}
</div>`;
}

export interface InputOptions {
  readonly id: string;
  readonly label: string;
  readonly value?: string;
  readonly type?: 'text' | 'email' | 'password' | 'tel';
  readonly hint?: string;
  readonly autocomplete?: string;
  readonly inputmode?: 'numeric' | 'email' | 'tel';
  readonly pattern?: string;
  readonly minlength?: number;
  readonly maxlength?: number;
  readonly spellcheck?: false;
  readonly className?: string;
  readonly required?: boolean;
  readonly autofocus?: boolean;
}

/** The label, hint and error sit beside the input and are its accessible description. */
function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function fieldParts(ctx: PageContext, id: string, hint: string | undefined, error: string | undefined) {
  return html`${hint && html`<p class="hint" id="${id}-hint">${hint}</p>`}${error && html`<p class="field-error" id="${id}-error"><span class="visually-hidden">${ctx.t.common.errorPrefix} </span>${error}</p>`}`;
}

export function input(ctx: PageContext, errors: FieldErrors, o: InputOptions): SafeHtml {
  const error = errorFor(errors, o.id);
  const described = describedBy(o.id, o.hint, error);
  return html`<div class="field${error ? ' field--error' : ''}">
  <label for="${o.id}">${o.label}</label>
  ${fieldParts(ctx, o.id, o.hint, error)}
  <input class="input${o.className ? ` ${o.className}` : ''}" id="${o.id}" name="${o.id}" type="${o.type ?? 'text'}"${o.type !== 'password' ? html` value="${o.value ?? ''}"` : html``}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : html``}${o.inputmode ? html` inputmode="${o.inputmode}"` : html``}${o.pattern ? html` pattern="${o.pattern}"` : html``}${o.minlength ? html` minlength="${o.minlength}"` : html``}${o.maxlength ? html` maxlength="${o.maxlength}"` : html``}${o.spellcheck === false ? html` spellcheck="false" autocapitalize="none"` : html``}${o.required === false ? html`` : html` required`}${o.autofocus ? html` autofocus` : html``}${described ? html` aria-describedby="${described}"` : html``}${error ? html` aria-invalid="true"` : html``}>
</div>`;
}

export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

export function select(ctx: PageContext, errors: FieldErrors, o: { id: string; label: string; hint?: string; options: readonly SelectOption[]; value?: string; autocomplete?: string }): SafeHtml {
  const error = errorFor(errors, o.id);
  const described = describedBy(o.id, o.hint, error);
  return html`<div class="field${error ? ' field--error' : ''}">
  <label for="${o.id}">${o.label}</label>
  ${fieldParts(ctx, o.id, o.hint, error)}
  <select class="select" id="${o.id}" name="${o.id}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : html``}${described ? html` aria-describedby="${described}"` : html``}${error ? html` aria-invalid="true"` : html``}>
    ${o.options.map((opt) => html`<option value="${opt.value}"${opt.value === o.value ? html` selected` : html``}>${opt.label}</option>`)}
  </select>
</div>`;
}

/**
 * A choice of one, as a fieldset whose legend is the question: each option may carry a hint,
 * and an error about the choice sits under the legend, tied to the group.
 */
export function radios(
  ctx: PageContext,
  errors: FieldErrors,
  o: { name: string; legend: string; value?: string; options: readonly (SelectOption & { readonly hint?: string })[] },
): SafeHtml {
  const error = errorFor(errors, o.name);
  // The summary links to `#<name>`: the group itself, so focus lands on the question.
  return html`<fieldset class="field fieldset${error ? ' field--error' : ''}" id="${o.name}" tabindex="-1"${error ? html` aria-describedby="${o.name}-error"` : html``}>
  <legend>${o.legend}</legend>
  ${fieldParts(ctx, o.name, undefined, error)}
  ${o.options.map((opt) => {
    const id = `${o.name}-${opt.value}`;
    return html`<div class="field--checkbox">
    <input class="radio" id="${id}" name="${o.name}" type="radio" value="${opt.value}"${opt.value === o.value ? html` checked` : html``}${opt.hint ? html` aria-describedby="${id}-hint"` : html``}>
    <label for="${id}">${opt.label}</label>
    ${opt.hint && html`<p class="hint" id="${id}-hint">${opt.hint}</p>`}
  </div>`;
  })}
</fieldset>`;
}

export function checkbox(o: { id: string; label: string; hint?: string; checked?: boolean }): SafeHtml {
  return html`<div class="field field--checkbox">
  <input class="checkbox" id="${o.id}" name="${o.id}" type="checkbox" value="yes"${o.checked ? html` checked` : html``}${o.hint ? html` aria-describedby="${o.id}-hint"` : html``}>
  <label for="${o.id}">${o.label}</label>
  ${o.hint && html`<p class="hint" id="${o.id}-hint">${o.hint}</p>`}
</div>`;
}

/** Every form posts with the CSRF token; `novalidate` so errors come from the server, worded by us. */
export function form(ctx: PageContext, action: string, body: SafeHtml, o: { className?: string } = {}): SafeHtml {
  return html`<form method="post" action="${action}" novalidate${o.className ? html` class="${o.className}"` : html``}>
  <input type="hidden" name="csrf" value="${ctx.csrfToken}">
  ${body}
</form>`;
}

export const button = (label: string, variant: 'primary' | 'secondary' | 'danger' = 'primary', extra: SafeHtml = html``): SafeHtml =>
  html`<button class="button button--${variant}" type="submit"${extra}>${label}</button>`;

export const notice = (text: string | SafeHtml | undefined): SafeHtml =>
  text ? html`<div class="notice" role="status"><p>${text}</p></div>` : html``;

/** `a•••@example.se`: enough for the person to know their own address, not for the next person to learn it. */
export function maskedEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

/**
 * On the sign-in pages of a browser that is still signed in (a shared computer): who is, and a
 * way out for whoever is not them, before they type anything.
 */
export function signedInNotice(ctx: PageContext): SafeHtml {
  if (!ctx.signedIn) return html``;
  const c = ctx.t.common;
  const signOut = form(ctx, '/sign-out', html`<button class="link-button" type="submit">${c.signOut}</button>`, { className: 'inline-form' });
  return html`<div class="notice notice--signed-in" role="status"><p>${format(c.signedInElsewhere, { email: maskedEmail(ctx.signedIn.email) })} ${c.notYou} ${signOut}</p></div>`;
}
