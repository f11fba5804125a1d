import { type Db, queryRows, sql, type Tx, withPlatform } from '@tessera/db';

/** A claimed job, as the worker sees it. `attempt` fences every later write to the job. */
export interface ClaimedJob {
  tenantId: string;
  id: string;
  algorithm: string;
  reason: string;
  attempt: number;
  maxAttempts: number;
}

interface JobRow {
  tenant_id: string;
  id: string;
  algorithm: string;
  reason: string;
  attempts: number;
  max_attempts: number;
}

const toClaimed = (r: JobRow): ClaimedJob => ({
  tenantId: r.tenant_id,
  id: r.id,
  algorithm: r.algorithm,
  reason: r.reason,
  attempt: r.attempts,
  maxAttempts: r.max_attempts,
});

/** Serialises all queue writes for one tenant+algorithm (enqueue dedup, version numbers, promotion). */
export async function lockTenantAlgorithm(tx: Tx, tenantId: string, algorithm: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`tessera_train:${tenantId}:${algorithm}`}))`);
}

export interface NewJob {
  tenantId: string;
  algorithm: string;
  reason: string;
  maxAttempts?: number;
}

/**
 * Queues a job unless one is already queued for the tenant and algorithm (the advisory lock makes the
 * check-then-insert atomic across schedulers). Returns the new job id, or null when deduplicated.
 */
export async function enqueueJob(db: Db, job: NewJob): Promise<string | null> {
  return withPlatform(db, async (tx) => {
    await lockTenantAlgorithm(tx, job.tenantId, job.algorithm);
    return insertJobUnlessQueued(tx, job);
  });
}

/** The insert behind `enqueueJob`; the caller holds `lockTenantAlgorithm` in `tx`. */
export async function insertJobUnlessQueued(tx: Tx, job: NewJob): Promise<string | null> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`insert into training_jobs (tenant_id, algorithm, reason, max_attempts)
        select ${job.tenantId}::uuid, ${job.algorithm}::text, ${job.reason}::text, ${job.maxAttempts ?? 3}::int
        where not exists (select 1 from training_jobs where tenant_id = ${job.tenantId}
                          and algorithm = ${job.algorithm} and status = 'queued')
        returning id`,
  );
  return rows[0]?.id ?? null;
}

/**
 * Claims the oldest due job across all tenants. `FOR UPDATE SKIP LOCKED` lets any number of trainers
 * poll at once: a row locked by another claimer is skipped, never waited on or taken twice.
 */
export async function claimJob(db: Db, trainerId: string): Promise<ClaimedJob | null> {
  const rows = await withPlatform(db, (tx) =>
    queryRows<JobRow>(
      tx,
      sql`with next as (
            select tenant_id, id from training_jobs
            where status = 'queued' and run_after <= now()
            order by run_after, created_at limit 1
            for update skip locked)
          update training_jobs j set status = 'running', attempts = j.attempts + 1, claimed_by = ${trainerId},
            claimed_at = now(), heartbeat_at = now(), finished_at = null, model_id = null
          from next where j.tenant_id = next.tenant_id and j.id = next.id
          returning j.tenant_id, j.id, j.algorithm, j.reason, j.attempts, j.max_attempts`,
    ),
  );
  return rows[0] ? toClaimed(rows[0]) : null;
}

/** The fence: true while this trainer still holds this attempt of the job. */
export function holdsJob(job: ClaimedJob, trainerId: string) {
  return sql`tenant_id = ${job.tenantId} and id = ${job.id} and status = 'running'
             and claimed_by = ${trainerId} and attempts = ${job.attempt}`;
}

/** Refreshes the heartbeat; false means the claim was lost (recovered as stale) and work must stop. */
export async function heartbeat(db: Db, job: ClaimedJob, trainerId: string): Promise<boolean> {
  const rows = await withPlatform(db, (tx) =>
    queryRows(
      tx,
      sql`update training_jobs set heartbeat_at = now() where ${holdsJob(job, trainerId)} returning 1`,
    ),
  );
  return rows.length > 0;
}

/**
 * Records a failed attempt: re-queued with exponential backoff while attempts remain and the error is
 * retriable, else `failed`. The attempt's unfinished `training` model row is deleted with it.
 */
export async function recordFailure(
  db: Db,
  job: ClaimedJob,
  trainerId: string,
  failure: { reason: string; retriable: boolean; backoffMs: number },
): Promise<'queued' | 'failed' | 'lost'> {
  return withPlatform(db, async (tx) => {
    await deleteUnfinishedVersion(tx, job.tenantId, job.id);
    const retry = failure.retriable && job.attempt < job.maxAttempts;
    const rows = await queryRows(
      tx,
      sql`update training_jobs set
            status = ${retry ? 'queued' : 'failed'}::job_status, error = ${failure.reason}, claimed_by = null,
            run_after = now() + ${failure.backoffMs}::float8 * interval '1 millisecond',
            finished_at = ${retry ? sql`null` : sql`now()`}, model_id = null
          where ${holdsJob(job, trainerId)} returning 1`,
    );
    if (rows.length === 0) return 'lost';
    return retry ? 'queued' : 'failed';
  });
}

/** Deletes the `training` row a job attempt started (it never got an artifact; nothing serves it). */
export async function deleteUnfinishedVersion(tx: Tx, tenantId: string, jobId: string): Promise<void> {
  await tx.execute(
    sql`delete from models m using training_jobs j
        where j.tenant_id = ${tenantId} and j.id = ${jobId}
          and m.tenant_id = j.tenant_id and m.id = j.model_id and m.status = 'training'`,
  );
}

/**
 * Recovers the jobs of trainers that stopped heartbeating: each goes back to the queue (or to `failed`
 * when its attempts are used up) with the reason recorded, and its half-written `training` version is
 * deleted. Locked rows are skipped: a live trainer finishing its job is never disturbed.
 */
export async function recoverStaleJobs(db: Db, staleAfterMs: number): Promise<ClaimedJob[]> {
  return withPlatform(db, async (tx) => {
    const stale = await queryRows<JobRow & { claimed_by: string | null }>(
      tx,
      sql`select tenant_id, id, algorithm, reason, attempts, max_attempts, claimed_by from training_jobs
          where status = 'running' and heartbeat_at < now() - ${staleAfterMs}::float8 * interval '1 millisecond'
          for update skip locked`,
    );
    for (const job of stale) {
      await deleteUnfinishedVersion(tx, job.tenant_id, job.id);
      const exhausted = job.attempts >= job.max_attempts;
      await tx.execute(
        sql`update training_jobs set status = ${exhausted ? 'failed' : 'queued'}::job_status, claimed_by = null,
              error = ${`TRAINER_LOST: trainer ${job.claimed_by ?? '?'} stopped heartbeating for over ${staleAfterMs} ms`},
              finished_at = ${exhausted ? sql`now()` : sql`null`}, run_after = now(), model_id = null
            where tenant_id = ${job.tenant_id} and id = ${job.id}`,
      );
    }
    return stale.map(toClaimed);
  });
}
