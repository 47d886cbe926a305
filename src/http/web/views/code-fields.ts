import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { button, input, type FieldErrors } from './components.ts';

/**
 * The box a code is typed into, and its button: one definition for signing in and for proving a
 * number, so both get what phones need to offer the code from the text (one-time-code autofill,
 * a numeric keyboard) and the same length checks.
 */
export function codeFields(
  ctx: PageContext,
  errors: FieldErrors,
  v: { label: string; hint: string; submit: string; length: number },
): SafeHtml {
  return html`
  ${input(ctx, errors, {
    id: 'code',
    label: v.label,
    hint: v.hint,
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    pattern: `[0-9]{${v.length}}`,
    minlength: v.length,
    maxlength: v.length,
    spellcheck: false,
    className: 'input--code',
  })}
  <div class="actions">${button(v.submit)}</div>`;
}
