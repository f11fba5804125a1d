import { describe, expect, it } from 'vitest';
import { studentTQuantile, studentTSf } from '../math/student-t.js';
import { meanArm } from './arms.js';
import { frequentist } from './frequentist.js';
import { sequentialOneSidedHalfWidth, sequentialRho } from './sequential.js';

// GrowthBook's own test statistics (gbstats tests/frequentist/test_tests.py).
const control = { sum: 1396.87, sumSquares: 52377.9767, n: 3000 };
const treatment = { sum: 2422.7, sumSquares: 134698.29, n: 3461 };

describe('frequentist, fixed horizon', () => {
  it('computes a Welch t-test on the absolute difference by hand', () => {
    const c = meanArm([1, 2, 3, 4, 5, 6]);
    const t = meanArm([3, 5, 4, 7, 9]);
    // means 3.5, 5.6; variances 3.5, 5.8 (n − 1); se² = 3.5/6 + 5.8/5
    const se = Math.sqrt(3.5 / 6 + 5.8 / 5);
    const df = (3.5 / 6 + 5.8 / 5) ** 2 / ((3.5 / 6) ** 2 / 5 + (5.8 / 5) ** 2 / 4);
    const r = frequentist({
      control: c,
      treatment: t,
      relative: false,
      alternative: 'two-sided',
      alpha: 0.1,
    });
    expect(r.effect).toBeCloseTo(2.1, 12);
    expect(r.se).toBeCloseTo(se, 12);
    expect(r.pValue).toBeCloseTo(2 * studentTSf(2.1 / se, df), 12);
    expect(r.ci[1] - r.effect).toBeCloseTo(studentTQuantile(0.95, df) * se, 12);
  });

  it('gives a relative lift with the delta-method standard error', () => {
    const r = frequentist({
      control: { n: 1000, successes: 100 },
      treatment: { n: 1000, successes: 120 },
      relative: true,
    });
    // g = 0.12/0.10 − 1; Var = 0.12·0.88/(1000·0.01) + 0.09·0.0144/(1000·0.0001)
    expect(r.effect).toBeCloseTo(0.2, 12);
    expect(r.se).toBeCloseTo(Math.sqrt(0.01056 + 0.01296), 12);
  });

  it('reproduces GrowthBook one-sided intervals, which are half-infinite', () => {
    const greater = frequentist({ control, treatment, alternative: 'greater' });
    expect(greater.ci[0]).toBeCloseTo(-0.045136675850396046, 5);
    expect(greater.ci[1]).toBe(Number.POSITIVE_INFINITY);
    expect(greater.pValue).toBeCloseTo(0.06558262868467746, 5);
    const absolute = frequentist({ control, treatment, alternative: 'greater', relative: false });
    expect(absolute.ci[0]).toBeCloseTo(0.020791480063255735, 5);
    expect(absolute.pValue).toBeCloseTo(0.03554272489873023, 5);
    const less = frequentist({ control, treatment, alternative: 'less', relative: false });
    expect(less.ci).toEqual([Number.NEGATIVE_INFINITY, expect.closeTo(0.44796185327007765, 5)]);
    expect(less.pValue).toBeCloseTo(0.9644572751012698, 5);
  });

  it('measures the relative effect against |control mean| when the control mean is negative', () => {
    const r = frequentist({
      control: meanArm([-2, -1, -3, -2]),
      treatment: meanArm([-1, -1, -2, 0]),
      relative: true,
    });
    expect(r.effect).toBeCloseTo((-1 - -2) / 2, 12);
  });
});

describe('frequentist, sequential', () => {
  it('reproduces GrowthBook sequential cases', () => {
    const r = frequentist({ control, treatment, sequentialTuning: 1000 });
    expect(r.ci[0]).toBeCloseTo(-0.55844, 5);
    expect(r.ci[1]).toBeCloseTo(1.56516, 5);
    expect(r.pValue).toBe(1);
    const greater = frequentist({ control, treatment, alternative: 'greater', sequentialTuning: 5000 });
    expect(greater.ci[0]).toBeCloseTo(-0.42356454602790883, 5);
    expect(greater.ci[1]).toBe(Number.POSITIVE_INFINITY);
    expect(greater.pValue).toBeCloseTo(0.4999, 10);
  });

  it('is wider than the fixed-horizon interval and narrowest when tuned near the sample', () => {
    const fixed = frequentist({ control, treatment });
    const width = (tuning: number) => {
      const r = frequentist({ control, treatment, sequentialTuning: tuning });
      return r.ci[1] - r.ci[0];
    };
    expect(width(6461)).toBeGreaterThan(fixed.ci[1] - fixed.ci[0]);
    expect(width(6461)).toBeLessThan(width(10));
    expect(width(6461)).toBeLessThan(width(1e6));
  });

  it('reports a p-value below alpha exactly when the interval excludes zero', () => {
    for (const shift of [0, 5, 10, 20, 40, 80]) {
      const r = frequentist({
        control: { n: 5000, successes: 500 },
        treatment: { n: 5000, successes: 500 + shift },
        sequentialTuning: 10_000,
      });
      expect(r.pValue < 0.05).toBe(r.ci[0] > 0 || r.ci[1] < 0);
    }
  });

  it('gives one-sided p-values at which the one-sided bound just touches zero', () => {
    const arms = { control: { n: 5000, successes: 500 }, treatment: { n: 5000, successes: 560 } };
    const r = frequentist({ ...arms, alternative: 'greater', sequentialTuning: 10_000 });
    expect(r.pValue).toBeLessThan(0.4999);
    // ρ stays at the design α (GrowthBook's convention); only the α in the width changes.
    const rho = sequentialRho(0.05, 10_000, false);
    expect(r.effect - sequentialOneSidedHalfWidth(r.se, 10_000, rho, r.pValue)).toBeCloseTo(0, 10);
    const wrongSide = frequentist({ ...arms, alternative: 'less', sequentialTuning: 10_000 });
    expect(wrongSide.pValue).toBe(0.4999);
  });
});
