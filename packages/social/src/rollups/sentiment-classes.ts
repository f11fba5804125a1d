import { sql } from '@tessera/db';

/**
 * The sentiment classes every social query reports (VADER's convention): positive when the
 * compound score is ≥ 0.05, negative when ≤ −0.05, neutral between. `column` is a `real` sentiment.
 */
export const sentimentClassSums = (column: string) => {
  const c = sql.raw(column);
  return sql`count(*) filter (where ${c} >= 0.05), count(*) filter (where ${c} > -0.05 and ${c} < 0.05),
             count(*) filter (where ${c} <= -0.05)`;
};

/** The UTC hour of a timestamptz, whatever the session's time zone (the rollups' bucket key). */
export const utcHour = (column: string) =>
  sql`date_trunc('hour', ${sql.raw(column)} at time zone 'UTC') at time zone 'UTC'`;

/** The same classes as 0/1 flags of one row, in the same order. */
export const sentimentClassFlags = (column: string) => {
  const c = sql.raw(column);
  return sql`(${c} >= 0.05)::int, (${c} > -0.05 and ${c} < 0.05)::int, (${c} <= -0.05)::int`;
};
