import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('repeats its sequence for the same seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const rng = new Rng(7);
    let sum = 0;
    let sumSquares = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSquares += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(0.02);
  });

  it('draws binomials with mean np', () => {
    const rng = new Rng(9);
    let total = 0;
    for (let i = 0; i < 1000; i++) total += rng.binomial(100, 0.3);
    expect(total / 1000).toBeGreaterThan(29.5);
    expect(total / 1000).toBeLessThan(30.5);
  });

  it('draws binomials with the exact distribution, including chunked large n', () => {
    const rng = new Rng(5);
    // Binomial(6, 0.3): compare observed counts with the pmf by Pearson χ² (6 df, 99.9% cut 22.46).
    const pmf = [0, 1, 2, 3, 4, 5, 6].map((k) => [1, 6, 15, 20, 15, 6, 1][k]! * 0.3 ** k * 0.7 ** (6 - k));
    const counts = new Array<number>(7).fill(0);
    const draws = 100_000;
    for (let i = 0; i < draws; i++) counts[rng.binomial(6, 0.3)]! += 1;
    const x2 = counts.reduce((acc, o, k) => acc + (o - draws * pmf[k]!) ** 2 / (draws * pmf[k]!), 0);
    expect(x2).toBeLessThan(22.46);
    // n = 10000, p = 0.5 runs in several chunks: mean 5000, sd 50.
    let sum = 0;
    for (let i = 0; i < 400; i++) sum += rng.binomial(10_000, 0.5);
    expect(Math.abs(sum / 400 - 5000)).toBeLessThan(10);
    expect(rng.binomial(10, 1)).toBe(10);
    expect(rng.binomial(10, 0)).toBe(0);
  });
});
