import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, holm } from './multiple-comparisons.js';
import { srm } from './srm.js';

describe('srm', () => {
  it('computes the Pearson χ² p-value (2 df: p = exp(−χ²/2))', () => {
    // expected 6.8, 6.6, 6.6 → χ² = 6.8 + 2·3.4²/6.6
    const x2 = 6.8 + (2 * 3.4 ** 2) / 6.6;
    expect(srm([0, 10, 10], [0.34, 0.33, 0.33])).toBeCloseTo(Math.exp(-x2 / 2), 12);
  });

  it('skips zero-weight arms and missing counts, and returns 1 with fewer than two arms', () => {
    expect(srm([1000, 1200, 900], [0.5, 0.5, 0])).toBe(srm([1000, 1200], [0.5, 0.5]));
    expect(srm([1000], [0.5, 0.5])).toBe(1);
    expect(srm([0, 0], [0.5, 0.5])).toBe(1);
    expect(srm([500, 500], [0.5, 0.5])).toBe(1);
  });

  it('rejects impossible counts and weights', () => {
    expect(() => srm([-1, 5], [0.5, 0.5])).toThrow(/counts\[0\]/);
    expect(() => srm([1.5, 5], [0.5, 0.5])).toThrow(/whole number/);
    expect(() => srm([1, 5], [0.5, -0.5])).toThrow(/negative/);
    expect(() => srm([1, 5, 3], [0.5, 0.5])).toThrow(/only 2 weights/);
  });
});

describe('multiple comparisons', () => {
  const p = [0.01, 0.04, 0.03, 0.005];

  it('applies Holm step-down in input order', () => {
    // sorted .005 .01 .03 .04 → ×4 ×3 ×2 ×1 = .02 .03 .06 .04 → running max .02 .03 .06 .06
    expect(holm(p).map((x) => Number(x.toFixed(12)))).toEqual([0.03, 0.06, 0.06, 0.02]);
  });

  it('applies Benjamini–Hochberg step-up in input order', () => {
    // sorted .005 .01 .03 .04 → m·p/rank = .02 .02 .04 .04, running min from the top
    expect(benjaminiHochberg(p).map((x) => Number(x.toFixed(12)))).toEqual([0.02, 0.04, 0.04, 0.02]);
  });

  it('stays monotone in the raw p-values and capped at 1', () => {
    const raw = [0.9, 0.2, 0.5, 0.7, 0.01, 0.3];
    for (const adjust of [holm, benjaminiHochberg]) {
      const adj = adjust(raw);
      const order = raw.map((_, i) => i).sort((a, b) => raw[a]! - raw[b]!);
      for (let k = 1; k < order.length; k++)
        expect(adj[order[k]!]!).toBeGreaterThanOrEqual(adj[order[k - 1]!]!);
      adj.forEach((a, i) => {
        expect(a).toBeLessThanOrEqual(1);
        expect(a).toBeGreaterThanOrEqual(raw[i]!);
      });
    }
    expect(holm([])).toEqual([]);
  });

  it('rejects values outside [0, 1]', () => {
    expect(() => holm([0.1, 1.2])).toThrow(/pValues\[1\]/);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(/pValues\[0\]/);
  });
});
