import { queryRows, sql, type Tx } from '@tessera/db';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { frequentist, isExperimentInputError } from '@tessera/experiments';
import { arm, type ExperimentMetric, type VariantRow } from '@tessera/experiments/results';

/** Metrics with per-user moments that add up day by day (the ranking metrics need served lists). */
export const liftSeriesMetrics = [
  'ctr',
  'conversion',
  'revenue_per_user',
  'clicks_per_user',
  'mean_rating',
] as const satisfies readonly ExperimentMetric[];
type LiftMetric = (typeof liftSeriesMetrics)[number];

const DAY_MS = 86_400_000;

export interface LiftPoint {
  day: Date;
  variant: string;
  n: number;
  controlN: number;
  effect: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  error: string | null;
}

export interface LiftExperiment {
  key: string;
  variants: { key: string }[];
  metrics: string[];
  guardrails: string[];
  startedAt: Date | null;
  stoppedAt: Date | null;
}

const isLiftMetric = (m: string): m is LiftMetric => (liftSeriesMetrics as readonly string[]).includes(m);

export function chooseLiftMetric(experiment: LiftExperiment, asked: string | null | undefined): LiftMetric {
  if (asked) {
    if (!isLiftMetric(asked))
      throw new TesseraError(ErrorCodes.BadUserInput, `no lift series for metric ${asked}`, {
        hint: `use one of ${liftSeriesMetrics.join(', ')}`,
      });
    return asked;
  }
  return [...experiment.metrics, ...experiment.guardrails].find(isLiftMetric) ?? 'ctr';
}

/** UTC midnight after `at`: the exclusive end of `at`'s day. */
const dayEnd = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS + DAY_MS);

/**
 * Per-variant moments at the end of each day, as the results view computes them now but counting
 * only events before that day's end: per user and day the increments, summed cumulatively over the
 * days (a window sum), then the same sums and sums of squares per variant.
 */
async function dailyMoments(tx: Tx, key: string, since: Date, firstEnd: Date, lastEnd: Date) {
  const first = firstEnd.toISOString();
  const bucket = sql`greatest(date_trunc('day', e.ts at time zone 'UTC') at time zone 'UTC' + interval '24 hours', ${first}::timestamptz)`;
  return queryRows<VariantRow & { day_end: Date | string }>(
    tx,
    sql`with exposed as (
          select user_id, min(props->>'variant') as variant, min(ts) as first_ts
          from events where type = 'exposure' and props->>'experiment' = ${key} and ts >= ${since}
          group by user_id
        ),
        incr as (
          select e.user_id, ${bucket} as day_end,
            count(*) filter (where e.type = 'exposure')::float8 as exposures,
            count(*) filter (where e.type = 'click')::float8 as clicks,
            count(*) filter (where e.type = 'purchase')::float8 as purchases,
            coalesce(sum((e.props->>'value')::float8) filter (where e.type = 'purchase'), 0) as revenue,
            count(*) filter (where e.type = 'rating')::float8 as ratings,
            coalesce(sum((e.props->>'rating')::float8) filter (where e.type = 'rating'), 0) as rating_sum
          from events e join exposed x on x.user_id = e.user_id
          where e.ts >= x.first_ts and e.ts < ${lastEnd}
            and ((e.type = 'exposure' and e.props->>'experiment' = ${key}) or e.type in ('click', 'purchase', 'rating'))
          group by 1, 2
        ),
        days as (
          select d as day_end from generate_series(${first}::timestamptz, ${lastEnd.toISOString()}::timestamptz, interval '24 hours') d
        ),
        cum as (
          select g.variant, g.day_end,
            sum(coalesce(i.exposures, 0)) over w as exposures, sum(coalesce(i.clicks, 0)) over w as clicks,
            sum(coalesce(i.purchases, 0)) over w as purchases, sum(coalesce(i.revenue, 0)) over w as revenue,
            sum(coalesce(i.ratings, 0)) over w as ratings, sum(coalesce(i.rating_sum, 0)) over w as rating_sum
          from (select x.user_id, x.variant, d.day_end from exposed x join days d on d.day_end > x.first_ts) g
          left join incr i on i.user_id = g.user_id and i.day_end = g.day_end
          window w as (partition by g.user_id order by g.day_end)
        )
        select day_end, variant, count(*)::int as n,
          sum(exposures) as exposures, sum(exposures ^ 2) as exposures_sq,
          sum(clicks) as clicks, sum(clicks ^ 2) as clicks_sq, sum(clicks * exposures) as clicks_x_exposures,
          count(*) filter (where purchases > 0)::int as converted,
          sum(revenue) as revenue, sum(revenue ^ 2) as revenue_sq,
          count(*) filter (where ratings > 0)::int as rating_units,
          sum(rating_sum) as rating_sum, sum(ratings) as rating_count,
          sum(rating_sum ^ 2) as rating_sum_sq, sum(ratings ^ 2) as rating_count_sq,
          sum(rating_sum * ratings) as rating_sum_x_count
        from cum group by day_end, variant order by day_end, variant`,
  );
}

