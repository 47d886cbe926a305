import { z } from 'zod';

/** A setting's schema: turns the environment's string into the typed value. */
export type SettingSchema = z.ZodType<unknown, string | undefined>;

/** Facts that are no setting of their own but that defaults depend on. */
export interface Facts {
  /** See `isProduction` in schema.ts. */
  readonly production: boolean;
}

/** Every setting's typed value, once its default is applied. */
export type ValuesOf<T extends Record<string, SettingSchema>> = { readonly [K in keyof T]: z.output<T[K]> };

/**
 * One setting, defined once: its documentation, its type (the schema) and its default.
 * `default` is what docs/configuration.md shows. Without `value` it is the default itself, in
 * the form the environment would give it, and goes through `schema` like a given value. With
 * `value`, the default is computed from the settings it depends on (already parsed) and
 * `default` says in words what it is.
 */
export interface Setting<S extends SettingSchema, V> {
  readonly doc: string;
  readonly schema: S;
  readonly default: string;
  readonly value?: (values: V) => z.output<S>;
}

/**
 * Settings from a table of definitions, each `value` typed by the whole table's values (and
 * by `Outer`, values of settings defined in another table, checked where the tables are joined).
 */
export const defineSettings =
  <Outer = unknown>() =>
  <T extends Record<string, SettingSchema>>(definitions: { [K in keyof T]: Setting<T[K], ValuesOf<T> & Outer & Facts> }) =>
    definitions;

/** For settings without a default: the value is absent (their schema is optional). */
export const unset = (): undefined => undefined;

/** A whole number from the environment, within bounds. */
export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
