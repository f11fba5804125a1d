import { ModelError } from '../errors.js';

/**
 * In-place Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite n×n row-major matrix; the lower
 * triangle of `a` becomes L (the upper triangle is left as is). Row-oriented: L[i][j] needs the dot product of
 * the prefixes of rows i and j, both contiguous, so the inner loop streams through cache. Cost n³/6 FMAs.
 */
export function choleskyInPlace(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j];
      let k = 0;
      // Four accumulators break the add dependency chain.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (; k + 3 < j; k += 4) {
        s0 += a[ri + k] * a[rj + k];
        s1 += a[ri + k + 1] * a[rj + k + 1];
        s2 += a[ri + k + 2] * a[rj + k + 2];
        s3 += a[ri + k + 3] * a[rj + k + 3];
      }
      for (; k < j; k++) s0 += a[ri + k] * a[rj + k];
      s -= s0 + s1 + s2 + s3;
      if (i === j) {
        if (!(s > 0)) {
          throw new ModelError(
            'INVALID_PARAM',
            'matrix is not positive definite',
            'increase the regularisation',
          );
        }
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / a[rj + j];
      }
    }
  }
}

/**
 * Inverse of a symmetric positive-definite matrix: A⁻¹ = L⁻ᵀ·L⁻¹. Builds W = L⁻¹ row by row as
 * W_i = (e_i − Σ_{k<i} L_ik·W_k) / L_ii (row axpys, contiguous), then accumulates A⁻¹ = Σ_k W_kᵀ·W_k as rank-1
 * row updates. About n³/2 FMAs in all; returns a new full symmetric matrix.
 */
export function spdInverse(matrix: Float64Array, n: number): Float64Array {
  const l = matrix.slice();
  choleskyInPlace(l, n);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const c = l[ri + k];
      if (c === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) w[ri + j] -= c * w[rk + j];
    }
    const inv = 1 / l[ri + i];
    for (let j = 0; j < i; j++) w[ri + j] *= inv;
    w[ri + i] = inv;
  }
  const out = new Float64Array(n * n);
  // out[i][j] = Σ_{k ≥ max(i,j)} W[k][i]·W[k][j]; fill the lower triangle, then mirror.
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const c = w[rk + i];
      if (c === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) out[ri + j] += c * w[rk + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j];
  return out;
}

/** Solves A·x = b for a small SPD matrix (copied), via Cholesky and two triangular solves. */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = a.slice();
  choleskyInPlace(l, n);
  const x = b.slice();
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * x[k];
    x[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}
