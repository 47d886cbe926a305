import type { sv } from './sv.ts';

/** The shape of sv with every text widened to string: a key missing in en fails the typecheck. */
type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalogue = Widen<typeof sv>;
