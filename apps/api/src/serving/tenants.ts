import { type Db, tenants, withTenant } from '@tessera/db';
import type { Vertical } from '@tessera/pipelines';
import { TenantCache } from './tenant-cache.js';

export type TenantRow = typeof tenants.$inferSelect & { vertical: Vertical };

/** Tenant rows (vertical, settings) cached briefly: read on every recommendation. */
export class TenantDirectory {
  private readonly cache: TenantCache<TenantRow>;

  constructor(db: Db, ttlMs = 10_000) {
    this.cache = new TenantCache(ttlMs, async (tenantId) => {
      const [row] = await withTenant(db, tenantId, (tx) => tx.select().from(tenants));
      return row as TenantRow;
    });
  }

  get(tenantId: string): Promise<TenantRow> {
    return this.cache.get(tenantId);
  }

  /** After this instance changed a tenant's row (settings), so its next request reads the new one. */
  invalidate(tenantId: string): void {
    this.cache.invalidate(tenantId);
  }
}
