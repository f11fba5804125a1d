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

const momentKeys = [
  'n',
  'exposures',
  'exposures_sq',
  'clicks',
  'clicks_sq',
  'clicks_x_exposures',
  'converted',
  'revenue',
  'revenue_sq',
  'rating_units',
  'rating_sum',
  'rating_count',
  'rating_sum_sq',
  'rating_count_sq',
  'rating_sum_x_count',
] as const;
type MomentKey = (typeof momentKeys)[number];
type DayDelta = Record<MomentKey, number> & { variant: string; day_end: Date | string };

/**
 * What each day adds to the per-variant moments that the results view computes now, counting only
 * events before that day's end. Work is proportional to user-days with activity, not users × days:
 * a user's cumulative value x changes only on their active days, so Σx² grows there by b² − a²
 * (a before, b after), Σxy by b_x·b_y − a_x·a_y, n by one on the first day, `converted` when the
 * purchases first turn positive. The days are summed up in `liftSeries`.
 */
async function dailyDeltas(tx: Tx, key: string, since: Date, firstEnd: Date, lastEnd: Date) {
  // Events before the first shown day count towards it (cumulative from the start).
  const bucket = sql`greatest(date_trunc('day', e.ts at time zone 'UTC') at time zone 'UTC' + interval '24 hours', ${firstEnd.toISOString()}::timestamptz)`;
  const d = (b: string, a = `${b}0`) => `${b} - ${a}`;
  const sq = (b: string) => `${b} ^ 2 - ${b}0 ^ 2`;
  const x = (b: string, c: string) => `${b} * ${c} - ${b}0 * ${c}0`;
  return queryRows<DayDelta>(
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
        cum as (
          select i.user_id, i.day_end,
            sum(exposures) over w as e, sum(clicks) over w as c, sum(purchases) over w as p,
            sum(revenue) over w as r, sum(ratings) over w as k, sum(rating_sum) over w as s
          from incr i window w as (partition by i.user_id order by i.day_end)
        ),
        steps as (
          select user_id, day_end, e, c, p, r, k, s,
            coalesce(lag(e) over w, 0) as e0, coalesce(lag(c) over w, 0) as c0, coalesce(lag(p) over w, 0) as p0,
            coalesce(lag(r) over w, 0) as r0, coalesce(lag(k) over w, 0) as k0, coalesce(lag(s) over w, 0) as s0,
            row_number() over w = 1 as first
          from cum window w as (partition by user_id order by day_end)
        )
        select x.variant, t.day_end, count(*) filter (where t.first)::float8 as n,
          sum(${sql.raw(d('e'))}) as exposures, sum(${sql.raw(sq('e'))}) as exposures_sq,
          sum(${sql.raw(d('c'))}) as clicks, sum(${sql.raw(sq('c'))}) as clicks_sq,
          sum(${sql.raw(x('c', 'e'))}) as clicks_x_exposures,
          count(*) filter (where t.p > 0 and t.p0 = 0)::float8 as converted,
          sum(${sql.raw(d('r'))}) as revenue, sum(${sql.raw(sq('r'))}) as revenue_sq,
          count(*) filter (where t.k > 0 and t.k0 = 0)::float8 as rating_units,
          sum(${sql.raw(d('s'))}) as rating_sum, sum(${sql.raw(d('k'))}) as rating_count,
          sum(${sql.raw(sq('s'))}) as rating_sum_sq, sum(${sql.raw(sq('k'))}) as rating_count_sq,
          sum(${sql.raw(x('s', 'k'))}) as rating_sum_x_count
        from steps t join exposed x using (user_id)
        group by x.variant, t.day_end order by t.day_end`,
  );
}

/** Running totals per variant of the day deltas (ordered by day), snapshotted at every day's end. */
function cumulativeByDay(
  deltas: DayDelta[],
  firstEnd: Date,
  lastEnd: Date,
): Map<number, Map<string, VariantRow>> {
  const totals = new Map<string, VariantRow>();
  const byDay = new Map<number, Map<string, VariantRow>>();
  let k = 0;
  for (let t = firstEnd.getTime(); t <= lastEnd.getTime(); t += DAY_MS) {
    for (; k < deltas.length && new Date(deltas[k]!.day_end).getTime() <= t; k++) {
      const delta = deltas[k]!;
      const running =
        totals.get(delta.variant) ??
        ({ variant: delta.variant, ...Object.fromEntries(momentKeys.map((m) => [m, 0])) } as VariantRow);
      for (const m of momentKeys) running[m] += Number(delta[m]);
      totals.set(delta.variant, running);
    }
    byDay.set(t, new Map([...totals].map(([variant, row]) => [variant, { ...row }])));
  }
  return byDay;
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
  const deltas = await dailyDeltas(tx, experiment.key, experiment.startedAt, firstEnd, lastEnd);
  const byDay = cumulativeByDay(deltas, firstEnd, lastEnd);
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
