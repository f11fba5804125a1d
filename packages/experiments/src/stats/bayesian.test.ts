import { describe, expect, it } from 'vitest';
import { normalCdf } from '../math/normal.js';
import { bayesian, gaussianRisk } from './bayesian.js';

const control = { n: 10, sum: 100, sumSquares: 1002.25 }; // mean 10, variance 0.25
const treatment = { n: 10, sum: 105, sumSquares: 1111.5 }; // mean 10.5, variance 1

describe('bayesian', () => {
  it('uses the delta-method Gaussian with a flat prior (hand-computed)', () => {
    const r = bayesian({ control, treatment, relative: true });
    // Var = 1/(10·100) + 0.25·10.5²/(10·10⁴)
    const sd = Math.sqrt(0.001 + (0.25 * 110.25) / 100_000);
    expect(r.effect).toBeCloseTo(0.05, 12);
    expect(r.sd).toBeCloseTo(sd, 12);
    expect(r.chanceToWin).toBeCloseTo(normalCdf(0.05 / sd), 12);
    expect(r.ci[0]).toBeCloseTo(0.05 - 1.959963984540054 * sd, 10);
  });

  it('shrinks towards a proper prior by precision weighting', () => {
    const flat = bayesian({ control, treatment, relative: false });
    const prior = { mean: 0, variance: flat.sd ** 2, proper: true };
    const r = bayesian({ control, treatment, relative: false, prior });
    // Equal precisions: the posterior mean halves, the variance halves.
    expect(r.effect).toBeCloseTo(flat.effect / 2, 12);
    expect(r.sd).toBeCloseTo(flat.sd / Math.SQRT2, 12);
    expect(bayesian({ control, treatment, relative: false, prior: { ...prior, proper: false } })).toEqual(
      flat,
    );
  });

  it('splits expected loss so that risk(control) − risk(treatment) equals the mean', () => {
    for (const [mu, sigma] of [
      [0.1, 0.3],
      [-2, 0.5],
      [0, 1],
    ] as const) {
      const [rc, rt] = gaussianRisk(mu, sigma);
      expect(rc - rt).toBeCloseTo(mu, 12);
      expect(rc).toBeGreaterThanOrEqual(0);
      expect(rt).toBeGreaterThanOrEqual(0);
    }
    // At μ = 0 both losses are σ/√(2π).
    expect(gaussianRisk(0, 1)[0]).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 12);
  });
});
