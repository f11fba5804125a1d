import { ExperimentInputError } from '../errors.js';

function checkPValues(pValues: readonly number[]): void {
  pValues.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new ExperimentInputError(
        `pValues[${i}] must be in [0, 1], got ${String(p)}`,
        'pass raw p-values',
      );
    }
  });
}

function ascendingOrder(pValues: readonly number[]): number[] {
  return pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
}

/**
 * Holm step-down adjustment (family-wise error rate): with p₍₁₎ ≤ … ≤ p₍ₘ₎,
 * p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1)·p₍ⱼ₎). Returned in input order.
 */
export function holm(pValues: readonly number[]): number[] {
  checkPValues(pValues);
  const m = pValues.length;
  const adjusted = new Array<number>(m);
  let running = 0;
  ascendingOrder(pValues).forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[idx]!));
    adjusted[idx] = running;
  });
  return adjusted;
}

/**
 * Benjamini–Hochberg step-up adjustment (false discovery rate): p̃₍ᵢ₎ = min(1, min_{j ≥ i} m·p₍ⱼ₎/j).
 * Returned in input order.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  checkPValues(pValues);
  const m = pValues.length;
  const adjusted = new Array<number>(m);
  const order = ascendingOrder(pValues);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const idx = order[rank]!;
    running = Math.min(running, (m * pValues[idx]!) / (rank + 1));
    adjusted[idx] = running;
  }
  return adjusted;
}