/**
 * Cumulative relative lift of every variant over control at the end of each day, with the
 * always-valid interval. One confidence sequence for the whole series: tuned to twice the final
 * number of users (as the results view tunes it at this look), so the last point equals the
 * results view's sequential estimate and every earlier point is a valid look at the same sequence.
 */
export async function liftSeries(
  tx: Tx,
  experiment: LiftExperiment,
  metric: LiftMetric,
  options: { days: number; alpha: number; now?: Date },
): Promise<LiftPoint[]> {
  if (!experiment.startedAt) return [];
  const lastEnd = dayEnd(experiment.stoppedAt ?? options.now ?? new Date());
  const startEnd = dayEnd(experiment.startedAt);
  const firstEnd = new Date(Math.max(startEnd.getTime(), lastEnd.getTime() - (options.days - 1) * DAY_MS));
  const rows = await dailyMoments(tx, experiment.key, experiment.startedAt, firstEnd, lastEnd);
  const byDay = new Map<number, Map<string, VariantRow>>();
  for (const row of rows) {
    const t = new Date(row.day_end).getTime();
    if (!byDay.has(t)) byDay.set(t, new Map());
    byDay.get(t)!.set(row.variant, row);
  }
  const last = byDay.get(lastEnd.getTime());
  const total = last ? [...last.values()].reduce((a, r) => a + r.n, 0) : 0;
  const sequentialTuning = Math.max(total * 2, 1000);
  const [control, ...treatments] = experiment.variants;
  const points: LiftPoint[] = [];
  for (let t = firstEnd.getTime(); t <= lastEnd.getTime(); t += DAY_MS) {
    const day = byDay.get(t);
    const controlRow = day?.get(control!.key);
    for (const v of treatments) {
      const row = day?.get(v.key);
      const base = { day: new Date(t), variant: v.key, n: row?.n ?? 0, controlN: controlRow?.n ?? 0 };
      if (!row || !controlRow) {
        points.push({ ...base, effect: null, ciLow: null, ciHigh: null, error: 'not enough data yet' });
        continue;
      }
      try {
        const estimate = frequentist({
          control: arm(controlRow, metric),
          treatment: arm(row, metric),
          relative: true,
          alpha: options.alpha,
          sequentialTuning,
        });
        points.push({
          ...base,
          effect: estimate.effect,
          ciLow: estimate.ci[0],
          ciHigh: estimate.ci[1],
          error: null,
        });
      } catch (error) {
        if (!isExperimentInputError(error)) throw error;
        points.push({
          ...base,
          effect: null,
          ciLow: null,
          ciHigh: null,
          error: `not enough data yet: ${error.message}`,
        });
      }
    }
  }
  return points;
}
