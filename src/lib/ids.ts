import { randomUUID } from 'node:crypto';

/** Row ids are random UUIDs: they reveal neither counts nor creation order to clients. */
export const newId = (): string => randomUUID();
