import type { ArmStatistics } from '../stats/arms.js';
import type { ExperimentMetric, VariantRow } from './moments.js';

/** The arm statistics of one metric from a variant's moments (ratio metrics carry Σm·d for the delta method). */
export function arm(row: VariantRow, metric: ExperimentMetric): ArmStatistics {
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

export function pointValue(row: VariantRow, metric: ExperimentMetric): number | null {
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
