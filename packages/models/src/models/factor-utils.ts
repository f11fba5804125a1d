import { solveSpd } from '../linalg/dense.js';
import { fillNormal, type Rng } from '../rng.js';

/** Row-major n×f factor matrix drawn from N(0, std²). */
export function randomFactors(n: number, f: number, std: number, rng: Rng): Float32Array {
  return fillNormal(new Float32Array(n * f), rng, std);
}

/**
 * Zeroes the factor rows of entities with no training data, so their predictions fall back to biases
 * (as Surprise does for unknown users and items) instead of random noise.
 */
export function zeroUnseen(factors: Float32Array, f: number, counts: Int32Array): void {
  for (let r = 0; r < counts.length; r++) if (counts[r] === 0) factors.fill(0, r * f, (r + 1) * f);
}

/** Gram matrix YᵀY + reg·I (f×f, Float64) of a row-major n×f factor matrix. */
export function gramPlusReg(y: Float32Array, n: number, f: number, reg: number): Float64Array {
  const g = new Float64Array(f * f);
  for (let r = 0; r < n; r++) {
    const base = r * f;
    for (let a = 0; a < f; a++) {
      const ya = y[base + a];
      if (ya === 0) continue;
      const ga = a * f;
      for (let b = 0; b <= a; b++) g[ga + b] += ya * y[base + b];
    }
  }
  for (let a = 0; a < f; a++) {
    for (let b = 0; b < a; b++) g[b * f + a] = g[a * f + b];
    g[a * f + a] += reg;
  }
  return g;
}

/**
 * Fold-in for explicit models: the ridge solution of target_k ≈ q_{i_k}·p + b over the user's items,
 * i.e. [p; b] = (ΣzzᵀT + reg·I)⁻¹ Σ z·target with z = [q_i; 1]. One (f+1)² solve: well under a millisecond.
 */
export function ridgeFoldIn(
  items: ArrayLike<number>,
  targets: ArrayLike<number>,
  q: Float32Array,
  f: number,
  reg: number,
): { vector: Float32Array; bias: number } {
  const d = f + 1;
  const a = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  const z = new Float64Array(d);
  for (let k = 0; k < items.length; k++) {
    const base = items[k] * f;
    for (let c = 0; c < f; c++) z[c] = q[base + c];
    z[f] = 1;
    for (let r = 0; r < d; r++) {
      rhs[r] += z[r] * targets[k];
      for (let c = 0; c <= r; c++) a[r * d + c] += z[r] * z[c];
    }
  }
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < r; c++) a[c * d + r] = a[r * d + c];
    a[r * d + r] += reg;
  }
  const x = solveSpd(a, rhs, d);
  return { vector: Float32Array.from(x.subarray(0, f)), bias: x[f] };
}

/** How many training entries each row index has. */
export function countRows(indices: Int32Array, n: number): Int32Array {
  const c = new Int32Array(n);
  for (let k = 0; k < indices.length; k++) c[indices[k]]++;
  return c;
}

/** Seed for per-history randomness (BPR fold-in), so the same history always gives the same vector. */
export function historySeed(items: ArrayLike<number>): number {
  let h = 2166136261;
  for (let k = 0; k < items.length; k++) h = Math.imul(h ^ items[k], 16777619);
  return h >>> 0;
}
