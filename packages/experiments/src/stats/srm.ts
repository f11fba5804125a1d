import { ExperimentInputError, requireCount, requireFinite } from '../errors.js';
import { chiSquareSf } from '../math/chi-square.js';

/** GrowthBook's default alarm level: an SRM p-value below this means the split is broken. */
export const SRM_P_VALUE_THRESHOLD = 0.001;

/**
 * Sample-ratio-mismatch check: Pearson χ² goodness of fit of observed unit counts to the
 * configured weights, p = P(χ²_{k−1} > Σ (o − e)²/e) over the k arms that can receive traffic.
 * Arms with weight 0 are skipped (they should have no traffic to compare), and so are trailing
 * arms with no count yet; with fewer than two arms left, or no units, there is nothing to test
 * and the result is 1. A p-value below `SRM_P_VALUE_THRESHOLD` means assignment or
 * exposure logging is broken and the results should not be trusted.
 */
export function srm(counts: readonly number[], weights: readonly number[]): number {
  if (counts.length > weights.length) {
    throw new ExperimentInputError(
      `${counts.length} counts but only ${weights.length} weights`,
      'pass one weight per variation, in the same order as the counts',
    );
  }
  const arms: Array<[observed: number, weight: number]> = [];
  weights.forEach((w, i) => {
    const weight = requireFinite(w, `weights[${i}]`);
    if (weight < 0)
      throw new ExperimentInputError(
        `weights[${i}] is negative (${weight})`,
        'weights are traffic shares >= 0',
      );
    if (i < counts.length) {
      const observed = requireCount(counts[i], `counts[${i}]`);
      if (weight > 0) arms.push([observed, weight]);
    }
  });
  const total = arms.reduce((s, [o]) => s + o, 0);
  if (arms.length < 2 || total === 0) return 1;
  const totalWeight = arms.reduce((s, [, w]) => s + w, 0);
  let x2 = 0;
  for (const [o, w] of arms) {
    const e = (w / totalWeight) * total;
    x2 += (o - e) ** 2 / e;
  }
  return chiSquareSf(x2, arms.length - 1);
}
