import { regularizedGammaQ } from './gamma.js';

/** Chi-square survival function P(X > x) with k degrees of freedom: Q(k/2, x/2). */
export function chiSquareSf(x: number, k: number): number {
  if (Number.isNaN(x) || !(k > 0)) return Number.NaN;
  return regularizedGammaQ(k / 2, Math.max(0, x) / 2);
}
