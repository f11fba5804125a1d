import { logGamma } from './gamma.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100_000;

// Lentz evaluation of the continued fraction for I_x(a, b) (Numerical Recipes §6.4);
// converges quickly when x < (a + 1) / (a + b + 2).
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

// Stirling series remainder: lnΓ(x) = (x − ½)ln x − x + ½ln 2π + corr(x), accurate for x >= 10.
function stirlingCorrection(x: number): number {
  const x2 = x * x;
  return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * x2)) / x2) / x2) / x;
}

/**
 * ln B(a, b). For a large argument, lnΓ(big + small) − lnΓ(big) is expanded as
 * (big − ½)·ln(1 + small/big) + small·ln(big + small) − small + corr(big + small) − corr(big),
 * avoiding the cancellation of two huge log-gammas (the t CDF at df = 10⁹ would lose 7 digits).
 */
export function logBeta(a: number, b: number): number {
  const big = Math.max(a, b);
  const small = Math.min(a, b);
  if (big < 10) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const ratio =
    (big - 0.5) * Math.log1p(small / big) +
    small * Math.log(big + small) -
    small +
    stirlingCorrection(big + small) -
    stirlingCorrection(big);
  return logGamma(small) - ratio;
}

/** Regularized incomplete beta I_x(a, b) for a, b > 0 and 0 <= x <= 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  return regularizedBetaPair(x, 1 - x, a, b);
}

/** I_x(a, b) given both x and y = 1 − x, for callers that can form y without cancellation. */
export function regularizedBetaPair(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logFront = a * Math.log(x) + b * Math.log(y) - logBeta(a, b);
  const front = Math.exp(logFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(a, b, x)) / a;
  // Symmetry I_x(a,b) = 1 − I_y(b,a) keeps the fraction in its fast-converging region.
  return 1 - (front * betaFraction(b, a, y)) / b;
}
