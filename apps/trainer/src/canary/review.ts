import {
  type Db,
  type ExperimentVariant,
  queryRows,
  sql,
  type Tx,
  withPlatform,
  withTenant,
} from '@tessera/db';
import { computeResults } from '@tessera/experiments/results';
import type { Logger } from '../logger.js';
import { activateVersion, lockTenantPromotion } from '../registry/promotion.js';
import { currentActiveId } from '../registry/versions.js';
import { type CanaryVerdict, decideCanary } from './decide.js';
import type { CanaryRecord } from './start.js';

export interface CanaryRef {
  tenantId: string;
  modelId: string;
  experimentId: string;
}

export type CanaryOutcome =
  | (CanaryRef & CanaryVerdict)
  /** Another trainer holds this canary right now, or already decided it. */
  | (CanaryRef & { action: 'skipped'; reason: string });

/** Every version whose canary is still running, across tenants (platform role). */
export async function listRunningCanaries(db: Db): Promise<CanaryRef[]> {
  return withPlatform(db, (tx) =>
    queryRows<CanaryRef>(
      tx,
      sql`select tenant_id as "tenantId", id as "modelId", params->'canary'->>'experimentId' as "experimentId"
          from models where params->'canary'->>'state' = 'running'
          order by created_at`,
    ),
  );
}

/**
 * Looks at one canary and acts on the verdict, in one tenant-scoped transaction: the experiment row
 * is taken `FOR UPDATE SKIP LOCKED` (a second trainer skips it instead of deciding twice) and the
 * candidate's state is re-read under that lock (a trainer that arrives after a decision sees it and
 * does nothing). Promotion reuses `activateVersion` (others retired, NOTIFY at commit).
 */
export async function reviewCanary(db: Db, ref: CanaryRef, now = new Date()): Promise<CanaryOutcome> {
  return withTenant(db, ref.tenantId, async (tx) => {
    const [experiment] = await queryRows<{
      key: string;
      status: string;
      variants: ExperimentVariant[];
      metrics: string[];
      guardrails: string[];
      started_at: Date | null;
    }>(
      tx,
      sql`select key, status, variants, metrics, guardrails, started_at from experiments
          where id = ${ref.experimentId} for update skip locked`,
    );
    if (!experiment) return { ...ref, action: 'skipped', reason: 'held by another trainer (or deleted)' };
    const [model] = await queryRows<{ status: string; canary: CanaryRecord | null }>(
      tx,
      sql`select status, params->'canary' as canary from models where id = ${ref.modelId} for update`,
    );
    if (model?.canary?.state !== 'running') return { ...ref, action: 'skipped', reason: 'already decided' };
    const settings = model.canary.settings;
    const control = experiment.variants[0]?.modelId;

    let verdict: CanaryVerdict;
    await lockTenantPromotion(tx, ref.tenantId);
    if (model.status !== 'candidate') {
      // Promoted (or rolled back to, then away from) by hand while the canary ran: end it, say so.
      verdict = {
        action: model.status === 'active' ? 'promote' : 'reject',
        reason: `the candidate became ${model.status} outside the canary (manual promotion or rollback)`,
      };
      await recordDecision(tx, ref, verdict, now);
      return { ...ref, ...verdict };
    }
    if (experiment.status !== 'running') {
      verdict = { action: 'reject', reason: `the experiment was ${experiment.status} outside the trainer` };
    } else if ((await currentActiveId(tx, ref.tenantId)) !== control) {
      verdict = { action: 'reject', reason: 'the active version changed while the canary ran' };
    } else {
      const startedAt = experiment.started_at ? new Date(experiment.started_at) : now;
      const results = await computeResults(
        tx,
        { ...experiment, startedAt, variants: experiment.variants },
        settings.alpha,
      );
      verdict = decideCanary(results, settings, (now.getTime() - startedAt.getTime()) / 1000);
    }
    if (verdict.action === 'wait') return { ...ref, ...verdict };
    if (verdict.action === 'promote') await activateVersion(tx, ref.tenantId, ref.modelId);
    await recordDecision(tx, ref, verdict, now);
    return { ...ref, ...verdict };
  });
}

async function recordDecision(tx: Tx, ref: CanaryRef, verdict: CanaryVerdict, now: Date) {
  const state = verdict.action === 'promote' ? 'promoted' : 'rejected';
  await tx.execute(
    sql`update experiments set status = 'stopped', stopped_at = coalesce(stopped_at, ${now.toISOString()}::timestamptz)
        where id = ${ref.experimentId}`,
  );
  await tx.execute(
    sql`update models set params = jsonb_set(params, '{canary}', (params->'canary') ||
          jsonb_build_object('state', ${state}::text, 'reason', ${verdict.reason}::text, 'decidedAt', ${now.toISOString()}::text))
        where id = ${ref.modelId}`,
  );
}

/** One pass over every running canary (the trainer's schedule calls this); logs each decision. */
export async function reviewCanaries(db: Db, log?: Logger, now = new Date()): Promise<CanaryOutcome[]> {
  const outcomes: CanaryOutcome[] = [];
  for (const ref of await listRunningCanaries(db)) {
    try {
      const outcome = await reviewCanary(db, ref, now);
      outcomes.push(outcome);
      const fields = { tenantId: ref.tenantId, modelId: ref.modelId, reason: outcome.reason };
      if (outcome.action === 'promote') log?.info(fields, 'canary won: candidate promoted');
      else if (outcome.action === 'reject') log?.info(fields, 'canary ended: candidate rejected');
      else log?.debug(fields, `canary ${outcome.action}`);
    } catch (error) {
      log?.error({ tenantId: ref.tenantId, modelId: ref.modelId, err: error }, 'canary review failed');
    }
  }
  return outcomes;
}
