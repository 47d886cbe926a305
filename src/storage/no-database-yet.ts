/** The database holds none of the service's tables: nothing was ever stored there. */
export class NoDatabaseYetError extends Error {}
