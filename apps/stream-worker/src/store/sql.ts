import type { sql } from '@tessera/db';

export type Fragment = ReturnType<typeof sql>;

/** A time for a `timestamptz` array: NaN (an unknown time) becomes NULL, which least()/greatest() ignore. */
export function timeOrNull(ms: number): number | null {
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Orders rows by their key so concurrent writers lock rows in the same order and cannot deadlock.
 * The order only has to be the same in every writer, so plain UTF-16 comparison will do.
 */
export function sortByKey<T>(rows: T[], key: (row: T) => string): T[] {
  const keyed = rows.map((row) => ({ k: key(row), row }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((entry) => entry.row);
}
