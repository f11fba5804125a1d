import { sql } from '@tessera/db';

export type Fragment = ReturnType<typeof sql>;

/** One whole array as one bind parameter, cast to a PostgreSQL array type, for `unnest(...)`. */
export function arrayParam(values: unknown[], pgType: string): Fragment {
  return sql`${sql.param(values)}::${sql.raw(pgType)}[]`;
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
