import { type Db, queryRows, sql, type Tx, withTenant } from '@tessera/db';
import {
  type EngagementHistory,
  engagementHistory,
  type FunnelCounts,
  funnelCounts,
} from './engagement-history.js';
import { influencerRanking, influencerSnapshotSize, type RankedInfluencer } from './influence-ranking.js';
import {
  type TrendingItemRow,
  type TrendingWindow,
  trendingItems,
  trendingSnapshotSize,
  trendingWindows,
} from './trending-items.js';

export interface InfluencerSnapshot {
  ranked: RankedInfluencer[];
}

/** The top `trendingSnapshotSize` trending items of one window, as `trendingItems` ranks them. */
export interface TrendingSnapshot {
  items: TrendingItemRow[];
}

/** Snapshot keys: the history, the influencers, and one funnel per window interval (e.g. `funnel:30 days`). */
export const historyKey = 'history';
export const influencersKey = 'influencers';
export const funnelKey = (interval: string) => `funnel:${interval}`;
/** One trending snapshot per window, e.g. `trending:hour:24 hours`. */
export const trendingKey = (window: TrendingWindow) => `trending:${window.grain}:${window.interval}`;

/** The API's analytics windows (HOUR, DAY, WEEK, MONTH): a funnel snapshot is kept for each. */
export const funnelWindowIntervals = ['1 hour', '24 hours', '7 days', '30 days'] as const;

/** Longest a single snapshot statement may run (seconds). */
const statementTimeoutSeconds = 180;

/** How old a snapshot may be and still be served (default 15 min: three worker refresh periods). */
export const defaultSnapshotMaxAgeSeconds = 900;

/**
 * How old a trending snapshot may be and still be served (10 min: two worker refresh periods).
 * Trending moves faster than retention or the funnel, and its HOUR window is only an hour long.
 */
export const trendingSnapshotMaxAgeSeconds = 600;

/**
 * Recomputes one tenant's engagement snapshots from its events and stores them; returns the
 * milliseconds each took. `funnelIntervals` and `trending` are the windows the API offers.
 */
export async function refreshEngagementSnapshots(
  db: Db,
  tenantId: string,
  funnelIntervals: readonly string[],
  trending: readonly TrendingWindow[] = trendingWindows,
): Promise<Record<string, number>> {
  const took: Record<string, number> = {};
  const store = async (key: string, compute: (tx: Tx) => Promise<object>) => {
    const started = performance.now();
    await withTenant(db, tenantId, async (tx) => {
      // A runaway snapshot query must not hold a core: it fails, the API computes live meanwhile.
      // The history's per-user aggregate (~100k groups at 10M events) fits in 64 MB without spilling.
      await tx.execute(
        sql`select set_config('statement_timeout', ${`${statementTimeoutSeconds}s`}, true), set_config('work_mem', '64MB', true)`,
      );
      const payload = await compute(tx);
      await tx.execute(sql`insert into engagement_snapshots (tenant_id, unit, computed_at, payload)
        values (${tenantId}, ${key}, now(), ${JSON.stringify(payload)}::jsonb)
        on conflict (tenant_id, unit) do update set computed_at = excluded.computed_at, payload = excluded.payload`);
    });
    took[key] = Math.round(performance.now() - started);
  };
  await store(historyKey, engagementHistory);
  await store(influencersKey, async (tx) => ({
    ranked: await influencerRanking(tx, influencerSnapshotSize),
  }));
  for (const interval of funnelIntervals)
    await store(funnelKey(interval), (tx) => funnelCounts(tx, interval));
  for (const window of trending)
    await store(trendingKey(window), async (tx) => ({
      items: await trendingItems(tx, window, trendingSnapshotSize),
    }));
  return took;
}

/** A snapshot no older than `maxAgeSeconds`, or undefined (the caller then computes live). */
export async function readSnapshot<
  T extends EngagementHistory | FunnelCounts | InfluencerSnapshot | TrendingSnapshot,
>(tx: Tx, key: string, maxAgeSeconds = defaultSnapshotMaxAgeSeconds): Promise<T | undefined> {
  const [row] = await queryRows<{ payload: T }>(
    tx,
    sql`select payload from engagement_snapshots
        where unit = ${key} and computed_at > now() - make_interval(secs => ${maxAgeSeconds})`,
  );
  return row?.payload;
}
