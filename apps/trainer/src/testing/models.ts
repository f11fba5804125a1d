import { type Db, queryRows, sql, withTenant } from '@tessera/db';

export interface ModelRow {
  id: string;
  algorithm: string;
  version: number;
  status: 'training' | 'candidate' | 'active' | 'retired';
  metrics: Record<string, number>;
  backend: string | null;
  has_artifact: boolean;
  data_from: Date | null;
  data_to: Date | null;
  train_seconds: number | null;
}

/** Every version of a tenant, oldest first. */
export function listModels(db: Db, tenantId: string): Promise<ModelRow[]> {
  return withTenant(db, tenantId, (tx) =>
    queryRows<ModelRow>(
      tx,
      sql`select id, algorithm, version, status, metrics, backend, artifact is not null as has_artifact,
                 data_from, data_to, train_seconds
          from models order by created_at, version`,
    ),
  );
}

export async function setTrainerSettings(db: Db, tenantId: string, trainer: Record<string, unknown>) {
  await withTenant(db, tenantId, (tx) =>
    tx.execute(
      sql`update tenants set settings = jsonb_set(settings, '{trainer}', ${JSON.stringify(trainer)}::jsonb)`,
    ),
  );
}
