import { describe, expect, it } from 'vitest';
import { simulatePeeking } from '../simulation/peeking.js';
import { Rng } from '../simulation/rng.js';
import { type MeanArm, meanArm } from './arms.js';
import { bayesian } from './bayesian.js';
import { frequentist } from './frequentist.js';

function normalArm(rng: Rng, n: number, mean: number, sd: number): MeanArm {
  return meanArm(Array.from({ length: n }, () => mean + sd * rng.normal()));
}

/** Kolmogorov–Smirnov distance between a sample and Uniform(0, 1). */
function ksUniform(sample: number[]): number {
  const sorted = [...sample].sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((x, i) => {
    d = Math.max(d, (i + 1) / sorted.length - x, x - i / sorted.length);
  });
  return d;
}

const RUNS = 2000;
// KS critical value at the 0.1% level: 1.95 / √N.
const KS_CRITICAL = 1.95 / Math.sqrt(RUNS);

describe('calibration under simulation', () => {
  it('gives uniform p-values under the null (Welch t on unequal variances and sizes)', () => {
    const rng = new Rng(101);
    const absolute: number[] = [];
    const relative: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Small samples, where a normal approximation instead of Welch's t would fail the KS test.
      const small = { control: normalArm(rng, 8, 5, 1), treatment: normalArm(rng, 5, 5, 2.5) };
      absolute.push(frequentist({ ...small, relative: false }).pValue);
      const control = normalArm(rng, 40, 5, 1);
      const treatment = normalArm(rng, 25, 5, 2.5);
      relative.push(frequentist({ control, treatment, relative: true }).pValue);
    }
    expect(ksUniform(absolute)).toBeLessThan(KS_CRITICAL);
    expect(ksUniform(relative)).toBeLessThan(KS_CRITICAL);
  });

  it('gives uniform one-sided p-values under the null', () => {
    const rng = new Rng(202);
    const greater: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const control = normalArm(rng, 30, 0, 1);
      const treatment = normalArm(rng, 30, 0, 1);
      greater.push(frequentist({ control, treatment, relative: false, alternative: 'greater' }).pValue);
    }
    expect(ksUniform(greater)).toBeLessThan(KS_CRITICAL);
  });

  it('covers the true effect about 1 − α of the time', () => {
    const rng = new Rng(303);
    const hits = { twoSided: 0, greater: 0, relative: 0, bayes: 0 };
    const trueLift = 0.05;
    for (let i = 0; i < RUNS; i++) {
      const control = normalArm(rng, 200, 10, 2);
      const treatment = normalArm(rng, 200, 10 * (1 + trueLift), 2);
      const abs = frequentist({ control, treatment, relative: false, alpha: 0.05 });
      if (abs.ci[0] <= 0.5 && 0.5 <= abs.ci[1]) hits.twoSided++;
      const one = frequentist({ control, treatment, relative: false, alternative: 'greater', alpha: 0.1 });
      if (one.ci[0] <= 0.5) hits.greater++;
      const rel = frequentist({ control, treatment, relative: true, alpha: 0.05 });
      if (rel.ci[0] <= trueLift && trueLift <= rel.ci[1]) hits.relative++;
      const b = bayesian({ control, treatment, relative: true });
      if (b.ci[0] <= trueLift && trueLift <= b.ci[1]) hits.bayes++;
    }
    // Binomial sd at 2000 runs is ~0.005 (0.007 for 90%): allow ±3.5 sd.
    expect(hits.twoSided / RUNS).toBeGreaterThan(0.932);
    expect(hits.twoSided / RUNS).toBeLessThan(0.968);
    expect(hits.greater / RUNS).toBeGreaterThan(0.876);
    expect(hits.greater / RUNS).toBeLessThan(0.924);
    expect(hits.relative / RUNS).toBeGreaterThan(0.932);
    expect(hits.relative / RUNS).toBeLessThan(0.968);
    expect(hits.bayes / RUNS).toBeGreaterThan(0.932);
  });

  it('keeps the sequential error rate below α under daily peeking while naive peeking inflates it', () => {
    const outcome = simulatePeeking({
      experiments: 300,
      days: 14,
      usersPerDay: 1000,
      baseRate: 0.2,
      lift: 0,
      treatmentShare: 0.5,
      alpha: 0.05,
      srmThreshold: 0.001,
      seed: 404,
    });
    expect(outcome.sequentialRejections).toBeLessThanOrEqual(0.05);
    expect(outcome.naivePeekingRejections).toBeGreaterThan(2 * outcome.fixedHorizonRejections);
    expect(outcome.naivePeekingRejections).toBeGreaterThan(0.1);
  });

  it('keeps one-sided sequential bounds valid under daily peeking', () => {
    const rng = new Rng(505);
    let rejected = 0;
    const experiments = 400;
    for (let e = 0; e < experiments; e++) {
      const c = { n: 0, successes: 0 };
      const t = { n: 0, successes: 0 };
      for (let day = 0; day < 14; day++) {
        c.n += 500;
        t.n += 500;
        c.successes += rng.binomial(500, 0.2);
        t.successes += rng.binomial(500, 0.2);
        const r = frequentist({ control: c, treatment: t, alternative: 'greater', sequentialTuning: 14_000 });
        if (r.ci[0] > 0) {
          rejected++;
          break;
        }
      }
    }
    expect(rejected / experiments).toBeLessThanOrEqual(0.05);
  });
});
