import { queryRows, sql, type Tx } from '@tessera/db';
import {
  type ArmStatistics,
  bayesian,
  frequentist,
  isExperimentInputError,
  SRM_P_VALUE_THRESHOLD,
  srm,
} from '@tessera/experiments';

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

interface VariantRow {
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

function arm(row: VariantRow, metric: ExperimentMetric): ArmStatistics {
  const num = (v: unknown) => Number(v ?? 0);
  switch (metric) {
    case 'ctr':
      return {
        n: row.n,
        numerator: { sum: num(row.clicks), sumSquares: num(row.clicks_sq) },
        denominator: { sum: num(row.exposures), sumSquares: num(row.exposures_sq) },
        sumOfProducts: num(row.clicks_x_exposures),
      };
    case 'conversion':
      return { n: row.n, successes: row.converted };
    case 'revenue_per_user':
      return { n: row.n, sum: num(row.revenue), sumSquares: num(row.revenue_sq) };
    case 'clicks_per_user':
      return { n: row.n, sum: num(row.clicks), sumSquares: num(row.clicks_sq) };
    case 'ndcg':
    case 'mrr': {
      const m =
        metric === 'ndcg' ? [row.ndcg, row.ndcg_sq, row.ndcg_x_lists] : [row.rr, row.rr_sq, row.rr_x_lists];
      return {
        n: row.n,
        numerator: { sum: num(m[0]), sumSquares: num(m[1]) },
        denominator: { sum: num(row.lists), sumSquares: num(row.lists_sq) },
        sumOfProducts: num(m[2]),
      };
    }
    case 'mean_rating':
      return {
        n: row.n,
        numerator: { sum: num(row.rating_sum), sumSquares: num(row.rating_sum_sq) },
        denominator: { sum: num(row.rating_count), sumSquares: num(row.rating_count_sq) },
        sumOfProducts: num(row.rating_sum_x_count),
      };
  }
}

function pointValue(row: VariantRow, metric: ExperimentMetric): number | null {
  const n = row.n || 0;
  switch (metric) {
    case 'ctr':
      return Number(row.exposures) > 0 ? Number(row.clicks) / Number(row.exposures) : null;
    case 'conversion':
      return n > 0 ? row.converted / n : null;
    case 'revenue_per_user':
      return n > 0 ? Number(row.revenue) / n : null;
    case 'clicks_per_user':
      return n > 0 ? Number(row.clicks) / n : null;
    case 'mean_rating':
      return Number(row.rating_count) > 0 ? Number(row.rating_sum) / Number(row.rating_count) : null;
    case 'ndcg':
      return Number(row.lists ?? 0) > 0 ? Number(row.ndcg) / Number(row.lists) : null;
    case 'mrr':
      return Number(row.lists ?? 0) > 0 ? Number(row.rr) / Number(row.lists) : null;
  }
}

export interface Estimate {
  effect: number;
  ciLow: number;
  ciHigh: number;
  pValue: number;
}
export interface VariantResult {
  variant: string;
  control: boolean;
  n: number;
  value: number | null;
  frequentist: Estimate | null;
  sequential: Estimate | null;
  bayesian: {
    effect: number;
    ciLow: number;
    ciHigh: number;
    chanceToWin: number;
    riskControl: number;
    riskTreatment: number;
  } | null;
  error: string | null;
}
export interface MetricResult {
  metric: ExperimentMetric;
  guardrail: boolean;
  variants: VariantResult[];
}
export interface ExperimentResults {
  units: { variant: string; users: number }[];
  srmPValue: number;
  srmWarning: boolean;
  metrics: MetricResult[];
  verdict: string;
  lookedAt: Date;
}

export interface ExperimentConfig {
  key: string;
  variants: { key: string; weight: number }[];
  metrics: string[];
  guardrails: string[];
  startedAt: Date | null;
}

/** Everything the results view needs, computed at this look: SRM first, then every metric. */
export async function computeResults(
  tx: Tx,
  experiment: ExperimentConfig,
  alpha: number,
): Promise<ExperimentResults> {
  const since = experiment.startedAt ?? new Date(0);
  const rows = await variantMoments(tx, experiment.key, since);
  const byVariant = new Map(rows.map((r) => [r.variant, r]));
  const wanted = [...experiment.metrics, ...experiment.guardrails];
  if (wanted.includes('ndcg') || wanted.includes('mrr')) {
    for (const ranking of await rankingMoments(tx, experiment.key, since)) {
      const row = byVariant.get(ranking.variant);
      if (row) Object.assign(row, ranking);
    }
  }
  const units = experiment.variants.map((v) => ({ variant: v.key, users: byVariant.get(v.key)?.n ?? 0 }));
  const srmPValue = srm(
    units.map((u) => u.users),
    experiment.variants.map((v) => v.weight),
  );
  const srmWarning = srmPValue < SRM_P_VALUE_THRESHOLD;
  const total = units.reduce((a, u) => a + u.users, 0);
  const control = experiment.variants[0]!;
  const chosen = (experiment.metrics.length ? experiment.metrics : ['ctr', 'conversion']).filter(
    (m): m is ExperimentMetric => (experimentMetrics as readonly string[]).includes(m),
  );
  const guardrails = experiment.guardrails.filter((m): m is ExperimentMetric =>
    (experimentMetrics as readonly string[]).includes(m),
  );
  const metrics: MetricResult[] = [
    ...chosen.map((m) => ({ m, guardrail: false })),
    ...guardrails.map((m) => ({ m, guardrail: true })),
  ].map(({ m, guardrail }) => ({
    metric: m,
    guardrail,
    variants: experiment.variants.map((v): VariantResult => {
      const row = byVariant.get(v.key);
      const base = {
        variant: v.key,
        control: v.key === control.key,
        n: row?.n ?? 0,
        value: row ? pointValue(row, m) : null,
      };
      if (v.key === control.key)
        return { ...base, frequentist: null, sequential: null, bayesian: null, error: null };
      const controlRow = byVariant.get(control.key);
      if (!row || !controlRow)
        return { ...base, frequentist: null, sequential: null, bayesian: null, error: 'not enough data yet' };
      try {
        const input = { control: arm(controlRow, m), treatment: arm(row, m), relative: true, alpha };
        const fixed = frequentist(input);
        // Tuned to twice the units seen so far: the sequence stays valid whatever the final size.
        const sequential = frequentist({ ...input, sequentialTuning: Math.max(total * 2, 1000) });
        const bayes = bayesian(input);
        return {
          ...base,
          frequentist: {
            effect: fixed.effect,
            ciLow: fixed.ci[0],
            ciHigh: fixed.ci[1],
            pValue: fixed.pValue,
          },
          sequential: {
            effect: sequential.effect,
            ciLow: sequential.ci[0],
            ciHigh: sequential.ci[1],
            pValue: sequential.pValue,
          },
          bayesian: {
            effect: bayes.effect,
            ciLow: bayes.ci[0],
            ciHigh: bayes.ci[1],
            chanceToWin: bayes.chanceToWin,
            riskControl: bayes.risk[0],
            riskTreatment: bayes.risk[1],
          },
          error: null,
        };
      } catch (error) {
        if (isExperimentInputError(error))
          return {
            ...base,
            frequentist: null,
            sequential: null,
            bayesian: null,
            error: `not enough data yet: ${error.message}`,
          };
        throw error;
      }
    }),
  }));
  return {
    units,
    srmPValue,
    srmWarning,
    metrics,
    verdict: verdict(srmWarning, metrics, alpha),
    lookedAt: new Date(),
  };
}

/** The result in one sentence, from the always-valid (sequential) intervals so it is safe to read at any time. */
function verdict(srmWarning: boolean, metrics: MetricResult[], alpha: number): string {
  if (srmWarning)
    return 'Sample ratio mismatch: the traffic split is not what was configured, so the results cannot be trusted. Check the assignment and the exposure logging before reading any metric.';
  const primary = metrics.find((m) => !m.guardrail);
  if (!primary) return 'No metric configured.';
  const sentences: string[] = [];
  for (const v of primary.variants) {
    if (v.control) continue;
    if (!v.sequential) {
      sentences.push(`${v.variant}: not enough data yet.`);
      continue;
    }
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const significant = v.sequential.pValue < alpha;
    if (significant && v.sequential.effect > 0)
      sentences.push(
        `${v.variant} beats control on ${primary.metric} by ${pct(v.sequential.effect)} (always-valid ${pct(1 - alpha)} interval ${pct(v.sequential.ciLow)} to ${pct(v.sequential.ciHigh)}).`,
      );
    else if (significant)
      sentences.push(
        `${v.variant} is worse than control on ${primary.metric} by ${pct(-v.sequential.effect)}.`,
      );
    else
      sentences.push(
        `${v.variant}: no significant difference on ${primary.metric} yet (chance to beat control ${pct(v.bayesian?.chanceToWin ?? 0.5)}); keep it running.`,
      );
  }
  for (const g of metrics.filter((m) => m.guardrail)) {
    for (const v of g.variants) {
      if (!v.control && v.sequential && v.sequential.pValue < alpha && v.sequential.effect < 0)
        sentences.push(`Guardrail ${g.metric} is hurt in ${v.variant}.`);
    }
  }
  return sentences.join(' ');
}
