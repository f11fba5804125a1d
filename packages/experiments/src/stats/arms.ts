import { ExperimentInputError, requireCount, requireFinite } from '../errors.js';

/** Moments of a continuous metric over an arm's units: Σx and Σx². */
export interface MeanMoments {
  sum: number;
  sumSquares: number;
}
/** A binary metric: how many units converted. */
export interface ProportionMoments {
  successes: number;
}
export type Moments = MeanMoments | ProportionMoments;

/** Per-unit mean metric (revenue per user, mean rating): n units, Σx, Σx². */
export interface MeanArm extends MeanMoments {
  n: number;
}
/** Proportion metric (conversion, CTR per user): n units, of which `successes` converted. */
export interface ProportionArm extends ProportionMoments {
  n: number;
}
/**
 * Ratio metric Σm / Σd over n units (clicks per impression, revenue per order) where m and d are
 * measured on the same unit; `sumOfProducts` = Σ m·d feeds the covariance term of the delta method.
 */
export interface RatioArm {
  n: number;
  numerator: Moments;
  denominator: Moments;
  sumOfProducts: number;
}
/** A metric with its pre-experiment value per unit, for CUPED; `sumOfProducts` = Σ post·pre. */
export interface CupedArm {
  n: number;
  post: Moments;
  pre: Moments;
  sumOfProducts: number;
}
/**
 * A ratio metric Σm/Σd with the same ratio measured before the experiment, for CUPED on ratio
 * metrics. Sums of products are over units: e.g. `mPostMPre` = Σ m_post·m_pre.
 */
export interface CupedRatioArm {
  n: number;
  numeratorPost: Moments;
  denominatorPost: Moments;
  numeratorPre: Moments;
  denominatorPre: Moments;
  sumsOfProducts: {
    mPostMPre: number;
    dPostDPre: number;
    mPreDPre: number;
    mPostDPost: number;
    mPostDPre: number;
    mPreDPost: number;
  };
}
export type ArmStatistics = MeanArm | ProportionArm | RatioArm | CupedArm | CupedRatioArm;
export type ArmKind = 'mean' | 'proportion' | 'ratio' | 'cuped' | 'cupedRatio';

/** Reduced form of an arm that the tests work with: unit count, mean and per-unit variance. */
export interface ArmSummary {
  n: number;
  mean: number;
  variance: number;
}

export function armKind(arm: ArmStatistics): ArmKind {
  if (typeof arm !== 'object' || arm === null) {
    throw new ExperimentInputError(
      'arm statistics must be an object',
      'pass {n, sum, sumSquares} or {n, successes}',
    );
  }
  if ('post' in arm) return 'cuped';
  if ('numeratorPost' in arm) return 'cupedRatio';
  if ('numerator' in arm) return 'ratio';
  if ('successes' in arm) return 'proportion';
  if ('sum' in arm && 'sumSquares' in arm) return 'mean';
  throw new ExperimentInputError(
    `unrecognised arm statistics: ${JSON.stringify(arm)}`,
    'use {n, sum, sumSquares}, {n, successes}, {n, numerator, denominator, sumOfProducts}, {n, post, pre, sumOfProducts} or a CupedRatioArm',
  );
}

/** Validated Σx, Σx² of moments over n units (a binary metric has Σx² = Σx). */
export function momentSums(m: Moments, n: number, name: string): MeanMoments {
  if ('successes' in m) {
    const s = requireCount(m.successes, `${name}.successes`);
    if (s > n)
      throw new ExperimentInputError(
        `${name}.successes (${s}) exceeds n (${n})`,
        'successes count units, at most one per unit',
      );
    return { sum: s, sumSquares: s };
  }
  const sum = requireFinite(m.sum, `${name}.sum`);
  const sumSquares = requireFinite(m.sumSquares, `${name}.sumSquares`);
  // Cauchy-Schwarz: Σx² >= (Σx)²/n; allow rounding error in aggregates computed elsewhere.
  const floor = n > 0 ? (sum * sum) / n : 0;
  if (sumSquares < 0 || (n === 0 && sum !== 0) || sumSquares < floor - 1e-9 * Math.max(1, Math.abs(floor))) {
    throw new ExperimentInputError(
      `${name}: sumSquares (${sumSquares}) is below sum²/n (${floor}), which no real data can produce`,
      'sumSquares must be the sum of squared per-unit values',
    );
  }
  return { sum, sumSquares };
}

/** Per-unit variance: p(1 - p) for proportions (GrowthBook's convention), else the n - 1 sample variance. */
export function unitVariance(m: Moments, n: number, name: string): number {
  const { sum, sumSquares } = momentSums(m, n, name);
  if ('successes' in m) {
    const p = sum / n;
    return p * (1 - p);
  }
  return Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1));
}

/**
 * Sample covariance of two metrics on the same n units; for two proportions the population form
 * Σxy/n - x̄ȳ, matching the p(1 - p) variance convention.
 */
export function unitCovariance(
  a: Moments,
  b: Moments,
  sumOfProducts: number,
  n: number,
  name: string,
): number {
  const sa = momentSums(a, n, `${name}.a`).sum;
  const sb = momentSums(b, n, `${name}.b`).sum;
  const sp = requireFinite(sumOfProducts, `${name}.sumOfProducts`);
  if ('successes' in a && 'successes' in b) return sp / n - (sa * sb) / (n * n);
  return (sp - (sa * sb) / n) / (n - 1);
}

/**
 * Delta-method variance of M/D from the moments of M and D:
 * Var(M/D) ≈ Var(M)/D̄² + Var(D)·M̄²/D̄⁴ − 2·Cov(M,D)·M̄/D̄³.
 */
export function varianceOfRatio(
  meanM: number,
  varM: number,
  meanD: number,
  varD: number,
  covMD: number,
): number {
  return varM / meanD ** 2 + (varD * meanM ** 2) / meanD ** 4 - (2 * covMD * meanM) / meanD ** 3;
}

/** Mean and per-unit variance of a mean, proportion or ratio arm (CUPED arms go through cuped.ts). */
export function summarizeArm(arm: MeanArm | ProportionArm | RatioArm, name = 'arm'): ArmSummary {
  const kind = armKind(arm);
  const n = requireCount(arm.n, `${name}.n`, 2);
  if (kind === 'ratio') {
    const r = arm as RatioArm;
    const m = momentSums(r.numerator, n, `${name}.numerator`);
    const d = momentSums(r.denominator, n, `${name}.denominator`);
    if (d.sum === 0) {
      throw new ExperimentInputError(
        `${name}: the ratio denominator sums to 0`,
        'a ratio metric needs some denominator volume in every arm',
      );
    }
    const meanM = m.sum / n;
    const meanD = d.sum / n;
    const variance = varianceOfRatio(
      meanM,
      unitVariance(r.numerator, n, `${name}.numerator`),
      meanD,
      unitVariance(r.denominator, n, `${name}.denominator`),
      unitCovariance(r.numerator, r.denominator, r.sumOfProducts, n, name),
    );
    return { n, mean: m.sum / d.sum, variance: Math.max(0, variance) };
  }
  const moments = arm as MeanArm | ProportionArm;
  const { sum } = momentSums(moments, n, name);
  return { n, mean: sum / n, variance: unitVariance(moments, n, name) };
}

/** Builds a mean arm from raw per-unit values. */
export function meanArm(values: readonly number[]): MeanArm {
  let sum = 0;
  let sumSquares = 0;
  for (const v of values) {
    sum += v;
    sumSquares += v * v;
  }
  return { n: values.length, sum, sumSquares };
}
