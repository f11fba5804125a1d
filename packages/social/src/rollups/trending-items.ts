import { queryRows, sql, type Tx, windowBuckets } from '@tessera/db';

/** A trending window: its length and the bucket grain that tiles it (hourly up to a day, daily beyond). */
export interface TrendingWindow {
  grain: 'hour' | 'day';
  interval: string;
}

export interface TrendingItemRow {
  item_id: string;
  current: number;
  baseline: number;
  z_score: number;
}

/** The API's analytics windows (HOUR, DAY, WEEK, MONTH): a trending snapshot is kept for each. */
export const trendingWindows: readonly TrendingWindow[] = [
  { grain: 'hour', interval: '1 hour' },
  { grain: 'hour', interval: '24 hours' },
  { grain: 'day', interval: '7 days' },
  { grain: 'day', interval: '30 days' },
];

/** Items kept in a trending snapshot: enough for any `trending(count)` the API allows (≤ 100). */
export const trendingSnapshotSize = 100;

/** Engagement weights of the trending score: deeper actions count more than glances. */
export const trendingEngagementScore = sql`(views + 2 * clicks + 3 * likes + 4 * shares + 3 * comments + 5 * purchases)`;

/**
 * Engagement per item in the window against the mean and variance of the four windows before it:
 * z = (current − mean) / sqrt(variance + mean + 1), the `+ mean + 1` a Poisson floor so an item
 * with a flat or empty history does not divide by ~0. Ties break on the item id, so the first
 * `count` rows of a longer answer are the answer for `count`.
 */
export async function trendingItems(
  tx: Tx,
  window: TrendingWindow,
  count: number,
): Promise<TrendingItemRow[]> {
  const { grain, interval } = window;
  return queryRows<TrendingItemRow>(
    tx,
    sql`with per_window as (
          select entity_id, floor(extract(epoch from now() - bucket_start) / extract(epoch from ${interval}::interval))::int as k,
                 sum(${trendingEngagementScore})::float8 as score
          from ${windowBuckets(grain, sql`now() - 5 * ${interval}::interval`)} b
          group by 1, 2
        ), stats as (
          select entity_id,
                 coalesce(sum(score) filter (where k = 0), 0) as current,
                 coalesce(sum(score) filter (where k between 1 and 4), 0) / 4 as baseline,
                 coalesce(sum(score * score) filter (where k between 1 and 4), 0) / 4 as second_moment
          from per_window group by entity_id
        )
        select entity_id as item_id, current, baseline,
               (current - baseline) / sqrt(greatest(second_moment - baseline * baseline, 0) + baseline + 1) as z_score
        from stats where current > 0 order by z_score desc, entity_id limit ${count}`,
  );
}
