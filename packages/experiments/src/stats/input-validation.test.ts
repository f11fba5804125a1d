import { describe, expect, it } from 'vitest';
import { ExperimentInputError } from '../errors.js';
import type { ArmStatistics } from './arms.js';
import { bayesian } from './bayesian.js';
import { frequentist } from './frequentist.js';

const ok = { n: 100, successes: 40 };

function rejection(run: () => unknown): ExperimentInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExperimentInputError) return error;
    throw error;
  }
  throw new Error('expected the call to be rejected');
}

describe('input validation', () => {
  const cases: Array<[string, ArmStatistics, ArmStatistics, RegExp]> = [
    ['negative n', { n: -5, successes: 0 }, ok, /control\.n must be a whole number/],
    ['fractional n', { n: 10.5, sum: 3, sumSquares: 9 }, { n: 10, sum: 3, sumSquares: 9 }, /control\.n/],
    ['successes above n', ok, { n: 10, successes: 11 }, /exceeds n/],
    ['negative successes', ok, { n: 10, successes: -1 }, /treatment\.successes/],
    [
      'sumSquares below sum²/n',
      { n: 10, sum: 10, sumSquares: 5 },
      { n: 10, sum: 3, sumSquares: 9 },
      /below sum²\/n/,
    ],
    ['zero variance', { n: 10, sum: 10, sumSquares: 10 }, { n: 10, sum: 3, sumSquares: 9 }, /zero variance/],
    ['all conversions', { n: 10, successes: 10 }, ok, /zero variance/],
    [
      'control mean 0 for a relative effect',
      { n: 4, sum: 0, sumSquares: 8 },
      { n: 4, sum: 2, sumSquares: 8 },
      /control mean is 0/,
    ],
    [
      'mixed metric kinds',
      ok,
      { n: 10, sum: 3, sumSquares: 9 },
      /is a proportion metric but treatment is a mean metric/,
    ],
    [
      'NaN sums',
      { n: 10, sum: Number.NaN, sumSquares: 9 },
      { n: 10, sum: 3, sumSquares: 9 },
      /finite number/,
    ],
  ];

  for (const [label, control, treatment, message] of cases) {
    it(`rejects ${label} with a code and a hint`, () => {
      for (const run of [
        () => frequentist({ control, treatment, relative: true }),
        () => bayesian({ control, treatment }),
      ]) {
        const error = rejection(run);
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.message).toMatch(message);
        expect(error.hint).toBeTruthy();
      }
    });
  }

  it('rejects bad options', () => {
    const arms = { control: ok, treatment: { n: 100, successes: 50 } };
    expect(rejection(() => frequentist({ ...arms, alpha: 1.5 })).message).toMatch(/alpha/);
    expect(rejection(() => frequentist({ ...arms, alternative: 'up' as never })).message).toMatch(
      /alternative/,
    );
    expect(rejection(() => frequentist({ ...arms, sequentialTuning: 0 })).message).toMatch(
      /sequentialTuning/,
    );
    expect(
      rejection(() => frequentist({ ...arms, alternative: 'less', sequentialTuning: 100, alpha: 0.6 }))
        .message,
    ).toMatch(/alpha < 0.5/);
    expect(
      rejection(() => bayesian({ ...arms, prior: { mean: 0, variance: 0, proper: true } })).message,
    ).toMatch(/variance > 0/);
  });
});
