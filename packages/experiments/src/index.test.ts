import { describe, expect, it } from 'vitest';
import * as experiments from './index.js';
import { Rng } from './simulation/rng.js';

describe('public API', () => {
  it('runs an experiment from assignment to adjusted results', () => {
    const { bucketRanges, chooseVariation, hash, srm, frequentist, bayesian, holm, SRM_P_VALUE_THRESHOLD } =
      experiments;
    const ranges = bucketRanges(2, 1, [0.5, 0.5]);
    const rng = new Rng(2026);
    const arms = [
      { n: 0, successes: 0, sum: 0, sumSquares: 0 },
      { n: 0, successes: 0, sum: 0, sumSquares: 0 },
    ];
    for (let i = 0; i < 40_000; i++) {
      const variation = chooseVariation(hash('tenant-a/exp-1', `user-${i}`, 2)!, ranges);
      const arm = arms[variation]!;
      const converted = rng.uniform() < (variation === 1 ? 0.12 : 0.1);
      const revenue = converted ? 20 + 5 * rng.normal() : 0;
      arm.n += 1;
      arm.successes += converted ? 1 : 0;
      arm.sum += revenue;
      arm.sumSquares += revenue * revenue;
    }
    const [control, treatment] = arms as [(typeof arms)[0], (typeof arms)[0]];
    expect(srm([control.n, treatment.n], [0.5, 0.5])).toBeGreaterThan(SRM_P_VALUE_THRESHOLD);

    const conversion = frequentist({
      control: { n: control.n, successes: control.successes },
      treatment: { n: treatment.n, successes: treatment.successes },
      relative: true,
      alternative: 'two-sided',
      alpha: 0.05,
    });
    const revenue = frequentist({
      control: { n: control.n, sum: control.sum, sumSquares: control.sumSquares },
      treatment: { n: treatment.n, sum: treatment.sum, sumSquares: treatment.sumSquares },
      relative: true,
      alternative: 'two-sided',
      alpha: 0.05,
      sequentialTuning: 40_000,
    });
    // True lift is +20% on both metrics.
    expect(Math.abs(conversion.effect - 0.2)).toBeLessThan(3 * conversion.se);
    expect(conversion.ci[1] - conversion.ci[0]).toBeCloseTo(
      2 * experiments.studentTQuantile(0.975, 39_000) * conversion.se,
      3,
    );
    expect(conversion.pValue).toBeLessThan(0.001);
    expect(revenue.ci[0]).toBeGreaterThan(0);
    const belief = bayesian({
      control: { n: control.n, successes: control.successes },
      treatment,
      relative: false,
    });
    expect(belief.chanceToWin).toBeGreaterThan(0.99);
    const [adjConversion, adjRevenue] = holm([conversion.pValue, revenue.pValue]);
    expect(adjConversion).toBeLessThan(0.01);
    expect(adjRevenue).toBeGreaterThanOrEqual(revenue.pValue);
  });
});
