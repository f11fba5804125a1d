import { type Db, queryRows, sql, withTenant } from '@tessera/db';
import { loadModel, type Recommender } from '@tessera/models';

export interface ActiveVersion {
  id: string;
  algorithm: string;
  version: number;
  model: Recommender;
}

/** The version the API serves now (newest promotion), loaded from its artifact; null when none. */
export async function loadActiveVersion(db: Db, tenantId: string): Promise<ActiveVersion | null> {
  const [row] = await withTenant(db, tenantId, (tx) =>
    queryRows<{ id: string; algorithm: string; version: number; artifact: Uint8Array | null }>(
      tx,
      sql`select id, algorithm, version, artifact from models where status = 'active'
          order by promoted_at desc nulls last, created_at desc limit 1`,
    ),
  );
  if (!row?.artifact) return null;
  return {
    id: row.id,
    algorithm: row.algorithm,
    version: row.version,
    model: loadModel(new Uint8Array(row.artifact)),
  };
}
