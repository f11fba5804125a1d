import type { ExperimentResults, MetricResult } from '@tessera/experiments/results';
import { describe, expect, it } from 'vitest';
import { trainerSettingsFor } from '../settings.js';
import { decideCanary } from './decide.js';
import { type CanarySettings, defaultCanary } from './settings.js';

const settings: CanarySettings = {
  ...defaultCanary,
  minUsersPerArm: 100,
  minDurationSeconds: 3_600,
  maxDurationSeconds: 86_400,
  guardrails: ['conversion'],
};

/** A look with `users` per arm, the candidate's sequential estimate on ctr and on the guardrail. */
function look(
  users: number,
  ctr: { effect: number; pValue: number } | null,
  guard: { effect: number; pValue: number } | null = null,
  srmPValue = 0.5,
): ExperimentResults {
  const metric = (name: 'ctr' | 'conversion', guardrail: boolean, est: typeof ctr): MetricResult => ({
    metric: name,
    guardrail,
    variants: [
      {
        variant: 'control',
        control: true,
        n: users,
        value: 0.1,
        frequentist: null,
        sequential: null,
        bayesian: null,
        error: null,
      },
      {
        variant: 'candidate',
        control: false,
        n: users,
        value: 0.1,
        frequentist: null,
        sequential: est ? { ...est, ciLow: est.effect - 0.1, ciHigh: est.effect + 0.1 } : null,
        bayesian: null,
        error: est ? null : 'not enough data yet',
      },
    ],
  });
  return {
    units: [
      { variant: 'control', users },
      { variant: 'candidate', users },
    ],
    srmPValue,
    srmWarning: srmPValue < 0.001,
    metrics: [metric('ctr', false, ctr), metric('conversion', true, guard)],
    verdict: '',
    lookedAt: new Date(),
  };
}

const win = { effect: 0.2, pValue: 0.001 };
const lose = { effect: -0.2, pValue: 0.001 };
const flat = { effect: 0.01, pValue: 0.6 };

describe('canary decision', () => {
  it('promotes a significant winner only after the minimum duration and sample', () => {
    expect(decideCanary(look(500, win), settings, 7_200)).toMatchObject({ action: 'promote' });
    expect(decideCanary(look(500, win), settings, 60)).toMatchObject({ action: 'wait' });
    expect(decideCanary(look(50, win), settings, 7_200).reason).toMatch(/waiting for 100 users per arm/);
  });

  it('rejects a significant loser as soon as the sample is there, without waiting for the duration', () => {
    expect(decideCanary(look(500, lose), settings, 60)).toMatchObject({
      action: 'reject',
      reason: expect.stringMatching(/^candidate loses: ctr -20\.0%/),
    });
    expect(decideCanary(look(50, lose), settings, 60).action).toBe('wait');
  });

  it('rejects as inconclusive past the maximum duration, and keeps waiting before it', () => {
    expect(decideCanary(look(5_000, flat), settings, 3 * 3_600).action).toBe('wait');
    expect(decideCanary(look(5_000, flat), settings, 86_400)).toMatchObject({
      action: 'reject',
      reason: expect.stringMatching(/^inconclusive after 86400 s/),
    });
    expect(decideCanary(look(0, null), settings, 90_000).reason).toMatch(/no data yet|not enough data/);
  });

  it('rejects on a sample ratio mismatch or a hurt guardrail even when the primary metric wins', () => {
    expect(decideCanary(look(500, win, null, 1e-6), settings, 7_200).reason).toMatch(/sample ratio mismatch/);
    expect(decideCanary(look(500, win, lose), settings, 7_200).reason).toMatch(/guardrail conversion hurt/);
    expect(decideCanary(look(500, win, flat), settings, 7_200).action).toBe('promote');
  });

  it('is off unless the tenant enables it, fills defaults, and refuses impossible settings', () => {
    expect(trainerSettingsFor({}).canary).toBeNull();
    expect(
      trainerSettingsFor({ trainer: { canary: { enabled: false, trafficShare: 0.2 } } }).canary,
    ).toBeNull();
    expect(trainerSettingsFor({ trainer: { canary: { enabled: true, trafficShare: 0.25 } } }).canary).toEqual(
      {
        ...defaultCanary,
        trafficShare: 0.25,
      },
    );
    expect(() => trainerSettingsFor({ trainer: { canary: { enabled: true, trafficShare: 0.7 } } })).toThrow(
      /trainer\.canary\.trafficShare is invalid/,
    );
    expect(() => trainerSettingsFor({ trainer: { canary: { enabled: true, metric: 'clicks' } } })).toThrow(
      /canary\.metric/,
    );
    expect(() =>
      trainerSettingsFor({
        trainer: { canary: { enabled: true, minDurationSeconds: 10, maxDurationSeconds: 5 } },
      }),
    ).toThrow(/minDurationSeconds must not exceed maxDurationSeconds/);
  });
});
