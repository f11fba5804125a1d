import { describe, expect, it } from 'vitest';
import { configFromEnv, readTrainerEnv } from './env.js';
import { trainerSettingsFor } from './settings.js';
import { classifyFailure, retryDelayMs } from './training/failure.js';

describe('trainer environment', () => {
  it('runs on defaults with nothing set (embedded PGlite)', () => {
    const config = configFromEnv(readTrainerEnv({}));
    expect(config.databaseUrl).toBeUndefined();
    expect(config).toMatchObject({ pgliteDir: '.tessera/pglite', pollMs: 2_000, staleAfterMs: 120_000 });
    expect(config.defaults).toMatchObject({ cadenceSeconds: 3_600, volumeThreshold: 1_000, keepVersions: 5 });
  });

  it('names the variable that is wrong', () => {
    expect(() => readTrainerEnv({ TRAINER_POLL_MS: 'soon' })).toThrow(/TRAINER_POLL_MS is invalid/);
    expect(() => readTrainerEnv({ DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL is invalid/);
    expect(() => readTrainerEnv({ TRAINER_PROMOTION_MARGIN: '2' })).toThrow(/TRAINER_PROMOTION_MARGIN/);
  });

  it('reads the variables it documents', () => {
    const config = configFromEnv(
      readTrainerEnv({
        DATABASE_URL: 'postgres://u@h:5432/d',
        TRAINER_ID: 'gpu-7',
        TRAINER_CADENCE_SECONDS: '600',
        TRAINER_METRICS_PORT: '0',
        TRAINER_EXIT_WHEN_IDLE: 'true',
        TRAINER_CANARY_CHECK_MS: '0',
      }),
    );
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u@h:5432/d',
      trainerId: 'gpu-7',
      metricsPort: 0,
      exitWhenIdle: true,
      canaryCheckMs: 0,
    });
    expect(configFromEnv(readTrainerEnv({})).exitWhenIdle).toBe(false);
    expect(() => readTrainerEnv({ TRAINER_EXIT_WHEN_IDLE: 'yes' })).toThrow(
      /TRAINER_EXIT_WHEN_IDLE is invalid/,
    );
    expect(config.defaults?.cadenceSeconds).toBe(600);
  });
});

describe('tenant trainer settings', () => {
  it('defaults to ALS and lets a tenant override each knob', () => {
    expect(trainerSettingsFor({})).toMatchObject({ algorithm: 'als', refit: false, holdoutPerUser: 1 });
    expect(trainerSettingsFor({ trainer: { algorithm: 'ease', promotionMargin: 0.05 } })).toMatchObject({
      algorithm: 'ease',
      promotionMargin: 0.05,
    });
  });

  it('rejects unknown keys and algorithms with BAD_CONFIG', () => {
    expect(() => trainerSettingsFor({ trainer: { algoritm: 'als' } })).toThrow(/BAD_CONFIG|Unrecognized key/);
    expect(() => trainerSettingsFor({ trainer: { algorithm: 'gpt' } })).toThrow(
      /trainer\.algorithm is invalid/,
    );
  });
});

describe('failures', () => {
  it('retries infrastructure errors but not bad input or programmer errors', () => {
    expect(classifyFailure(new Error('connection reset')).retriable).toBe(true);
    expect(classifyFailure(new TypeError('x is undefined')).retriable).toBe(false);
    expect(classifyFailure(trainerSettingsError()).retriable).toBe(false);
  });

  it('backs off within the doubling bound', () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const delay = retryDelayMs(attempt, 1_000);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(1_000 * 2 ** (attempt - 1));
    }
  });
});

function trainerSettingsError(): unknown {
  try {
    trainerSettingsFor({ trainer: { nope: 1 } });
  } catch (error) {
    return error;
  }
  throw new Error('expected a settings error');
}
