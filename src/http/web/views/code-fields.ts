import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { button, input, type FieldErrors } from './components.ts';

export interface CodeInputOptions {
  readonly label: string;
  readonly hint: string;
  readonly length: number;
  /** Filled in from a mail's link; the person still presses the button (a GET changes nothing). */
  readonly value?: string;
  /** Focused on load where it is the page's one task (not when an error summary takes focus). */
  readonly autofocus?: boolean;
}

/**
 * The box a code is typed into: one definition for every code (signing in, proving a number or
 * an address, a new password), so all get what phones need to offer the code from the message
 * (one-time-code autofill, a numeric keyboard) and the same length checks. Spaces and dashes
 * typed or pasted into it are dropped by the domain (and the site script), not refused.
 */
export function codeInput(ctx: PageContext, errors: FieldErrors, v: CodeInputOptions): SafeHtml {
  return input(ctx, errors, {
    id: 'code',
    label: v.label,
    hint: v.hint,
    value: v.value,
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    // Room for a space or dash between every digit, as codes are often copied or typed in groups.
    pattern: `[0-9\\s\\-]{${v.length},${2 * v.length}}`,
    minlength: v.length,
    maxlength: 2 * v.length,
    autofocus: v.autofocus,
    spellcheck: false,
    className: 'input--code',
  });
}

/** The code box and its button, for forms that ask for nothing else. */
export function codeFields(ctx: PageContext, errors: FieldErrors, v: CodeInputOptions & { submit: string }): SafeHtml {
  return html`
  ${codeInput(ctx, errors, v)}
  <div class="actions">${button(v.submit)}</div>`;
}
