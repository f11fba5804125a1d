import { sql } from '@tessera/db';

export type Fragment = ReturnType<typeof sql>;

/** A time for a `timestamptz` array: NaN (an unknown time) becomes NULL, which least()/greatest() ignore. */
export function timeOrNull(ms: number): number | null {
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Equal-length arrays as the columns of a select list, `unnest(a), unnest(b), …`: PostgreSQL
 * zips them row by row as it reads them (a ProjectSet), where `select * from unnest(a, b, …)`
 * first copies every row into a tuplestore and then reads it back.
 */
export function zipped(arrays: Fragment[]): Fragment {
  return sql.join(
    arrays.map((array) => sql`unnest(${array})`),
    sql`, `,
  );
}
