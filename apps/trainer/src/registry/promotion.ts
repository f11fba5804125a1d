import { type Db, queryRows, sql, type Tx, withTenant } from '@tessera/db';
import { TesseraError } from '@tessera/errors';

/** The channel the API listens on; the payload is the tenant id. */
export const MODELS_CHANNEL = 'tessera_models';

/** Serialises promotions and rollbacks of one tenant. */
export async function lockTenantPromotion(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`tessera_promote:${tenantId}`}))`);
}

/**
 * Promotion rule: promote iff there is no active version, or candidate − active > margin on the same
 * holdout (NDCG@10). A tie or a loss keeps the candidate a candidate.
 */
export function shouldPromote(candidateNdcg: number, activeNdcg: number | null, margin: number): boolean {
  if (activeNdcg === null) return true;
  return candidateNdcg - activeNdcg > margin;
}

/**
 * Makes a version the tenant's only active one: every other active version is retired first (the
 * partial unique index allows one per algorithm; the API serves one per tenant), then the target is
 * activated and the API is told over NOTIFY (delivered at commit, so never before the row is visible).
 */
export async function activateVersion(tx: Tx, tenantId: string, modelId: string): Promise<void> {
  await tx.execute(
    sql`update models set status = 'retired' where tenant_id = ${tenantId} and status = 'active' and id <> ${modelId}`,
  );
  await tx.execute(
    sql`update models set status = 'active', promoted_at = now() where tenant_id = ${tenantId} and id = ${modelId}`,
  );
  await tx.execute(sql`select pg_notify(${MODELS_CHANNEL}, ${tenantId})`);
}

/**
 * Rolls a tenant back (or forward) to a kept version of `algorithm`: it becomes active, the current
 * active is retired, the API is notified. Returns the versions involved.
 */
export async function rollbackTo(
  db: Db,
  tenantId: string,
  target: { algorithm: string; version: number },
): Promise<{
  from: { algorithm: string; version: number } | null;
  to: { algorithm: string; version: number };
}> {
  return withTenant(db, tenantId, async (tx) => {
    await lockTenantPromotion(tx, tenantId);
    const [row] = await queryRows<{ id: string; status: string; has_artifact: boolean }>(
      tx,
      sql`select id, status, artifact is not null as has_artifact from models
          where algorithm = ${target.algorithm} and version = ${target.version}`,
    );
    if (!row || row.status === 'training' || !row.has_artifact) {
      throw new TesseraError('NOT_FOUND', `no finished version ${target.algorithm}@${target.version}`, {
        hint: 'list the kept versions in the models table; old ones are cleaned up after keepVersions',
      });
    }
    const [from] = await queryRows<{ algorithm: string; version: number }>(
      tx,
      sql`select algorithm, version from models where status = 'active'
          order by promoted_at desc nulls last limit 1`,
    );
    await activateVersion(tx, tenantId, row.id);
    return { from: from ?? null, to: target };
  });
}
