import { requireCount } from '../errors.js';
import { type CupedArm, type Moments, momentSums, unitCovariance, unitVariance } from './arms.js';

/** A CUPED arm reduced to the moments the effect estimators need. */
export interface CupedSummary {
  n: number;
  /** Adjusted mean ȳ − θ·x̄. */
  mean: number;
  /** Adjusted per-unit variance σ²_y + θ²σ²_x − 2θ·cov(y, x). */
  variance: number;
  postMean: number;
  preMean: number;
  postVariance: number;
  preVariance: number;
  covariance: number;
}

function pooled(a: Moments, b: Moments, n: number): Moments {
  if ('successes' in a && 'successes' in b) return { successes: a.successes + b.successes };
  const sa = momentSums(a, n, 'pooled');
  const sb = momentSums(b, n, 'pooled');
  return { sum: sa.sum + sb.sum, sumSquares: sa.sumSquares + sb.sumSquares };
}

/**
 * CUPED coefficient θ = Cov(post, pre) / Var(pre), estimated on both arms pooled (so the same θ
 * adjusts both, keeping the difference unbiased under randomisation). Returns 0 when either pooled
 * variance is 0, i.e. when the pre-period carries no information.
 */
export function cupedTheta(control: CupedArm, treatment: CupedArm): number {
  const n = requireCount(control.n, 'control.n', 2) + requireCount(treatment.n, 'treatment.n', 2);
  // Validate each arm on its own n before pooling.
  for (const [arm, name] of [
    [control, 'control'],
    [treatment, 'treatment'],
  ] as const) {
    momentSums(arm.post, arm.n, `${name}.post`);
    momentSums(arm.pre, arm.n, `${name}.pre`);
  }
  const post = pooled(control.post, treatment.post, n);
  const pre = pooled(control.pre, treatment.pre, n);
  const preVariance = unitVariance(pre, n, 'pooled.pre');
  if (preVariance <= 0 || unitVariance(post, n, 'pooled.post') <= 0) return 0;
  const sumOfProducts = control.sumOfProducts + treatment.sumOfProducts;
  return unitCovariance(post, pre, sumOfProducts, n, 'pooled') / preVariance;
}

/** Adjusts one arm with a given θ. */
export function cupedAdjust(arm: CupedArm, theta: number, name = 'arm'): CupedSummary {
  const n = requireCount(arm.n, `${name}.n`, 2);
  const postMean = momentSums(arm.post, n, `${name}.post`).sum / n;
  const preMean = momentSums(arm.pre, n, `${name}.pre`).sum / n;
  const postVariance = unitVariance(arm.post, n, `${name}.post`);
  const preVariance = unitVariance(arm.pre, n, `${name}.pre`);
  const covariance = unitCovariance(arm.post, arm.pre, arm.sumOfProducts, n, name);
  const variance = postVariance + theta * theta * preVariance - 2 * theta * covariance;
  return {
    n,
    mean: postMean - theta * preMean,
    variance: Math.max(0, variance),
    postMean,
    preMean,
    postVariance,
    preVariance,
    covariance,
  };
}

/** θ plus both adjusted arms. */
export function cupedSummaries(
  control: CupedArm,
  treatment: CupedArm,
): { theta: number; control: CupedSummary; treatment: CupedSummary } {
  const theta = cupedTheta(control, treatment);
  return {
    theta,
    control: cupedAdjust(control, theta, 'control'),
    treatment: cupedAdjust(treatment, theta, 'treatment'),
  };
}
