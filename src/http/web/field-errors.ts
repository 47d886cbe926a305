import type { ProblemCode } from '../problems.ts';
import type { PageContext } from './page-context.ts';
import type { FieldError } from './views/components.ts';

/**
 * A domain failure as an error on the field it is about, worded by the same catalogue entry
 * as the API's problem `detail`, so pages and API never say different things.
 */
export function fieldError(ctx: PageContext, code: ProblemCode, fields: Partial<Record<ProblemCode, string>>, fallback: string): FieldError {
  return { field: fields[code] ?? fallback, message: ctx.problems[code].detail };
}
