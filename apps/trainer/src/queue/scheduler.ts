import { type Db, queryRows, sql, type Tx, withPlatform } from '@tessera/db';
import type { Logger } from '../logger.js';
import { type TrainerDefaults, trainerSettingsFor } from '../settings.js';
import { insertJobUnlessQueued, lockTenantAlgorithm } from './jobs.js';

export type ScheduleTrigger = 'initial' | 'cadence' | 'volume';

export interface ScheduledJob {
  tenantId: string;
  algorithm: string;
  trigger: ScheduleTrigger;
  jobId: string;
}

interface TenantState {
  id: string;
  settings: Record<string, unknown>;
}

/**
 * One scheduling pass over every tenant. For the tenant's algorithm a job is queued when
 *  - it has interactions but no version yet (`initial`),
 *  - `cadenceSeconds` have passed since the newest version was created (`cadence`), or
 *  - at least `volumeThreshold` interactions are newer than that version's data window (`volume`),
 * and no job for the same tenant and algorithm is queued or running, nor failed within one cadence,
 * nor a canary experiment of the tenant still running.
 * The check and the insert run in one transaction under the tenant+algorithm lock, so concurrent
 * schedulers (and a job committing meanwhile) can never cause a second job for the same need. `enqueueJob` rechecks under a
 * lock, so concurrent schedulers never queue two. A tenant with bad trainer settings is skipped and logged.
 */
export async function scheduleTrainingJobs(
  db: Db,
  defaults: TrainerDefaults,
  log?: Logger,
  maxAttempts = 3,
): Promise<ScheduledJob[]> {
  const tenants = await withPlatform(db, (tx) =>
    queryRows<TenantState>(tx, sql`select id, settings from tenants order by id`),
  );
  const queued: ScheduledJob[] = [];
  for (const tenant of tenants) {
    let settings: ReturnType<typeof trainerSettingsFor>;
    try {
      settings = trainerSettingsFor(tenant.settings, defaults);
    } catch (error) {
      log?.warn({ tenantId: tenant.id, err: error }, 'skipping a tenant with invalid trainer settings');
      continue;
    }
    const queuedJob = await withPlatform(db, async (tx) => {
      await lockTenantAlgorithm(tx, tenant.id, settings.algorithm);
      const trigger = await dueTrigger(tx, tenant.id, settings);
      if (!trigger) return null;
      const job = { tenantId: tenant.id, algorithm: settings.algorithm, reason: trigger.reason, maxAttempts };
      const jobId = await insertJobUnlessQueued(tx, job);
      return jobId ? { jobId, trigger } : null;
    });
    if (queuedJob) {
      const { jobId, trigger } = queuedJob;
      queued.push({ tenantId: tenant.id, algorithm: settings.algorithm, trigger: trigger.kind, jobId });
      log?.info({ tenantId: tenant.id, algorithm: settings.algorithm, reason: trigger.reason }, 'job queued');
    }
  }
  return queued;
}

async function dueTrigger(
  tx: Tx,
  tenantId: string,
  settings: ReturnType<typeof trainerSettingsFor>,
): Promise<{ kind: ScheduleTrigger; reason: string } | null> {
  const [state] = await queryRows<{
    pending: boolean;
    age_s: number | null;
    failed_age_s: number | null;
    fresh: number;
    total_exists: boolean;
    canary_running: boolean;
  }>(
    tx,
    sql`with last as (
            select created_at, data_to from models
            where tenant_id = ${tenantId} and algorithm = ${settings.algorithm} and status <> 'training'
            order by version desc limit 1)
          select
            exists (select 1 from training_jobs where tenant_id = ${tenantId}
                    and algorithm = ${settings.algorithm} and status in ('queued', 'running')) as pending,
            (select extract(epoch from now() - created_at)::float8 from last) as age_s,
            (select extract(epoch from now() - max(finished_at))::float8 from training_jobs
               where tenant_id = ${tenantId} and algorithm = ${settings.algorithm} and status = 'failed') as failed_age_s,
            (select count(*)::int from (select 1 from events where tenant_id = ${tenantId}
               and ts > coalesce((select data_to from last), '-infinity')
               and item_id is not null and type <> 'exposure'
               limit ${settings.volumeThreshold}) capped) as fresh,
            exists (select 1 from interactions where tenant_id = ${tenantId}) as total_exists,
            exists (select 1 from models where tenant_id = ${tenantId}
                    and params->'canary'->>'state' = 'running') as canary_running`,
  );
  // While a canary runs, a new candidate could not start its own canary: retraining waits for the verdict.
  if (!state || state.pending || !state.total_exists || state.canary_running) return null;
  // A job that failed for good waits one cadence before the tenant is tried again (no hot failure loop).
  if (state.failed_age_s !== null && state.failed_age_s < settings.cadenceSeconds) return null;
  if (state.age_s === null) return { kind: 'initial', reason: 'initial: no version yet' };
  if (state.age_s >= settings.cadenceSeconds) {
    return { kind: 'cadence', reason: `cadence: last version ${Math.round(state.age_s)} s old` };
  }
  if (state.fresh >= settings.volumeThreshold) {
    return {
      kind: 'volume',
      reason: `volume: ≥${settings.volumeThreshold} interaction events since the last data window`,
    };
  }
  return null;
}
