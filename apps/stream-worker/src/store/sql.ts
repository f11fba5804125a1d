import { sql } from '@tessera/db';
import { isoFromMs } from '@tessera/events';

export type Fragment = ReturnType<typeof sql>;

/** How the elements of an array travel: `plain` needs no quoting (uuids, numbers, ISO times), `text` does. */
const encodings: Record<string, 'plain' | 'text'> = {
  uuid: 'plain',
  text: 'text',
  timestamptz: 'plain',
  bigint: 'plain',
  int: 'plain',
  smallint: 'plain',
  real: 'plain',
  float8: 'plain',
  jsonb: 'text',
};

const needsEscape = /["\\]/g;

/**
 * A PostgreSQL array literal (`{a,"b c",NULL}`) built in one pass. The `pg` driver's own array
 * serialisation escapes element by element with a regex and was ~45 µs per event of worker CPU;
 * here a text element is quoted, and only escaped when it holds `"` or `\`.
 */
export function arrayLiteral(values: readonly unknown[], encoding: 'plain' | 'text'): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) parts[i] = 'NULL';
    else if (encoding === 'plain') parts[i] = String(value);
    else {
      const text = String(value);
      parts[i] = `"${text.includes('"') || text.includes('\\') ? text.replace(needsEscape, '\\$&') : text}"`;
    }
  }
  return `{${parts.join(',')}}`;
}

/**
 * One whole array as one bind parameter (a text array literal), cast on the server, for
 * `unnest(...)`. A literal rather than a JS array also lets PGlite take arrays of enum types,
 * which its own serialiser does not know.
 */
export function arrayParam(values: readonly unknown[], pgType: string): Fragment {
  const encoding = encodings[pgType] ?? 'text';
  return sql`${arrayLiteral(values, encoding)}::${sql.raw(`${pgType}[]`)}`;
}

/** NaN (an unknown time) becomes NULL, which least()/greatest() ignore. */
export function isoOf(ms: number): string | null {
  return Number.isFinite(ms) ? isoFromMs(ms) : null;
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
