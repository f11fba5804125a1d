import { ExperimentInputError, requireCount, requireFinite } from '../errors.js';

/** Half-open interval [start, end) of the hash space that maps to one variation. */
export type BucketRange = readonly [start: number, end: number];

/** n equal traffic shares (GrowthBook's `getEqualWeights`); empty for n <= 0. */
export function equalWeights(n: number): number[] {
  return n <= 0 ? [] : new Array<number>(n).fill(1 / n);
}

/**
 * Splits [0, 1) into one range per variation, exactly as GrowthBook's `getBucketRanges`:
 * variation i starts at the cumulative weight before it and covers `coverage * weight_i`, so
 * lowering coverage never moves a user into another variation. Like the SDK, coverage is clamped
 * to [0, 1] and weights that do not match `n` or do not sum to 1 (±0.01) fall back to equal weights;
 * use `validateAllocation` where a configuration is entered, to reject such input instead.
 */
export function bucketRanges(n: number, coverage = 1, weights?: readonly number[]): BucketRange[] {
  requireCount(n, 'n');
  let cover = requireFinite(coverage, 'coverage');
  cover = Math.min(1, Math.max(0, cover));
  let w: readonly number[] = weights ?? equalWeights(n);
  w.forEach((x, i) => {
    requireFinite(x, `weights[${i}]`);
  });
  if (w.length !== n) w = equalWeights(n);
  const total = w.reduce((sum, x) => sum + x, 0);
  if (total < 0.99 || total > 1.01) w = equalWeights(n);
  let cumulative = 0;
  return w.map((weight) => {
    const start = cumulative;
    cumulative += weight;
    return [start, start + cover * weight] as const;
  });
}

/** True when x lies in the half-open range [start, end). */
export function inRange(x: number, range: BucketRange): boolean {
  return x >= range[0] && x < range[1];
}

/** Index of the range containing x, or -1 when x falls outside coverage. */
export function chooseVariation(x: number, ranges: readonly BucketRange[]): number {
  for (let i = 0; i < ranges.length; i++) {
    if (inRange(x, ranges[i]!)) return i;
  }
  return -1;
}

/**
 * Strict check for configuration input (where the SDK-compatible `bucketRanges` would silently
 * fall back): at least two variations, weights non-negative and summing to 1, coverage in (0, 1].
 */
export function validateAllocation(weights: readonly number[], coverage = 1): void {
  if (weights.length < 2) {
    throw new ExperimentInputError(
      `an experiment needs at least 2 variations, got ${weights.length}`,
      'add a control and a treatment',
    );
  }
  weights.forEach((w, i) => {
    if (requireFinite(w, `weights[${i}]`) < 0) {
      throw new ExperimentInputError(
        `weights[${i}] is negative (${w})`,
        'weights are traffic shares, use values >= 0',
      );
    }
  });
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (Math.abs(total - 1) > 1e-9) {
    throw new ExperimentInputError(`weights sum to ${total}, not 1`, 'scale the weights so they add up to 1');
  }
  const c = requireFinite(coverage, 'coverage');
  if (!(c > 0 && c <= 1)) {
    throw new ExperimentInputError(
      `coverage must be in (0, 1], got ${c}`,
      'coverage is the share of traffic in the experiment',
    );
  }
}
