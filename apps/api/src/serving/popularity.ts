import { type Db, queryRows, sql, windowBuckets, withTenant } from '@tessera/db';
import { trendingEngagementScore } from '@tessera/social/rollups';
import { TenantCache } from './tenant-cache.js';

export type WindowName = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';

/** Bucket-aligned windows: hourly buckets for 1h/24h, daily ones for 7d/30d (see windowBuckets). */
export const windows: Record<WindowName, { grain: 'hour' | 'day'; interval: string }> = {
  HOUR: { grain: 'hour', interval: '1 hour' },
  DAY: { grain: 'hour', interval: '24 hours' },
  WEEK: { grain: 'day', interval: '7 days' },
  MONTH: { grain: 'day', interval: '30 days' },
};

/** One weighting of engagement for serving's popularity lists and the analytics' trending score. */
const engagementScore = trendingEngagementScore;

export interface RankedIds {
  ids: string[];
  scores: number[];
}

/**
 * Trending per window and lifetime popularity per tenant, refreshed every few seconds: the
 * cold-start and fallback candidates of every recommendation.
 */
export class PopularityCache {
  private readonly trendingCaches = new Map<WindowName, TenantCache<RankedIds>>();
  private readonly popular: TenantCache<RankedIds>;
  private readonly bySegment: TenantCache<Map<string, RankedIds>>;

  constructor(
    private readonly db: Db,
    ttlMs = 5_000,
    private readonly depth = 500,
  ) {
    for (const name of Object.keys(windows) as WindowName[]) {
      this.trendingCaches.set(name, new TenantCache(ttlMs, (tenantId) => this.loadTrending(tenantId, name)));
    }
    this.popular = new TenantCache(ttlMs * 3, (tenantId) => this.loadPopular(tenantId));
    this.bySegment = new TenantCache(ttlMs * 12, (tenantId) => this.loadSegments(tenantId));
  }

  /** What users of a segment (e.g. a region) engaged with this week: the cold-start list for a known user. */
  async segment(tenantId: string, segment: string): Promise<RankedIds> {
    return (await this.bySegment.get(tenantId)).get(segment) ?? { ids: [], scores: [] };
  }

  trending(tenantId: string, window: WindowName): Promise<RankedIds> {
    return this.trendingCaches.get(window)!.get(tenantId);
  }

  popularity(tenantId: string): Promise<RankedIds> {
    return this.popular.get(tenantId);
  }

  private async loadTrending(tenantId: string, name: WindowName): Promise<RankedIds> {
    const { grain, interval } = windows[name];
    const rows = await withTenant(this.db, tenantId, (tx) =>
      queryRows<{ id: string; score: number }>(
        tx,
        sql`select entity_id as id, sum(${engagementScore})::float8 as score
            from ${windowBuckets(grain, sql`now() - ${interval}::interval - interval '1 ${sql.raw(grain)}'`)} b
            group by entity_id order by score desc, entity_id limit ${this.depth}`,
      ),
    );
    return { ids: rows.map((r) => r.id), scores: rows.map((r) => Number(r.score)) };
  }

  private async loadSegments(tenantId: string): Promise<Map<string, RankedIds>> {
    const rows = await withTenant(this.db, tenantId, (tx) =>
      queryRows<{ segment: string; id: string; score: number }>(
        tx,
        sql`select segment, item_id as id, score from (
              select u.segment, i.item_id, sum(i.strength)::float8 as score,
                     row_number() over (partition by u.segment order by sum(i.strength) desc, i.item_id) as rank
              from interactions i join users u on u.id = i.user_id
              where u.segment is not null and i.strength > 0 and i.last_ts > now() - interval '7 days'
              group by u.segment, i.item_id) ranked
            where rank <= 100 order by segment, rank`,
      ),
    );
    const out = new Map<string, RankedIds>();
    for (const row of rows) {
      const list = out.get(row.segment) ?? { ids: [], scores: [] };
      list.ids.push(row.id);
      list.scores.push(Number(row.score));
      out.set(row.segment, list);
    }
    return out;
  }

  private async loadPopular(tenantId: string): Promise<RankedIds> {
    const rows = await withTenant(this.db, tenantId, (tx) =>
      queryRows<{ id: string; score: number }>(
        tx,
        sql`select item_id as id, ${engagementScore}::float8 as score from item_features
            order by score desc, item_id limit ${this.depth}`,
      ),
    );
    return { ids: rows.map((r) => r.id), scores: rows.map((r) => Number(r.score)) };
  }
}
