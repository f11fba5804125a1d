import { ExperimentInputError, requireCount } from '../errors.js';
import { type CupedRatioArm, momentSums, unitCovariance, unitVariance } from './arms.js';

type Vec4 = [number, number, number, number];

/** Means β = (m̄_post, d̄_post, m̄_pre, d̄_pre), per-unit covariance Λ, and the ratio gradients. */
interface RatioPieces {
  n: number;
  beta: Vec4;
  lambda: Vec4[];
  /** ∇(m̄_post/d̄_post) and ∇(m̄_pre/d̄_pre) with respect to β. */
  gradPost: Vec4;
  gradPre: Vec4;
  postRatio: number;
  preRatio: number;
}

function quad(a: Vec4, lambda: Vec4[], b: Vec4): number {
  let s = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) s += a[i]! * lambda[i]![j]! * b[j]!;
  return s;
}

function ratioPieces(arm: CupedRatioArm, name: string): RatioPieces {
  const n = requireCount(arm.n, `${name}.n`, 2);
  const parts = [arm.numeratorPost, arm.denominatorPost, arm.numeratorPre, arm.denominatorPre] as const;
  const labels = ['numeratorPost', 'denominatorPost', 'numeratorPre', 'denominatorPre'] as const;
  const beta = parts.map((m, i) => momentSums(m, n, `${name}.${labels[i]}`).sum / n) as Vec4;
  if (beta[1] === 0 || beta[3] === 0) {
    throw new ExperimentInputError(
      `${name}: a ratio denominator sums to 0`,
      'each arm needs denominator volume in both periods',
    );
  }
  const sp = arm.sumsOfProducts;
  const cov = (i: number, j: number, products: number) =>
    unitCovariance(parts[i]!, parts[j]!, products, n, `${name}.sumsOfProducts`);
  const v = parts.map((m, i) => unitVariance(m, n, `${name}.${labels[i]}`));
  const c01 = cov(0, 1, sp.mPostDPost);
  const c02 = cov(0, 2, sp.mPostMPre);
  const c03 = cov(0, 3, sp.mPostDPre);
  const c12 = cov(1, 2, sp.mPreDPost);
  const c13 = cov(1, 3, sp.dPostDPre);
  const c23 = cov(2, 3, sp.mPreDPre);
  const lambda: Vec4[] = [
    [v[0]!, c01, c02, c03],
    [c01, v[1]!, c12, c13],
    [c02, c12, v[2]!, c23],
    [c03, c13, c23, v[3]!],
  ];
  const [mPost, dPost, mPre, dPre] = beta;
  return {
    n,
    beta,
    lambda,
    gradPost: [1 / dPost, -mPost / dPost ** 2, 0, 0],
    gradPre: [0, 0, 1 / dPre, -mPre / dPre ** 2],
    postRatio: mPost / dPost,
    preRatio: mPre / dPre,
  };
}

const axpy = (a: number, x: Vec4, b: number, y: Vec4): Vec4 => [
  a * x[0] + b * y[0],
  a * x[1] + b * y[1],
  a * x[2] + b * y[2],
  a * x[3] + b * y[3],
];

/**
 * Effect moments for CUPED on ratio metrics (GrowthBook's regression-adjusted ratio):
 * adjusted ratio r_post − θ·r_pre, θ = Σ_arms Cov(r_post, r_pre) / Σ_arms Var(r_pre) from the
 * delta-method linearisations ∇r·β; variances ∇ᵀΛ∇/n. Relative effects use the exact gradient of
 * (adj_t − adj_c)/|r_post,c|. Falls back to the plain ratio when |θ| < 1e-8.
 */
export function cupedRatioMoments(
  control: CupedRatioArm,
  treatment: CupedRatioArm,
  relative: boolean,
): { effect: number; variance: number; df: number; theta: number } {
  const a = ratioPieces(control, 'control');
  const b = ratioPieces(treatment, 'treatment');
  const varPre = quad(a.gradPre, a.lambda, a.gradPre) + quad(b.gradPre, b.lambda, b.gradPre);
  const covPrePost = quad(a.gradPre, a.lambda, a.gradPost) + quad(b.gradPre, b.lambda, b.gradPost);
  let theta = varPre === 0 ? 0 : covPrePost / varPre;
  if (Math.abs(theta) < 1e-8) theta = 0;
  const gradA = axpy(1, a.gradPost, -theta, a.gradPre);
  const gradB = axpy(1, b.gradPost, -theta, b.gradPre);
  const unitVarA = quad(gradA, a.lambda, gradA);
  const unitVarB = quad(gradB, b.lambda, gradB);
  for (const [unitVar, name] of [
    [unitVarA, 'control'],
    [unitVarB, 'treatment'],
  ] as const) {
    if (!(unitVar > 0)) {
      throw new ExperimentInputError(
        `${name} has zero variance, so no standard error exists`,
        'wait for more data',
      );
    }
  }
  const va = unitVarA / a.n;
  const vb = unitVarB / b.n;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const diff = b.postRatio - theta * b.preRatio - (a.postRatio - theta * a.preRatio);
  if (!relative) return { effect: diff, variance: va + vb, df, theta };
  if (a.postRatio === 0) {
    throw new ExperimentInputError(
      'the control ratio is 0, so a relative effect is undefined',
      'use relative: false',
    );
  }
  const scale = Math.abs(a.postRatio);
  // ∂g/∂β_c = −(|r_c| + Δ)/r_c² · ∇r_post,c + θ/|r_c| · ∇r_pre,c;  ∂g/∂β_t = ∇adj_t / |r_c|
  const relGradA = axpy(-(scale + diff) / scale ** 2, a.gradPost, theta / scale, a.gradPre);
  const relGradB = axpy(1 / scale, gradB, 0, gradB);
  const variance = quad(relGradA, a.lambda, relGradA) / a.n + quad(relGradB, b.lambda, relGradB) / b.n;
  return { effect: diff / scale, variance, df, theta };
}
