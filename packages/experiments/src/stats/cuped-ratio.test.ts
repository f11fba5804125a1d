import { describe, expect, it } from 'vitest';
import { Rng } from '../simulation/rng.js';
import { type CupedArm, summarizeArm, varianceOfRatio } from './arms.js';
import { cupedTheta } from './cuped.js';
import { frequentist } from './frequentist.js';

function cupedArmFrom(post: number[], pre: number[]): CupedArm {
  let sp = 0;
  post.forEach((y, i) => {
    sp += y * pre[i]!;
  });
  const moments = (xs: number[]) => ({
    sum: xs.reduce((a, b) => a + b, 0),
    sumSquares: xs.reduce((a, b) => a + b * b, 0),
  });
  return { n: post.length, post: moments(post), pre: moments(pre), sumOfProducts: sp };
}

describe('CUPED', () => {
  it('recovers the regression slope as theta', () => {
    // post = 2·pre + 1 exactly → θ = Cov/Var = 2
    const pre = [1, 2, 3, 4, 5, 6, 7, 8];
    const a = cupedArmFrom(
      pre.slice(0, 4).map((x) => 2 * x + 1),
      pre.slice(0, 4),
    );
    const b = cupedArmFrom(
      pre.slice(4).map((x) => 2 * x + 1),
      pre.slice(4),
    );
    expect(cupedTheta(a, b)).toBeCloseTo(2, 12);
  });

  it('reproduces GrowthBook regression-adjusted sequential case', () => {
    const r = frequentist({
      control: {
        n: 3000,
        post: { sum: 1396.87, sumSquares: 52377.9767 },
        pre: { sum: 16.87, sumSquares: 527.9767 },
        sumOfProducts: 1,
      },
      treatment: {
        n: 3461,
        post: { sum: 2422.7, sumSquares: 134698.29 },
        pre: { sum: 22.7, sumSquares: 1348.29 },
        sumOfProducts: 1,
      },
      sequentialTuning: 5000,
    });
    expect(r.effect).toBeCloseTo(0.50338, 5);
    expect(r.se).toBeCloseTo(0.33341, 5);
    expect(r.ci[0]).toBeCloseTo(-0.50969, 5);
    expect(r.ci[1]).toBeCloseTo(1.51646, 5);
  });

  it('shrinks the standard error when the pre-period predicts the metric', () => {
    const rng = new Rng(11);
    const make = (lift: number) => {
      const pre = Array.from({ length: 2000 }, () => 10 + 3 * rng.normal());
      const post = pre.map((x) => x * (1 + lift) + rng.normal());
      return cupedArmFrom(post, pre);
    };
    const c = make(0);
    const t = make(0.02);
    const plain = (arm: CupedArm) => ({ n: arm.n, ...arm.post });
    const adjusted = frequentist({ control: c, treatment: t, relative: true });
    const raw = frequentist({ control: plain(c), treatment: plain(t), relative: true });
    expect(adjusted.se).toBeLessThan(raw.se / 2);
    expect(adjusted.ci[0]).toBeLessThan(0.02);
    expect(adjusted.ci[1]).toBeGreaterThan(0.02);
  });
});

describe('ratio metrics', () => {
  it('uses the delta method with the covariance term', () => {
    // units: (m, d) = (1,2), (2,2), (0,1), (3,4)
    const arm = {
      n: 4,
      numerator: { sum: 6, sumSquares: 14 },
      denominator: { sum: 9, sumSquares: 25 },
      sumOfProducts: 2 + 4 + 0 + 12,
    };
    const s = summarizeArm(arm);
    // var_m = (14 − 9)/3, var_d = (25 − 81/4)/3, cov = (18 − 54/4)/3
    const expected = varianceOfRatio(1.5, 5 / 3, 2.25, 4.75 / 3, 4.5 / 3);
    expect(s.mean).toBeCloseTo(6 / 9, 12);
    expect(s.variance).toBeCloseTo(expected, 12);
    // The covariance term matters: dropping it changes the variance.
    expect(varianceOfRatio(1.5, 5 / 3, 2.25, 4.75 / 3, 0)).not.toBeCloseTo(expected, 3);
  });

  it('rejects a denominator that sums to zero', () => {
    const arm = {
      n: 3,
      numerator: { sum: 1, sumSquares: 1 },
      denominator: { sum: 0, sumSquares: 0 },
      sumOfProducts: 0,
    };
    expect(() => summarizeArm(arm)).toThrow(/denominator sums to 0/);
  });
});
