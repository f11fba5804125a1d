import { hostname } from 'node:os';
import { assertMigrated, type Connection, connect } from '@tessera/db';
import { backendReporter } from './backend.js';
import { reviewCanaries } from './canary/review.js';
import { createLogger, type Logger } from './logger.js';
import { createTrainerMetrics, serveMetrics, type TrainerMetrics } from './metrics.js';
import { startHeartbeat } from './queue/heartbeat.js';
import { type ClaimedJob, claimJob, recordFailure, recoverStaleJobs } from './queue/jobs.js';
import { pendingRetries } from './queue/retries.js';
import { scheduleTrainingJobs } from './queue/scheduler.js';
import { LostClaimError } from './registry/versions.js';
import { defaultTrainerDefaults, type TrainerDefaults } from './settings.js';
import { classifyFailure, retryDelayMs } from './training/failure.js';
import { type JobResult, runTrainingJob } from './training/run-job.js';

export interface TrainerConfig {
  /** An open connection (the in-process `npm start` shares its own). */
  connection?: Connection;
  /** Otherwise a PostgreSQL URL, or PGlite in `pgliteDir` (default `.tessera/pglite`) when absent. */
  databaseUrl?: string;
  pgliteDir?: string;
  /** Unique per trainer process; default `hostname-pid`. */
  trainerId?: string;
  /** Sleep between empty polls of the queue. Default 2,000 ms. */
  pollMs?: number;
  /** Heartbeat period while a job runs. Default 10,000 ms. */
  heartbeatMs?: number;
  /**
   * A running job whose heartbeat is older than this is recovered by any trainer. Default 120,000 ms.
   * Against a server the beats come from a worker thread that keeps going through synchronous fits as
   * long as the fit reports progress within half this time (queue/heartbeat.ts); on PGlite they come
   * from timers, which a synchronous fit delays. A slow-but-alive trainer that loses its claim anyway
   * cannot commit (fenced writes).
   */
  staleAfterMs?: number;
  /** Period of the scheduling pass (cadence/volume); 0 disables it in this process. Default 30,000 ms. */
  scheduleMs?: number;
  /** Backoff base for retries (full jitter, doubling per attempt). Default 10,000 ms. */
  retryBaseMs?: number;
  /** Period of the canary review (running canary experiments → promote/reject); 0 disables it here. Default 60,000 ms. */
  canaryCheckMs?: number;
  /**
   * CronJob mode: one scheduling pass and one canary review, then claim until the queue is drained
   * (including the retries of this process's own failed attempts), then stop. `done` resolves with
   * the counts; the bin exits non-zero when a job failed for good.
   */
  exitWhenIdle?: boolean;
  /** Attempts per job the scheduler grants. Default 3. */
  maxAttempts?: number;
  defaults?: Partial<TrainerDefaults>;
  /** Serve Prometheus metrics on this port (0: any free port); none when absent. */
  metricsPort?: number;
  logger?: Logger;
  /** Probe the TF.js backends (default true); false records `not-probed`. */
  detectBackend?: boolean;
  /** Called after each claim, before training (instrumentation; tests inject faults here). */
  beforeTrain?: (job: ClaimedJob) => void | Promise<void>;
  /** Called after each finished attempt. */
  onJobDone?: (job: ClaimedJob, outcome: JobResult | { failed: string }) => void;
}

export interface Trainer {
  trainerId: string;
  metrics: TrainerMetrics;
  metricsUrl: string | undefined;
  /** Resolves when the loop ends: after `stop()`, or by itself once idle in `exitWhenIdle` mode. */
  done: Promise<RunSummary>;
  /** Stops polling, lets the job in flight finish, closes what it opened. Safe to call twice. */
  stop(): Promise<void>;
}

export interface RunSummary {
  /** Job attempts this process finished, by outcome (active, candidate, canary, retried, failed, lost). */
  outcomes: Record<string, number>;
  /** Jobs that failed for good in this process. */
  failed: number;
}

