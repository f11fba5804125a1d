import { type Db, queryRows, sql, type Vertical, withPlatform } from '@tessera/db';
import { TesseraError } from '@tessera/errors';
import { type AlgorithmName, createModel, type InteractionMatrix, ModelError } from '@tessera/models';
import { readInteractions } from '../data/read-interactions.js';
import type { Logger } from '../logger.js';
import type { TrainerMetrics } from '../metrics.js';
import type { ClaimedJob } from '../queue/jobs.js';
import { shouldPromote } from '../registry/promotion.js';
import { finishVersion, LostClaimError, startVersion } from '../registry/versions.js';
import { type TrainerDefaults, trainerSettingsFor } from '../settings.js';
import { loadActiveVersion } from './active-model.js';
import { evaluateOnHoldout } from './evaluate.js';
import { timeHoldout } from './holdout.js';

export interface JobContext {
  db: Db;
  trainerId: string;
  defaults: TrainerDefaults;
  log: Logger;
  metrics: TrainerMetrics;
  /** What the job computes on: the TF.js chooser's backend, noted as such for typed-array algorithms. */
  backend: (algorithm: string) => Promise<string>;
  /** False once the heartbeat found the claim lost; checked between phases. */
  stillHeld: () => boolean;
  /** Proof of life for the heartbeat thread, called from fit progress (synchronous code). */
  alive?: () => void;
  /** Runs after the claim, before any work (instrumentation and fault injection in tests). */
  beforeTrain?: ((job: ClaimedJob) => void | Promise<void>) | undefined;
}

export interface JobResult {
  modelId: string;
  version: number;
  status: 'candidate' | 'active' | 'canary';
  /** The canary experiment started for this version (status `canary`). */
  experimentId?: string;
  ndcg10: number;
  activeNdcg10: number | null;
  backend: string;
}

/**
 * One attempt of one job: read → time holdout → fit → evaluate candidate and active on the same
 * holdout → write version N+1 (see registry/versions.ts for the all-or-nothing commit).
 */
