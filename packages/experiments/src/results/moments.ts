/**
 * The SQL half of experiment results: one pass over the offline store (`events`) per look, giving
 * per-variant moments. Run inside `withTenant` — the queries rely on row-level security for the
 * tenant scope (they do not filter by tenant_id themselves).
 */
import { queryRows, sql, type Tx } from '@tessera/db';

export const experimentMetrics = [
  'ctr',
  'conversion',
  'revenue_per_user',
  'mean_rating',
  'clicks_per_user',
  'ndcg',
  'mrr',
] as const;
export type ExperimentMetric = (typeof experimentMetrics)[number];

export interface VariantRow {
  variant: string;
  n: number;
  exposures: number;
  exposures_sq: number;
  clicks: number;
  clicks_sq: number;
  clicks_x_exposures: number;
  converted: number;
  revenue: number;
  revenue_sq: number;
  rating_units: number;
  rating_sum: number;
  rating_count: number;
  rating_sum_sq: number;
  rating_count_sq: number;
  rating_sum_x_count: number;
  lists?: number;
  lists_sq?: number;
  ndcg?: number;
  ndcg_sq?: number;
  ndcg_x_lists?: number;
  rr?: number;
  rr_sq?: number;
  rr_x_lists?: number;
}

/**
 * Ranking quality of the served lists, per user: each exposure's list is matched with the user's
 * clicks on its items within 30 minutes; a list's NDCG = DCG / ideal DCG of its clicked positions
 * (DCG = Σ 1/log2(position + 1)) and its reciprocal rank = 1 / first clicked position (0 without a
 * click). Per user: Σ over lists and the number of lists, so the metric is a ratio (delta method).
 */
export async function rankingMoments(tx: Tx, experimentKey: string, since: Date) {
  return queryRows<{
    variant: string;
    lists: number;
    lists_sq: number;
    ndcg: number;
    ndcg_sq: number;
    ndcg_x_lists: number;
    rr: number;
    rr_sq: number;
    rr_x_lists: number;
  }>(
    tx,
    sql`with lists as (
          select user_id, props->>'requestId' as rid, props->>'variant' as variant, ts, props->'itemIds' as items
          from events where type = 'exposure' and props->>'experiment' = ${experimentKey} and ts >= ${since}
        ),
        clicked as (
          select l.user_id, l.rid, p.position
          from lists l
          cross join lateral jsonb_array_elements_text(l.items) with ordinality as p(item_id, position)
          where exists (select 1 from events c where c.type = 'click' and c.user_id = l.user_id and c.item_id = p.item_id
                          and c.ts >= l.ts and c.ts < l.ts + interval '30 minutes')
        ),
        per_list as (
          select l.user_id, l.variant, l.rid,
                 coalesce(sum(1 / log(2, c.position + 1)), 0)::float8 as dcg,
                 count(c.position)::int as clicks,
                 coalesce(max(1.0 / c.position), 0)::float8 as rr
          from lists l left join clicked c on c.user_id = l.user_id and c.rid = l.rid
          group by l.user_id, l.variant, l.rid
        ),
        scored as (
          select user_id, variant, rr,
                 case when clicks = 0 then 0 else dcg / (select sum(1 / log(2, g + 1)) from generate_series(1, clicks) g) end as ndcg
          from per_list
        ),
        per_user as (
          select user_id, min(variant) as variant, count(*)::float8 as lists, sum(ndcg)::float8 as ndcg, sum(rr)::float8 as rr
          from scored group by user_id
        )
        select variant, sum(lists) as lists, sum(lists ^ 2) as lists_sq,
               sum(ndcg) as ndcg, sum(ndcg ^ 2) as ndcg_sq, sum(ndcg * lists) as ndcg_x_lists,
               sum(rr) as rr, sum(rr ^ 2) as rr_sq, sum(rr * lists) as rr_x_lists
        from per_user group by variant`,
  );
}

/**
 * One pass over the offline store: users exposed under the experiment (from the API's `exposure`
 * events, first exposure per user) and what they did afterwards, as per-variant sums and sums of
 * squares — exactly the moments the statistics need.
 */
export async function variantMoments(tx: Tx, experimentKey: string, since: Date): Promise<VariantRow[]> {
  return queryRows<VariantRow>(
    tx,
    sql`with exposed as (
          select user_id, min(props->>'variant') as variant, min(ts) as first_ts, count(*)::float8 as exposures
          from events where type = 'exposure' and props->>'experiment' = ${experimentKey} and ts >= ${since}
          group by user_id
        ),
        acts as (
          select e.user_id,
            count(*) filter (where e.type = 'click')::float8 as clicks,
            count(*) filter (where e.type = 'purchase')::float8 as purchases,
            coalesce(sum((e.props->>'value')::float8) filter (where e.type = 'purchase'), 0) as revenue,
            count(*) filter (where e.type = 'rating')::float8 as ratings,
            coalesce(sum((e.props->>'rating')::float8) filter (where e.type = 'rating'), 0) as rating_sum
          from events e join exposed x on x.user_id = e.user_id and e.ts >= x.first_ts
          where e.type in ('click', 'purchase', 'rating') and e.ts >= ${since}
          group by e.user_id
        )
        select x.variant, count(*)::int as n,
          sum(x.exposures) as exposures, sum(x.exposures ^ 2) as exposures_sq,
          sum(coalesce(a.clicks, 0)) as clicks, sum(coalesce(a.clicks, 0) ^ 2) as clicks_sq,
          sum(coalesce(a.clicks, 0) * x.exposures) as clicks_x_exposures,
          count(*) filter (where a.purchases > 0)::int as converted,
          sum(coalesce(a.revenue, 0)) as revenue, sum(coalesce(a.revenue, 0) ^ 2) as revenue_sq,
          count(*) filter (where a.ratings > 0)::int as rating_units,
          sum(coalesce(a.rating_sum, 0)) as rating_sum, sum(coalesce(a.ratings, 0)) as rating_count,
          sum(coalesce(a.rating_sum, 0) ^ 2) as rating_sum_sq, sum(coalesce(a.ratings, 0) ^ 2) as rating_count_sq,
          sum(coalesce(a.rating_sum, 0) * coalesce(a.ratings, 0)) as rating_sum_x_count
        from exposed x left join acts a using (user_id)
        group by x.variant order by x.variant`,
  );
}
