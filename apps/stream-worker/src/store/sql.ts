import { sql } from '@tessera/db';

export type Fragment = ReturnType<typeof sql>;

const builtin = new Set([
  'uuid',
  'text',
  'timestamptz',
  'bigint',
  'int',
  'smallint',
  'real',
  'float8',
  'jsonb',
]);

/**
 * One whole array as one bind parameter, cast to a PostgreSQL array type, for `unnest(...)`.
 * Enum arrays travel as text[] and are cast on the server: PGlite cannot serialise an array
 * parameter of a type it does not know.
 */
export function arrayParam(values: unknown[], pgType: string): Fragment {
  const cast = builtin.has(pgType) ? `${pgType}[]` : `text[]::${pgType}[]`;
  return sql`${sql.param(values)}::${sql.raw(cast)}`;
}

/** NaN (an unknown time) becomes NULL, which least()/greatest() ignore. */
export function isoOf(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Orders rows by their key so concurrent writers lock rows in the same order and cannot deadlock. */
export function sortByKey<T>(rows: T[], key: (row: T) => string): T[] {
  return rows
    .map((row) => [key(row), row] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, row]) => row);
}
