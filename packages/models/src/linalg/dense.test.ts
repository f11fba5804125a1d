import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { solveSpd, spdInverse } from './dense.js';

function randomSpd(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const m = Float64Array.from({ length: n * n }, () => rng.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += m[i * n + k] * m[j * n + k];
      a[i * n + j] = s;
    }
  return a;
}

describe('dense SPD linear algebra', () => {
  it('inverts an SPD matrix so that A·A⁻¹ = I', () => {
    const n = 37;
    const a = randomSpd(n, 1);
    const inv = spdInverse(a, n);
    let maxErr = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j];
        maxErr = Math.max(maxErr, Math.abs(s - (i === j ? 1 : 0)));
      }
    expect(maxErr).toBeLessThan(1e-10);
  });

  it('solves A·x = b', () => {
    const n = 9;
    const a = randomSpd(n, 2);
    const x = Float64Array.from({ length: n }, (_, i) => i - 4);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) b[i] += a[i * n + k] * x[k];
    const got = solveSpd(a, b, n);
    for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(x[i], 10);
  });

  it('rejects a matrix that is not positive definite', () => {
    expect(() => spdInverse(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/positive definite/);
  });
});

describe('block inverse on TF.js', () => {
  it('matches the Float64 inverse above the leaf size', async () => {
    const { tfRuntime } = await import('../neural/backend.js');
    const { spdInverseTf } = await import('./tf-inverse.js');
    const n = 300;
    const a = randomSpd(n, 3);
    const exact = spdInverse(a, n);
    const got = await spdInverseTf(await tfRuntime({ log: () => {} }), a, n);
    let maxErr = 0;
    let maxAbs = 0;
    for (let k = 0; k < n * n; k++) {
      maxErr = Math.max(maxErr, Math.abs(got[k] - exact[k]));
      maxAbs = Math.max(maxAbs, Math.abs(exact[k]));
    }
    expect(maxErr / maxAbs).toBeLessThan(1e-4);
  });
});
