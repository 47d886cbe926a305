/** Where the SQL the stores send must differ by database. */
export type Dialect = 'sqlite' | 'postgres';
