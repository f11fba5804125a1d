import { type Db, items, withTenant } from '@tessera/db';
import { TenantCache } from './tenant-cache.js';

export type CatalogItem = typeof items.$inferSelect;

export interface Catalog {
  byId: Map<string, CatalogItem>;
  byCategory: Map<string, CatalogItem[]>;
}

/** The whole item catalog of a tenant in memory, so ranking never queries per item. */
export class CatalogCache {
  private readonly cache: TenantCache<Catalog>;

  constructor(db: Db, ttlMs = 15_000) {
    this.cache = new TenantCache(ttlMs, async (tenantId) => {
      const rows = await withTenant(db, tenantId, (tx) => tx.select().from(items));
      const byId = new Map<string, CatalogItem>();
      const byCategory = new Map<string, CatalogItem[]>();
      for (const row of rows) {
        byId.set(row.id, row);
        if (row.category) {
          const list = byCategory.get(row.category) ?? [];
          list.push(row);
          byCategory.set(row.category, list);
        }
      }
      return { byId, byCategory };
    });
  }

  get(tenantId: string): Promise<Catalog> {
    return this.cache.get(tenantId);
  }

  invalidate(tenantId: string): void {
    this.cache.invalidate(tenantId);
  }
}
