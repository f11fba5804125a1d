import { sql } from '@tessera/db';

/**
 * A rolling window `ts > now() − interval` split where the hourly rollups take over: `start` is
 * the window's open lower bound and `firstHour` the first UTC hour boundary after it. Whole hours
 * from `firstHour` on come from the rollups (later hours included, as the raw scan has no upper
 * bound); only events in (start, firstHour) are read from `events`, at most one hour of them. Both
 * are stable expressions, so they bound index scans and prune partitions like a literal would.
 */
export function windowBounds(interval: string) {
  const start = sql`(now() - ${interval}::interval)`;
  return {
    start,
    firstHour: sql`(date_trunc('hour', ${start} at time zone 'UTC') at time zone 'UTC' + interval '1 hour')`,
  };
}