export async function runTrainingJob(ctx: JobContext, job: ClaimedJob): Promise<JobResult> {
  const log = ctx.log.child({
    tenantId: job.tenantId,
    jobId: job.id,
    algorithm: job.algorithm,
    attempt: job.attempt,
  });
  const tenant = await readTenant(ctx.db, job.tenantId);
  const settings = trainerSettingsFor(tenant.settings, ctx.defaults);
  const params = settings.algorithm === job.algorithm ? settings.params : {};
  await ctx.beforeTrain?.(job);
  const check = () => {
    if (!ctx.stillHeld()) throw new LostClaimError(job);
  };
  const { modelId, version } = await startVersion(ctx.db, job, ctx.trainerId, tenant.vertical, params);
  log.info({ version, reason: job.reason }, 'training started');

  const phase = timer(ctx.metrics);
  const data = await readInteractions(ctx.db, job.tenantId, {
    onProgress: (rows) => log.debug({ rows }, 'reading interactions'),
  });
  const readSeconds = phase('read');
  const matrix = data.matrix;
  ctx.metrics.interactionsPerSecond.set(matrix.nnz / Math.max(readSeconds, 1e-3));
  log.info(
    { interactions: matrix.nnz, users: matrix.nUsers, items: matrix.nItems, seconds: round(readSeconds) },
    `read ${rate(matrix.nnz, readSeconds)} interactions/s`,
  );
  if (matrix.nnz === 0) {
    throw new ModelError('DATA_EMPTY', 'the tenant has no positive interactions', 'ingest events first');
  }
  check();

  const split = timeHoldout(matrix, {
    perUser: settings.holdoutPerUser,
    minUserInteractions: settings.minUserInteractions,
  });
  const model = createModel(job.algorithm as AlgorithmName, params as never);
  const fitStart = performance.now();
  await model.fit(split.train, undefined, {
    onProgress: (message) => {
      ctx.alive?.();
      const seconds = (performance.now() - fitStart) / 1000;
      log.info(
        { seconds: round(seconds) },
        `${message} (${rate(split.train.nnz, seconds)} interactions/s so far)`,
      );
      check();
    },
  });
  const fitSeconds = phase('fit');
  check();

  const scores = evaluateOnHoldout(model, split.train, split.holdout, { maxUsers: settings.evalUsers });
  const active = await loadActiveVersion(ctx.db, job.tenantId).catch((error: unknown) => {
    log.warn({ err: error }, 'the active version could not be loaded; comparing against none');
    return null;
  });
  const activeScores = active
    ? evaluateOnHoldout(active.model, split.train, split.holdout, { maxUsers: settings.evalUsers })
    : null;
  const evaluateSeconds = phase('evaluate');
  check();

  const served = settings.refit
    ? await refit(job.algorithm as AlgorithmName, params, matrix, () => ctx.alive?.())
    : model;
  const backend = await ctx.backend(job.algorithm);
  const promote = shouldPromote(scores.ndcg10, activeScores?.ndcg10 ?? null, settings.promotionMargin);
  const metrics: Record<string, number> = {
    ndcg10: scores.ndcg10,
    recall10: scores.recall10,
    holdoutUsers: scores.users,
    trainInteractions: split.train.nnz,
    holdoutInteractions: split.holdout.nnz,
    users: matrix.nUsers,
    items: matrix.nItems,
    readSeconds,
    fitSeconds,
    evaluateSeconds,
    ...(active && activeScores
      ? {
          activeNdcg10: activeScores.ndcg10,
          activeRecall10: activeScores.recall10,
          activeVersion: active.version,
        }
      : {}),
  };
  const trainSeconds = fitSeconds + (settings.refit ? phase('refit') : 0);
  const outcome = await finishVersion(ctx.db, job, ctx.trainerId, {
    modelId,
    artifact: served.save(),
    params: { ...model.params, holdoutPerUser: settings.holdoutPerUser, refit: settings.refit },
    metrics,
    backend,
    trainSeconds,
    dataFrom: data.dataFrom,
    dataTo: data.dataTo,
    promote,
    activeSeen: active?.id ?? null,
    keepVersions: settings.keepVersions,
    canary: settings.canary,
    version,
  });
  phase('write');
  ctx.metrics.lastNdcg.set({ tenant: job.tenantId }, scores.ndcg10);
  log.info(
    {
      version,
      status: outcome.status,
      ndcg10: round(scores.ndcg10, 4),
      activeNdcg10: activeScores ? round(activeScores.ndcg10, 4) : null,
      margin: settings.promotionMargin,
      backend,
      note: outcome.note,
      experimentId: outcome.experimentId,
    },
    outcome.status === 'active'
      ? 'promoted'
      : outcome.status === 'canary'
        ? 'canary started'
        : 'kept as candidate',
  );
  return {
    modelId,
    version,
    status: outcome.status,
    ...(outcome.experimentId ? { experimentId: outcome.experimentId } : {}),
    ndcg10: scores.ndcg10,
    activeNdcg10: activeScores?.ndcg10 ?? null,
    backend,
  };
}

async function readTenant(db: Db, tenantId: string) {
  const [row] = await withPlatform(db, (tx) =>
    queryRows<{ vertical: Vertical; settings: Record<string, unknown> }>(
      tx,
      sql`select vertical, settings from tenants where id = ${tenantId}`,
    ),
  );
  if (!row)
    throw new TesseraError('NOT_FOUND', `tenant ${tenantId} does not exist`, { hint: 'it was deleted' });
  return row;
}

/** The served model refit on every interaction (train + holdout), same hyper-parameters. */
async function refit(
  algorithm: AlgorithmName,
  params: Record<string, unknown>,
  all: InteractionMatrix,
  alive: () => void,
) {
  const model = createModel(algorithm, params as never);
  await model.fit(all, undefined, { onProgress: alive });
  return model;
}

/** Returns a function that, each call, records and returns the seconds since the previous call. */
function timer(metrics: TrainerMetrics) {
  let last = performance.now();
  return (name: string) => {
    const now = performance.now();
    const seconds = (now - last) / 1000;
    last = now;
    metrics.phaseSeconds.observe({ phase: name }, seconds);
    return seconds;
  };
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const rate = (n: number, seconds: number) => Math.round(n / Math.max(seconds, 1e-3)).toLocaleString('en');
