import { sql } from 'drizzle-orm';

/** How array elements travel: `plain` needs no quoting (uuids, numbers, ISO times), `text` does. */
const plainTypes = new Set(['uuid', 'timestamptz', 'bigint', 'int', 'smallint', 'real', 'float8']);
const needsEscape = /["\\]/g;

/**
 * One whole array as one bind parameter (a PostgreSQL array literal such as `{a,"b c",NULL}`,
 * cast on the server) for set-based writes through `unnest(...)`: one parameter per column rather
 * than per row. Numbers travel as their JavaScript text, so `::real[]` rounds exactly as a single
 * `real` parameter would.
 */
export function arrayParam(values: readonly unknown[], pgType: string) {
  const plain = plainTypes.has(pgType);
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) parts[i] = 'NULL';
    else if (plain) parts[i] = String(value);
    else {
      const text = String(value);
      parts[i] = `"${text.includes('"') || text.includes('\\') ? text.replace(needsEscape, '\\$&') : text}"`;
    }
  }
  return sql`${`{${parts.join(',')}}`}::${sql.raw(`${pgType}[]`)}`;
}
