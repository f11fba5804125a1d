import { ExperimentInputError, requireAlpha, requireFinite } from '../errors.js';
import { studentTCdf, studentTQuantile, studentTSf } from '../math/student-t.js';
import type { ArmStatistics } from './arms.js';
import { effectMoments } from './effect.js';
import {
  sequentialHalfWidth,
  sequentialOneSidedHalfWidth,
  sequentialOneSidedPValue,
  sequentialPValue,
  sequentialRho,
} from './sequential.js';

/** 'greater': treatment above control; 'less': treatment below control. */
export type Alternative = 'two-sided' | 'greater' | 'less';

export interface FrequentistInput {
  control: ArmStatistics;
  treatment: ArmStatistics;
  /** Effect as (t − c)/|c| when true (default), else t − c. */
  relative?: boolean;
  /** Default 'two-sided'. One-sided intervals are half-infinite. */
  alternative?: Alternative;
  /** Default 0.05. */
  alpha?: number;
  /**
   * N*, the total number of units (both arms) expected at decision time. When set, the result is
   * an always-valid confidence sequence and p-value, safe to read at every look.
   */
  sequentialTuning?: number;
}

export interface FrequentistResult {
  effect: number;
  ci: [number, number];
  se: number;
  pValue: number;
}

const ALTERNATIVES: readonly Alternative[] = ['two-sided', 'greater', 'less'];

/**
 * Welch t-test on the difference of arm means (Welch–Satterthwaite df), relative effects by the
 * delta method; or, with `sequentialTuning`, GrowthBook's asymptotic confidence sequence.
 */
export function frequentist(input: FrequentistInput): FrequentistResult {
  const alternative = input.alternative ?? 'two-sided';
  if (!ALTERNATIVES.includes(alternative)) {
    throw new ExperimentInputError(
      `unknown alternative '${String(alternative)}'`,
      `use one of ${ALTERNATIVES.join(', ')}`,
    );
  }
  const alpha = requireAlpha(input.alpha ?? 0.05);
  const { effect, variance, df } = effectMoments(input.control, input.treatment, input.relative ?? true);
  const se = Math.sqrt(variance);
  const z = effect / se;
  if (input.sequentialTuning !== undefined) {
    return sequential(input, effect, se, z, alpha, alternative);
  }
  if (alternative === 'two-sided') {
    const w = studentTQuantile(1 - alpha / 2, df) * se;
    return { effect, ci: [effect - w, effect + w], se, pValue: Math.min(1, 2 * studentTSf(Math.abs(z), df)) };
  }
  const w = studentTQuantile(1 - alpha, df) * se;
  if (alternative === 'greater') {
    return { effect, ci: [effect - w, Number.POSITIVE_INFINITY], se, pValue: studentTSf(z, df) };
  }
  return { effect, ci: [Number.NEGATIVE_INFINITY, effect + w], se, pValue: studentTCdf(z, df) };
}

function sequential(
  input: FrequentistInput,
  effect: number,
  se: number,
  z: number,
  alpha: number,
  alternative: Alternative,
): FrequentistResult {
  const tuning = requireFinite(input.sequentialTuning, 'sequentialTuning');
  if (!(tuning > 0)) {
    throw new ExperimentInputError(
      `sequentialTuning must be > 0, got ${tuning}`,
      'pass the total sample size expected at decision time',
    );
  }
  const n = input.control.n + input.treatment.n;
  if (alternative === 'two-sided') {
    const rho = sequentialRho(alpha, tuning, true);
    const w = sequentialHalfWidth(se, n, rho, alpha);
    return { effect, ci: [effect - w, effect + w], se, pValue: sequentialPValue(z, n, rho) };
  }
  if (alpha >= 0.5) {
    throw new ExperimentInputError(
      `one-sided sequential tests need alpha < 0.5, got ${alpha}`,
      'use e.g. alpha: 0.05',
    );
  }
  const rho = sequentialRho(alpha, tuning, false);
  const w = sequentialOneSidedHalfWidth(se, n, rho, alpha);
  if (alternative === 'greater') {
    return {
      effect,
      ci: [effect - w, Number.POSITIVE_INFINITY],
      se,
      pValue: sequentialOneSidedPValue(z, n, rho),
    };
  }
  return {
    effect,
    ci: [Number.NEGATIVE_INFINITY, effect + w],
    se,
    pValue: sequentialOneSidedPValue(-z, n, rho),
  };
}
