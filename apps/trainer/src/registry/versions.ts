import { type Db, queryRows, sql, type Tx, type Vertical, withPlatform } from '@tessera/db';
import { TesseraError } from '@tessera/errors';
import type { CanarySettings } from '../canary/settings.js';
import { runningCanaryOf, startCanary } from '../canary/start.js';
import { type ClaimedJob, holdsJob, lockTenantAlgorithm } from '../queue/jobs.js';
import { activateVersion, lockTenantPromotion } from './promotion.js';

/** Raised when a job's claim was taken over (stale recovery) before it could commit. */
export class LostClaimError extends TesseraError {
  constructor(job: ClaimedJob) {
    super('TRAINER_LOST_CLAIM', `job ${job.id} attempt ${job.attempt} is no longer held by this trainer`, {
      hint: 'the heartbeat went stale and another trainer re-queued it; nothing was committed',
    });
  }
}

/**
 * Reserves version N+1 as a `training` row (no artifact) and links it to the job, so a crash leaves
 * only a row that nothing serves and that stale recovery deletes.
 */
export async function startVersion(
  db: Db,
  job: ClaimedJob,
  trainerId: string,
  vertical: Vertical,
  params: Record<string, unknown>,
): Promise<{ modelId: string; version: number }> {
  return withPlatform(db, async (tx) => {
    await lockTenantAlgorithm(tx, job.tenantId, job.algorithm);
    const held = await queryRows(
      tx,
      sql`select 1 from training_jobs where ${holdsJob(job, trainerId)} for update`,
    );
    if (held.length === 0) throw new LostClaimError(job);
    const [row] = await queryRows<{ id: string; version: number }>(
      tx,
      sql`insert into models (tenant_id, vertical, algorithm, version, status, params)
          select ${job.tenantId}::uuid, ${vertical}::vertical, ${job.algorithm}::text,
                 coalesce(max(version), 0) + 1, 'training', ${JSON.stringify(params)}::jsonb
          from models where tenant_id = ${job.tenantId} and algorithm = ${job.algorithm}
          returning id, version`,
    );
    await tx.execute(sql`update training_jobs set model_id = ${row!.id} where ${holdsJob(job, trainerId)}`);
    return { modelId: row!.id, version: row!.version };
  });
}

export interface FinishedVersion {
  modelId: string;
  artifact: Uint8Array;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  backend: string;
  trainSeconds: number;
  dataFrom: Date | null;
  dataTo: Date | null;
  /** Whether evaluation found it better than `activeSeen` by the margin. */
  promote: boolean;
  /** The active version the candidate was compared with (null when none was active). */
  activeSeen: string | null;
  keepVersions: number;
  /** The tenant's canary settings: a winner with an active version to beat starts a canary instead. */
  canary?: CanarySettings | null;
  version?: number;
}

export type FinishOutcome = {
  status: 'candidate' | 'active' | 'canary';
  note?: string;
  experimentId?: string;
};

/**
 * The one transaction that makes a version visible: job `succeeded` (fenced on this attempt), model
 * `training` → `candidate` with its artifact, and, when it won, → `active` with the previous active
 * retired and a NOTIFY for the API; then old versions beyond `keepVersions` are deleted. If the claim
 * was lost or the active version changed since evaluation, nothing is promoted.
 */
export async function finishVersion(
  db: Db,
  job: ClaimedJob,
  trainerId: string,
  v: FinishedVersion,
): Promise<FinishOutcome> {
  return withPlatform(db, async (tx) => {
    await lockTenantPromotion(tx, job.tenantId);
    const done = await queryRows(
      tx,
      sql`update training_jobs set status = 'succeeded', finished_at = now(), error = null
          where ${holdsJob(job, trainerId)} returning 1`,
    );
    if (done.length === 0) throw new LostClaimError(job);
    const updated = await queryRows(
      tx,
      sql`update models set status = 'candidate', artifact = ${v.artifact}, params = ${JSON.stringify(v.params)}::jsonb,
            metrics = ${JSON.stringify(v.metrics)}::jsonb, backend = ${v.backend}, train_seconds = ${v.trainSeconds},
            data_from = ${v.dataFrom?.toISOString() ?? null}, data_to = ${v.dataTo?.toISOString() ?? null}
          where tenant_id = ${job.tenantId} and id = ${v.modelId} and status = 'training' returning 1`,
    );
    if (updated.length === 0) throw new LostClaimError(job);
    let result: FinishOutcome = { status: 'candidate' };
    if (v.promote) {
      const activeNow = await currentActiveId(tx, job.tenantId);
      if (activeNow === v.activeSeen && v.canary && activeNow !== null) {
        // Canary mode: the offline gate only earns the candidate live traffic (canary/review.ts decides).
        const running = await runningCanaryOf(tx, job.tenantId);
        if (running) {
          result = { status: 'candidate', note: `a canary is already running (model ${running})` };
        } else {
          const canary = await startCanary(
            tx,
            job.tenantId,
            { modelId: v.modelId, algorithm: job.algorithm, version: v.version ?? 0 },
            activeNow,
            v.canary,
          );
          result = { status: 'canary', experimentId: canary.experimentId };
        }
      } else if (activeNow === v.activeSeen) {
        await activateVersion(tx, job.tenantId, v.modelId);
        result = { status: 'active' };
      } else {
        result = { status: 'candidate', note: 'the active version changed during evaluation' };
      }
    }
    await deleteOldVersions(tx, job.tenantId, job.algorithm, v.keepVersions);
    return result;
  });
}

export async function currentActiveId(tx: Tx, tenantId: string): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`select id from models where tenant_id = ${tenantId} and status = 'active'
        order by promoted_at desc nulls last, created_at desc limit 1`,
  );
  return row?.id ?? null;
}

/**
 * Keeps the `keep` newest finished versions of a tenant+algorithm (and always the active one and a
 * candidate whose canary is running: the API serves it to the treatment arm); older candidates and
 * retired versions are deleted with their artifacts.
 */
export async function deleteOldVersions(tx: Tx, tenantId: string, algorithm: string, keep: number) {
  const rows = await queryRows<{ version: number }>(
    tx,
    sql`delete from models where tenant_id = ${tenantId} and algorithm = ${algorithm}
          and status in ('candidate', 'retired')
          and (params->'canary'->>'state') is distinct from 'running'
          and id not in (select id from models where tenant_id = ${tenantId} and algorithm = ${algorithm}
                         and status <> 'training' order by version desc limit ${keep})
        returning version`,
  );
  return rows.map((r) => r.version);
}
