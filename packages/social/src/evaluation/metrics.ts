import { SocialError } from '../errors.js';

/** Pearson r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²); NaN when either side is constant. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) {
    throw new SocialError(
      'BAD_ARGUMENT',
      `pearson got ${xs.length} and ${ys.length} values`,
      'pass paired arrays',
    );
  }
  const n = xs.length;
  if (n < 2) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/**
 * Macro F1: mean over classes of F1 = 2·TP / (2·TP + FP + FN). Classes that appear in neither `gold`
 * nor `predicted` are left out of the mean (their F1 is undefined), as scikit-learn does.
 */
export function macroF1<T>(gold: readonly T[], predicted: readonly T[]): number {
  if (gold.length !== predicted.length) {
    throw new SocialError('BAD_ARGUMENT', 'macroF1 got arrays of different lengths', 'pass paired arrays');
  }
  const counts = new Map<T, { tp: number; fp: number; fn: number }>();
  const entry = (label: T) => {
    let c = counts.get(label);
    if (c === undefined) {
      c = { tp: 0, fp: 0, fn: 0 };
      counts.set(label, c);
    }
    return c;
  };
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i]!;
    const p = predicted[i]!;
    if (g === p) entry(g).tp++;
    else {
      entry(p).fp++;
      entry(g).fn++;
    }
  }
  if (counts.size === 0) return Number.NaN;
  let sum = 0;
  for (const { tp, fp, fn } of counts.values()) sum += (2 * tp) / (2 * tp + fp + fn);
  return sum / counts.size;
}
