/**
 * Asymptotic confidence sequences (Waudby-Smith et al., "Time-uniform central limit theory and
 * asymptotic confidence sequences", arXiv 2103.06476) in GrowthBook's parameterisation: the
 * interval holds simultaneously at every look, so peeking does not inflate the error rate.
 * `tuning` is N*, the total sample (both arms) expected at decision time; the boundary is
 * tightest near N*, and ρ is chosen to minimise the width there.
 */

/** ρ = sqrt((−2 ln a + ln(1 − 2 ln a)) / N*), a = α for two-sided sequences and 2α for one-sided. */
export function sequentialRho(alpha: number, tuning: number, twoSided: boolean): number {
  const a = twoSided ? alpha : 2 * alpha;
  return Math.sqrt((-2 * Math.log(a) + Math.log(-2 * Math.log(a) + 1)) / tuning);
}

/**
 * Two-sided half-width after n units: se · sqrt(2(nρ² + 1)/(nρ²) · ln(sqrt(nρ² + 1)/α)),
 * where se is the usual standard error of the effect (σ̂/sqrt(n) in the paper's notation).
 */
export function sequentialHalfWidth(se: number, n: number, rho: number, alpha: number): number {
  const r = n * rho * rho;
  return se * Math.sqrt(((2 * (r + 1)) / r) * Math.log(Math.sqrt(r + 1) / alpha));
}

/** One-sided half-width: se · sqrt(2(nρ² + 1)/(nρ²) · ln(1 + sqrt(nρ² + 1)/(2α))). */
export function sequentialOneSidedHalfWidth(se: number, n: number, rho: number, alpha: number): number {
  const r = n * rho * rho;
  return se * Math.sqrt(((2 * (r + 1)) / r) * Math.log(1 + Math.sqrt(r + 1) / (2 * alpha)));
}

/**
 * Always-valid two-sided p-value, the reciprocal of the mixture e-value (eq. 155 of the paper):
 * E = exp(nρ²·z² / (2(nρ² + 1))) / sqrt(nρ² + 1), z = effect / se; p = min(1, 1/E).
 */
export function sequentialPValue(z: number, n: number, rho: number): number {
  const r = n * rho * rho;
  const logE = (r * z * z) / (2 * (r + 1)) - 0.5 * Math.log(r + 1);
  return Math.min(1, Math.exp(-logE));
}

/** Largest p-value reported by one-sided sequences; they are only defined for α < 0.5. */
export const ONE_SIDED_SEQUENTIAL_P_CAP = 0.4999;

/**
 * One-sided p-value: the α at which the one-sided bound (ρ held at the design α, as GrowthBook
 * does) just touches 0. Solving sqrt(...) · se = |effect| gives
 * α = sqrt(nρ² + 1) / (2(e^L − 1)), L = z²·nρ² / (2(nρ² + 1)).
 * `z` is signed in the direction of the alternative; at or below 0 the bound never excludes 0.
 */
export function sequentialOneSidedPValue(z: number, n: number, rho: number): number {
  if (!(z > 0)) return ONE_SIDED_SEQUENTIAL_P_CAP;
  const r = n * rho * rho;
  const L = (z * z * r) / (2 * (r + 1));
  const alpha = Math.sqrt(r + 1) / (2 * Math.expm1(L));
  return Math.min(ONE_SIDED_SEQUENTIAL_P_CAP, alpha);
}