/** Starts the claim → train → commit loop (and the scheduler); the bin and `npm start` both use it. */
export async function startTrainer(config: TrainerConfig = {}): Promise<Trainer> {
  const log = config.logger ?? createLogger();
  const metrics = createTrainerMetrics();
  const own = config.connection
    ? undefined
    : await connect({ url: config.databaseUrl, dataDir: config.pgliteDir, poolSize: 4 });
  if (own)
    await assertMigrated(own).catch(async (error: unknown) => {
      await own.close();
      throw error;
    });
  const db = (config.connection ?? own)!.db;
  // A server URL lets heartbeats run on their own thread; a shared connection may carry one (TestDatabase).
  const heartbeatUrl = config.databaseUrl ?? (config.connection as { url?: string } | undefined)?.url;
  const trainerId = config.trainerId ?? `${hostname()}-${process.pid}`;
  const pollMs = config.pollMs ?? 2_000;
  const heartbeatMs = config.heartbeatMs ?? 10_000;
  const staleAfterMs = config.staleAfterMs ?? 120_000;
  const scheduleMs = config.scheduleMs ?? 30_000;
  const canaryCheckMs = config.canaryCheckMs ?? 60_000;
  const exitWhenIdle = config.exitWhenIdle ?? false;
  const summary: RunSummary = { outcomes: {}, failed: 0 };
  const attempted = new Set<string>();
  const defaults = { ...defaultTrainerDefaults, ...config.defaults };
  const backend = backendReporter({ detect: config.detectBackend ?? true, log });
  // Probe now, while the queue is polled, so the first job does not pay for loading the backends.
  void backend('als');
  const server =
    config.metricsPort === undefined ? undefined : await serveMetrics(metrics.registry, config.metricsPort);

  let stopped = false;
  let wake: (() => void) | undefined;
  let lastSchedule = 0;
  let lastRecovery = 0;
  let lastCanaryReview = 0;

  const housekeeping = async () => {
    const now = Date.now();
    if (now - lastRecovery >= Math.min(staleAfterMs / 2, 30_000)) {
      lastRecovery = now;
      const recovered = await recoverStaleJobs(db, staleAfterMs);
      for (const job of recovered)
        log.warn({ tenantId: job.tenantId, jobId: job.id }, 'recovered a stale job');
      metrics.recovered.inc(recovered.length);
    }
    if (scheduleMs > 0 && now - lastSchedule >= scheduleMs) {
      lastSchedule = now;
      const queued = await scheduleTrainingJobs(db, defaults, log, config.maxAttempts ?? 3);
      for (const q of queued) metrics.enqueued.inc({ trigger: q.trigger });
    }
    if (canaryCheckMs > 0 && now - lastCanaryReview >= canaryCheckMs) {
      lastCanaryReview = now;
      for (const outcome of await reviewCanaries(db, log)) {
        if (outcome.action === 'promote' || outcome.action === 'reject')
          metrics.canaries.inc({ decision: outcome.action });
      }
    }
  };

  const runClaimedJob = async (job: ClaimedJob) => {
    const started = performance.now();
    const beat = startHeartbeat({
      db,
      databaseUrl: heartbeatUrl,
      job,
      trainerId,
      intervalMs: heartbeatMs,
      livenessMs: staleAfterMs / 2,
      log,
    });
    let outcome: string;
    try {
      const result = await runTrainingJob(
        {
          db,
          trainerId,
          defaults,
          log,
          metrics,
          backend,
          stillHeld: () => !beat.lost(),
          alive: beat.alive,
          beforeTrain: config.beforeTrain,
        },
        job,
      );
      outcome = result.status;
      config.onJobDone?.(job, result);
    } catch (error) {
      if (error instanceof LostClaimError) {
        outcome = 'lost';
        log.warn({ jobId: job.id }, error.message);
      } else {
        const failure = classifyFailure(error);
        const backoffMs = retryDelayMs(job.attempt, config.retryBaseMs ?? 10_000);
        const state = await recordFailure(db, job, trainerId, { ...failure, backoffMs });
        outcome = state === 'queued' ? 'retried' : state;
        log.error(
          {
            tenantId: job.tenantId,
            jobId: job.id,
            attempt: job.attempt,
            reason: failure.reason,
            next: state,
          },
          'training attempt failed',
        );
      }
      config.onJobDone?.(job, { failed: outcome });
    } finally {
      await beat.stop();
    }
    metrics.jobSeconds.observe({ algorithm: job.algorithm, outcome }, (performance.now() - started) / 1000);
    metrics.jobs.inc({ outcome });
    attempted.add(job.id);
    summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
    if (outcome === 'failed') summary.failed += 1;
  };

  const loop = async () => {
    while (!stopped) {
      try {
        await housekeeping();
        const job = await claimJob(db, trainerId);
        if (job) {
          await runClaimedJob(job);
          continue;
        }
        if (exitWhenIdle && (await pendingRetries(db, [...attempted])) === 0) {
          log.info({ trainerId, ...summary }, 'queue drained; exiting (exitWhenIdle)');
          break;
        }
      } catch (error) {
        log.error({ err: error }, 'trainer loop error; retrying after the poll interval');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };

  log.info(
    { trainerId, driver: (config.connection ?? own)!.driver, pollMs, staleAfterMs },
    'trainer started',
  );
  const running = loop().then(() => summary);
  let stopping: Promise<void> | undefined;
  return {
    trainerId,
    metrics,
    metricsUrl: server?.url,
    done: running,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        wake?.();
        await running;
        await server?.close();
        await own?.close();
        log.info({ trainerId }, 'trainer stopped');
      })();
      return stopping;
    },
  };
}
