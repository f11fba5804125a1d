import { type Db, items, queryRows, sql, withTenant } from '@tessera/db';
import { TenantCache } from './tenant-cache.js';

export type CatalogItem = typeof items.$inferSelect;

export interface Catalog {
  byId: Map<string, CatalogItem>;
  /** Mean review/comment sentiment per item, from the online features. */
  sentiment: Map<string, number>;
  byCategory: Map<string, CatalogItem[]>;
}

/** The whole item catalog of a tenant in memory, so ranking never queries per item. */
export class CatalogCache {
  private readonly cache: TenantCache<Catalog>;

  constructor(db: Db, ttlMs = 15_000) {
    this.cache = new TenantCache(ttlMs, async (tenantId) => {
      const [rows, moods] = await withTenant(
        db,
        tenantId,
        async (tx) =>
          [
            await tx.select().from(items),
            await queryRows<{ item_id: string; mean: number }>(
              tx,
              sql`select item_id, sentiment_sum / sentiment_count as mean from item_features where sentiment_count > 0`,
            ),
          ] as const,
      );
      const sentiment = new Map(moods.map((m) => [m.item_id, Number(m.mean)]));
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
      return { byId, byCategory, sentiment };
    });
  }

  get(tenantId: string): Promise<Catalog> {
    return this.cache.get(tenantId);
  }

  invalidate(tenantId: string): void {
    this.cache.invalidate(tenantId);
  }
}
