import { randomUUID } from 'node:crypto';
import { queryRows, sql, type Tx } from '@tessera/db';
import type { CanarySettings } from './settings.js';

/** What a candidate's `params.canary` records: its experiment, the settings it runs under, the outcome. */
export interface CanaryRecord {
  experimentId: string;
  experimentKey: string;
  state: 'running' | 'promoted' | 'rejected';
  settings: CanarySettings;
  startedAt: string;
  decidedAt?: string;
  reason?: string;
}

/** The running canary of a tenant, if any (at most one runs at a time). */
export async function runningCanaryOf(tx: Tx, tenantId: string): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`select id from models where tenant_id = ${tenantId} and params->'canary'->>'state' = 'running' limit 1`,
  );
  return row?.id ?? null;
}

/**
 * Starts the canary of a candidate that passed the offline gate: a running experiment, control =
 * the active version, treatment = the candidate, balanced 50/50 over 2 × trafficShare of the users
 * (the API serves each variant's modelId), and the link recorded on the candidate. Runs in the
 * transaction that finishes the version, under the tenant's promotion lock.
 */
export async function startCanary(
  tx: Tx,
  tenantId: string,
  candidate: { modelId: string; algorithm: string; version: number },
  activeModelId: string,
  settings: CanarySettings,
): Promise<CanaryRecord> {
  const key = `canary-${candidate.algorithm}-v${candidate.version}`.slice(0, 64);
  const variants = [
    { key: 'control', weight: 0.5, modelId: activeModelId },
    { key: 'candidate', weight: 0.5, modelId: candidate.modelId },
  ];
  const [row] = await queryRows<{ id: string; started_at: Date }>(
    tx,
    sql`insert into experiments (tenant_id, key, name, status, seed, coverage, variants, metrics, guardrails, started_at)
        values (${tenantId}, ${key}, ${`Canary of ${candidate.algorithm} v${candidate.version}`}, 'running',
                ${`${key}:${randomUUID()}`}, ${Math.min(1, 2 * settings.trafficShare)},
                ${JSON.stringify(variants)}::jsonb, ${JSON.stringify([settings.metric])}::jsonb,
                ${JSON.stringify(settings.guardrails)}::jsonb, now())
        returning id, started_at`,
  );
  const record: CanaryRecord = {
    experimentId: row!.id,
    experimentKey: key,
    state: 'running',
    settings,
    startedAt: new Date(row!.started_at).toISOString(),
  };
  await tx.execute(
    sql`update models set params = params || jsonb_build_object('canary', ${JSON.stringify(record)}::jsonb)
        where tenant_id = ${tenantId} and id = ${candidate.modelId}`,
  );
  return record;
}
