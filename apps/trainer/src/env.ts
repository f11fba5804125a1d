import { TesseraError } from '@tessera/errors';
import { z } from 'zod';
import type { TrainerConfig } from './trainer.js';

const ms = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** Every variable the trainer reads; `.env.example` documents them. */
export const trainerEnvSchema = z.object({
  /** postgres://… ; absent → embedded PGlite in TESSERA_PGLITE_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  TESSERA_PGLITE_DIR: z.string().min(1).default('.tessera/pglite'),
  /** Unique per trainer process; default hostname-pid. */
  TRAINER_ID: z.string().min(1).max(200).optional(),
  TRAINER_POLL_MS: ms(2_000),
  TRAINER_HEARTBEAT_MS: ms(10_000),
  TRAINER_STALE_AFTER_MS: ms(120_000),
  /** 0 turns the scheduler off in this process (another trainer schedules). */
  TRAINER_SCHEDULE_MS: ms(30_000),
  TRAINER_RETRY_BASE_MS: ms(10_000),
  /** 0 turns the canary review off in this process (another trainer reviews). */
  TRAINER_CANARY_CHECK_MS: ms(60_000),
  /** 1: schedule once, drain the queue, exit (0, or 1 when a job failed for good) — for CronJobs. */
  TRAINER_EXIT_WHEN_IDLE: z
    .enum(['0', '1', 'true', 'false'], { message: 'use 1/true or 0/false' })
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  TRAINER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  /** Default cadence; tenants may override it in settings.trainer.cadenceSeconds. */
  TRAINER_CADENCE_SECONDS: z.coerce.number().positive().default(3_600),
  TRAINER_VOLUME_THRESHOLD: z.coerce.number().int().positive().default(1_000),
  TRAINER_PROMOTION_MARGIN: z.coerce.number().min(0).max(1).default(0.001),
  TRAINER_KEEP_VERSIONS: z.coerce.number().int().min(1).default(5),
  TRAINER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});
export type TrainerEnv = z.infer<typeof trainerEnvSchema>;

/** Reads and checks the environment; a bad value stops the process with the variable's name. */
export function readTrainerEnv(env: NodeJS.ProcessEnv = process.env): TrainerEnv {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = trainerEnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new TesseraError('BAD_CONFIG', `${variable} is invalid: ${issue?.message ?? 'bad value'}`, {
      hint: `fix or unset ${variable}; see apps/trainer/.env.example`,
    });
  }
  return parsed.data;
}

export function configFromEnv(env: TrainerEnv): TrainerConfig {
  const config: TrainerConfig = {
    pgliteDir: env.TESSERA_PGLITE_DIR,
    pollMs: env.TRAINER_POLL_MS,
    heartbeatMs: env.TRAINER_HEARTBEAT_MS,
    staleAfterMs: env.TRAINER_STALE_AFTER_MS,
    scheduleMs: env.TRAINER_SCHEDULE_MS,
    retryBaseMs: env.TRAINER_RETRY_BASE_MS,
    canaryCheckMs: env.TRAINER_CANARY_CHECK_MS,
    exitWhenIdle: env.TRAINER_EXIT_WHEN_IDLE,
    maxAttempts: env.TRAINER_MAX_ATTEMPTS,
    defaults: {
      cadenceSeconds: env.TRAINER_CADENCE_SECONDS,
      volumeThreshold: env.TRAINER_VOLUME_THRESHOLD,
      promotionMargin: env.TRAINER_PROMOTION_MARGIN,
      keepVersions: env.TRAINER_KEEP_VERSIONS,
    },
  };
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (env.TRAINER_ID) config.trainerId = env.TRAINER_ID;
  if (env.TRAINER_METRICS_PORT !== undefined) config.metricsPort = env.TRAINER_METRICS_PORT;
  return config;
}
