import { regularizedBetaPair } from './beta.js';
import { logGamma } from './gamma.js';
import { normalCdf, normalPdf, normalQuantile } from './normal.js';

// Past this many degrees of freedom the incomplete-beta route loses digits (it cancels log-gammas
// of size ~df) while the first-order asymptotic expansion is exact to O(1/df²) ≈ 1e-12.
const ASYMPTOTIC_DF = 1e6;

/** Student-t density with `df` degrees of freedom. */
export function studentTPdf(t: number, df: number): number {
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Upper tail P(T > t): for t >= 0 it is I_x(df/2, 1/2) / 2 with x = df / (df + t²). */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (df === Number.POSITIVE_INFINITY) return normalCdf(-t);
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  if (df > ASYMPTOTIC_DF) {
    // P(T > t) = Φ̄(t) + φ(t)·(t³ + t)/(4·df) + O(df⁻²)
    return normalCdf(-t) + (normalPdf(t) * (t * t * t + t)) / (4 * df);
  }
  const t2 = t * t;
  // x = df/(df + t²) and 1 − x = t²/(df + t²) are formed separately so neither loses digits.
  const half = 0.5 * regularizedBetaPair(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
  return t >= 0 ? half : 1 - half;
}

/** Student-t CDF P(T <= t). */
export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

/**
 * Student-t quantile. Works on the smaller tail probability (so p = 1e-12 keeps its digits):
 * start from the Cornish–Fisher expansion around the normal quantile, then Newton steps on the
 * tail, falling back to bisection inside a bracket so it always converges.
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p);
  return p < 0.5 ? -upperQuantile(p, df) : upperQuantile(1 - p, df);
}

// Solves P(T > t) = tail for t > 0, tail in (0, 0.5).
function upperQuantile(tail: number, df: number): number {
  if (df === 1) return Math.tan(Math.PI * (0.5 - tail));
  if (df === 2) return (1 - 2 * tail) / Math.sqrt(2 * tail * (1 - tail));
  const z = -normalQuantile(tail);
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  let t = z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
  // The Cornish–Fisher expansion is exact to O(df⁻³) here, beyond double precision.
  if (df > ASYMPTOTIC_DF) return t;
  if (!Number.isFinite(t) || t <= 0) t = z;
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 300; i++) {
    const diff = studentTSf(t, df) - tail; // decreasing in t
    if (diff > 0) lo = t;
    else hi = t;
    let next = t + diff / studentTPdf(t, df);
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      next = hi === Number.POSITIVE_INFINITY ? 2 * t + 1 : (lo + hi) / 2;
    }
    if (Math.abs(next - t) <= 1e-14 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}
