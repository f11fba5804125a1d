import { describe, expect, it } from 'vitest';
import { Rng } from '../simulation/rng.js';
import { type CupedArm, type CupedRatioArm, summarizeArm, varianceOfRatio } from './arms.js';
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

// GrowthBook's regression-adjusted ratio case (gbstats tests/frequentist/test_tests.py).
function ratioArm(
  m: number[],
  d: number[],
  mPre: number[],
  dPre: number[],
  products: number[],
): CupedRatioArm {
  const moments = (x: number[]) => ({ sum: x[0]!, sumSquares: x[1]! });
  const [mPostMPre, dPostDPre, mPreDPre, mPostDPost, mPostDPre, mPreDPost] = products as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    n: 100,
    numeratorPost: moments(m),
    denominatorPost: moments(d),
    numeratorPre: moments(mPre),
    denominatorPre: moments(dPre),
    sumsOfProducts: { mPostMPre, dPostDPre, mPreDPre, mPostDPost, mPostDPre, mPreDPost },
  };
}
const ratioControl = ratioArm(
  [485.112236689623, 2715.484666118136],
  [679.9093275844917, 4939.424001640236],
  [192.59138069991536, 460.076026390857],
  [290.1398399750233, 920.9461385038898],
  [
    1113.6215759318352, 2130.9404074446747, 634.239482353647, 3602.146836776702, 1559.2878434944676,
    1460.3181079276983,
  ],
);
const ratioTreatment = ratioArm(
  [514.7757826608777, 2994.897482705013],
  [705.4090874383759, 5291.36604146392],
  [206.94157227402536, 514.2903702246757],
  [302.54389139107326, 994.4506208125663],
  [
    1237.0953021125997, 2292.081739775257, 698.4173425817908, 3918.1561431600717, 1701.0287270040265,
    1604.0759503266522,
  ],
);

describe('CUPED on ratio metrics', () => {
  it('reproduces GrowthBook fixed-horizon and sequential results', () => {
    const fixed = frequentist({ control: ratioControl, treatment: ratioTreatment, relative: true });
    expect(fixed.effect).toBeCloseTo(-0.0007, 5);
    expect(fixed.se).toBeCloseTo(0.00391, 5);
    expect(fixed.ci[0]).toBeCloseTo(-0.00841, 5);
    expect(fixed.ci[1]).toBeCloseTo(0.007, 5);
    expect(fixed.pValue).toBeCloseTo(0.85771, 5);
    const seq = frequentist({
      control: ratioControl,
      treatment: ratioTreatment,
      relative: true,
      sequentialTuning: 5000,
    });
    expect(seq.ci[0]).toBeCloseTo(-0.02063, 5);
    expect(seq.ci[1]).toBeCloseTo(0.01923, 5);
    expect(seq.pValue).toBe(1);
  });
});
