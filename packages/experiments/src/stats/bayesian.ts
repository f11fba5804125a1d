import { ExperimentInputError, requireAlpha, requireFinite } from '../errors.js';
import { normalCdf, normalPdf, normalQuantile } from '../math/normal.js';
import type { ArmStatistics } from './arms.js';
import { effectMoments } from './effect.js';

/** Gaussian prior on the effect (on the relative scale when `relative`); improper = flat. */
export interface GaussianPrior {
  mean: number;
  variance: number;
  proper: boolean;
}

export interface BayesianInput {
  control: ArmStatistics;
  treatment: ArmStatistics;
  /** Default true: effect is (t − c)/|c|. */
  relative?: boolean;
  /** Default flat (improper). */
  prior?: GaussianPrior;
  /** Credible interval mass outside the interval; default 0.05 (95% interval). */
  alpha?: number;
}

export interface BayesianResult {
  /** Posterior mean of the effect. */
  effect: number;
  ci: [number, number];
  /** Posterior standard deviation. */
  sd: number;
  /** P(effect > 0). */
  chanceToWin: number;
  /** Expected loss [choosing control, choosing treatment], on the scale of the effect. */
  risk: [number, number];
}

/**
 * Expected loss under a N(μ, σ²) posterior (GrowthBook's `get_risk`, in closed form):
 * choosing control loses E[max(X, 0)] = σφ(μ/σ) + μΦ(μ/σ);
 * choosing treatment loses E[max(−X, 0)] = σφ(μ/σ) − μΦ(−μ/σ).
 */
export function gaussianRisk(mu: number, sigma: number): [number, number] {
  const z = mu / sigma;
  const density = sigma * normalPdf(z);
  return [density + mu * normalCdf(z), density - mu * normalCdf(-z)];
}

/**
 * Gaussian approximation to the effect's likelihood (mean and delta-method variance as in the
 * frequentist test), combined with a Gaussian prior by precision weighting:
 * 1/σ²_post = 1/σ²_data + 1/σ²_prior, μ_post = σ²_post (μ_data/σ²_data + μ_prior/σ²_prior).
 */
export function bayesian(input: BayesianInput): BayesianResult {
  const alpha = requireAlpha(input.alpha ?? 0.05);
  const data = effectMoments(input.control, input.treatment, input.relative ?? true);
  let mean = data.effect;
  let variance = data.variance;
  const prior = input.prior;
  if (prior?.proper) {
    const pv = requireFinite(prior.variance, 'prior.variance');
    const pm = requireFinite(prior.mean, 'prior.mean');
    if (!(pv > 0)) {
      throw new ExperimentInputError(
        `a proper prior needs variance > 0, got ${pv}`,
        'set proper: false for a flat prior',
      );
    }
    const precision = 1 / data.variance + 1 / pv;
    mean = (data.effect / data.variance + pm / pv) / precision;
    variance = 1 / precision;
  }
  const sd = Math.sqrt(variance);
  const zq = normalQuantile(1 - alpha / 2);
  return {
    effect: mean,
    ci: [mean - zq * sd, mean + zq * sd],
    sd,
    chanceToWin: normalCdf(mean / sd),
    risk: gaussianRisk(mean, sd),
  };
}
