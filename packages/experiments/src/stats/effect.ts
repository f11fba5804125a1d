import { ExperimentInputError } from '../errors.js';
import { type ArmStatistics, armKind, type CupedArm, type CupedRatioArm, summarizeArm } from './arms.js';
import { cupedSummaries } from './cuped.js';
import { cupedRatioMoments } from './cuped-ratio.js';

/** Point estimate of the treatment effect with its sampling variance and Welch degrees of freedom. */
export interface EffectMoments {
  effect: number;
  variance: number;
  df: number;
}

interface ArmPieces {
  n: number;
  mean: number; // adjusted mean (equals the raw mean without CUPED)
  variance: number; // adjusted per-unit variance
  rawMean: number;
  rawVariance: number;
  preVariance: number;
  covariance: number;
}

function pieces(
  control: ArmStatistics,
  treatment: ArmStatistics,
): { theta: number; c: ArmPieces; t: ArmPieces } {
  const kind = armKind(control);
  if (armKind(treatment) !== kind) {
    throw new ExperimentInputError(
      `control is a ${kind} metric but treatment is a ${armKind(treatment)} metric`,
      'compare the same metric in both arms',
    );
  }
  if (kind === 'cuped') {
    const s = cupedSummaries(control as CupedArm, treatment as CupedArm);
    const toPieces = (x: typeof s.control): ArmPieces => ({
      n: x.n,
      mean: x.mean,
      variance: x.variance,
      rawMean: x.postMean,
      rawVariance: x.postVariance,
      preVariance: x.preVariance,
      covariance: x.covariance,
    });
    return { theta: s.theta, c: toPieces(s.control), t: toPieces(s.treatment) };
  }
  const toPieces = (arm: ArmStatistics, name: string): ArmPieces => {
    const s = summarizeArm(arm as Exclude<ArmStatistics, CupedArm | CupedRatioArm>, name);
    return {
      n: s.n,
      mean: s.mean,
      variance: s.variance,
      rawMean: s.mean,
      rawVariance: s.variance,
      preVariance: 0,
      covariance: 0,
    };
  };
  return { theta: 0, c: toPieces(control, 'control'), t: toPieces(treatment, 'treatment') };
}

/**
 * Effect and variance by the delta method.
 * Absolute: Δ = ȳ_t − ȳ_c, Var = σ²_t/n_t + σ²_c/n_c (σ² adjusted by CUPED when present).
 * Relative: g = Δ / |ȳ_c| with ȳ_c the unadjusted control mean. The gradient is taken at the
 * unadjusted means (as GrowthBook does), so with k = ȳ_t / ȳ_c:
 *   Var(g) = σ²_t / (n_t ȳ_c²) + [k²σ²_yc + θ²σ²_xc − 2kθ·cov_c] / (n_c ȳ_c²),
 * which without CUPED (θ = 0) is σ²_t/(n_t ȳ_c²) + σ²_c ȳ_t²/(n_c ȳ_c⁴).
 * df: Welch–Satterthwaite on the per-arm variances.
 */
export function effectMoments(
  control: ArmStatistics,
  treatment: ArmStatistics,
  relative: boolean,
): EffectMoments {
  if (armKind(control) === 'cupedRatio' && armKind(treatment) === 'cupedRatio') {
    const { effect, variance, df } = cupedRatioMoments(
      control as CupedRatioArm,
      treatment as CupedRatioArm,
      relative,
    );
    return { effect, variance, df };
  }
  const { theta, c, t } = pieces(control, treatment);
  for (const [arm, name] of [
    [c, 'control'],
    [t, 'treatment'],
  ] as const) {
    if (!(arm.variance > 0)) {
      throw new ExperimentInputError(
        `${name} has zero variance, so no standard error exists`,
        'wait for more data: every arm needs units with different values (e.g. some but not all converting)',
      );
    }
  }
  const vc = c.variance / c.n;
  const vt = t.variance / t.n;
  const df = (vc + vt) ** 2 / (vc ** 2 / (c.n - 1) + vt ** 2 / (t.n - 1));
  const diff = t.mean - c.mean;
  if (!relative) return { effect: diff, variance: vc + vt, df };
  if (c.rawMean === 0) {
    throw new ExperimentInputError(
      'the control mean is 0, so a relative effect is undefined',
      'use relative: false (absolute difference) or wait for control data',
    );
  }
  const scale = Math.abs(c.rawMean);
  const k = t.rawMean / c.rawMean;
  const controlPart = k * k * c.rawVariance + theta * theta * c.preVariance - 2 * k * theta * c.covariance;
  const variance = t.variance / (t.n * scale * scale) + controlPart / (c.n * scale * scale);
  return { effect: diff / scale, variance, df };
}
