import { queryRows, sql, type Tx } from '@tessera/db';

/** Retention looks back 12 weeks: 8 weekly periods after a cohort's first, plus cohorts to fill them. */
export const historyDays = 84;

/** Days per mask word (31 bits keep every mask a positive `int`), and words per user row. */
const wordDays = 31;
const words = 3;

/**
 * Each user's distinct active UTC days (day numbers, ascending): events other than exposures
 * with `ts > now() − 84 days`. The server folds them into one row per user with three 31-day bit
 * masks (day `first + k` in bit k mod 31 of word ⌊k / 31⌋); the rare days past the masks (events
 * stamped more than 9 days ahead) come from a second, index-bounded query.
 *
 * Why: one row per active user-day (4.7M at 10M events) made the server hash millions of groups
 * through spill files — past the 180 s statement timeout in the bench — and the client build
 * millions of row objects. Grouping by user alone keeps ~100k small groups in memory. The day is
 * `floor(date_part('epoch', ts) / 86400)`: double precision, where `extract(epoch …)` is numeric
 * and, evaluated once per aggregate, cost more than the scan.
 */
export async function activeDaysByUser(tx: Tx): Promise<Map<string, number[]>> {
  const since = sql`(now() - ${`${historyDays} days`}::interval)`;
  const first = sql`floor(date_part('epoch', ${since}) / 86400)::int`;
  const dayOf = sql`floor(date_part('epoch', ts) / 86400)::int`;
  const masks = Array.from({ length: words }, (_, w) => {
    const bit = sql`${dayOf} - ${first} - ${w * wordDays}`;
    return sql`coalesce(bit_or(1 << (${bit})) filter (where ${bit} between 0 and ${wordDays - 1}), 0)`;
  });
  const rows = await queryRows<{ user_id: string; first: number; w0: number; w1: number; w2: number }>(
    tx,
    sql`select user_id, ${first} as first, ${sql.join(
      masks.map((m, w) => sql`${m} as ${sql.raw(`w${w}`)}`),
      sql`, `,
    )}
        from events where ts > ${since} and type <> 'exposure' group by user_id`,
  );
  const later = await queryRows<{ user_id: string; day: number }>(
    tx,
    sql`select user_id, ${dayOf} as day from events
        where ts >= to_timestamp((${first} + ${words * wordDays}) * 86400.0) and type <> 'exposure' group by 1, 2`,
  );
  const byUser = new Map<string, number[]>();
  for (const row of rows) {
    const days: number[] = [];
    const masksOfRow = [row.w0, row.w1, row.w2];
    for (let w = 0; w < words; w++)
      for (let bits = masksOfRow[w]!, b = 0; bits !== 0; bits >>>= 1, b++)
        if (bits & 1) days.push(row.first + w * wordDays + b);
    byUser.set(row.user_id, days);
  }
  // Days past the masks come after every masked day, so only their own order needs restoring.
  for (const row of later.sort((a, b) => a.day - b.day)) byUser.get(row.user_id)?.push(row.day);
  return byUser;
}
