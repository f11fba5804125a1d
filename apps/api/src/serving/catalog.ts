import { type Db, items, queryRows, sql, type Tx, withTenant } from '@tessera/db';
import { TenantCache } from './tenant-cache.js';

export type CatalogItem = typeof items.$inferSelect;

export interface Catalog {
  byId: Map<string, CatalogItem>;
  /** Mean review/comment sentiment per item, from the online features. */
  sentiment: Map<string, number>;
  byCategory: Map<string, CatalogItem[]>;
}

/**
 * The whole item catalog of a tenant in memory, so ranking never queries per item. Each refresh
 * first reads a fingerprint of the items table (row count and the sum of row versions, `xmin`,
 * which any insert, update or delete changes) and rebuilds the catalog only when it moved: mapping
 * 10k rows costs the event loop tens of milliseconds, which a busy server would otherwise pay every
 * few seconds as a latency spike. Sentiment (written by the stream-worker) is re-read each time.
 */
export class CatalogCache {
  private readonly cache: TenantCache<Catalog>;
  private readonly built = new Map<string, { fingerprint: string; catalog: Catalog }>();
  /** Catalogs rebuilt from rows, and refreshes that found the items unchanged. */
  readonly stats = { rebuilt: 0, unchanged: 0 };

  constructor(
    private readonly db: Db,
    ttlMs = 15_000,
  ) {
    this.cache = new TenantCache(ttlMs, (tenantId) => this.load(tenantId));
  }

  get(tenantId: string): Promise<Catalog> {
    return this.cache.get(tenantId);
  }

  invalidate(tenantId: string): void {
    this.built.delete(tenantId);
    this.cache.invalidate(tenantId);
  }

  private async load(tenantId: string): Promise<Catalog> {
    const previous = this.built.get(tenantId);
    const { catalog, unchanged } = await withTenant(this.db, tenantId, async (tx) => {
      const [stamp] = await queryRows<{ fingerprint: string }>(
        tx,
        sql`select count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) as fingerprint from items`,
      );
      const fingerprint = stamp?.fingerprint ?? '';
      const sentiment = await readSentiment(tx);
      const unchanged = previous?.fingerprint === fingerprint;
      const catalog = unchanged
        ? { ...previous.catalog, sentiment }
        : buildCatalog(await tx.select().from(items), sentiment);
      this.built.set(tenantId, { fingerprint, catalog });
      return { catalog, unchanged };
    });
    // Counted once the refresh has finished (its transaction included), as the catalog it returns lands.
    if (unchanged) this.stats.unchanged++;
    else this.stats.rebuilt++;
    return catalog;
  }
}

async function readSentiment(tx: Tx): Promise<Map<string, number>> {
  const moods = await queryRows<{ item_id: string; mean: number }>(
    tx,
    sql`select item_id, sentiment_sum / sentiment_count as mean from item_features where sentiment_count > 0`,
  );
  return new Map(moods.map((m) => [m.item_id, Number(m.mean)]));
}

function buildCatalog(rows: CatalogItem[], sentiment: Map<string, number>): Catalog {
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
}

/** Ids of a list resolved against a catalog: each one's entry, and its creation time beside it. */
export interface ResolvedIds {
  items: readonly (CatalogItem | undefined)[];
  /**
   * Creation times (epoch ms; NaN where the catalog has no entry), side by side: ranking reads one
   * per candidate for recency, and a contiguous array spares a visit to each item's Date object.
   */
  createdMs: Float64Array;
}

const resolved = new WeakMap<ReadonlyMap<string, CatalogItem>, WeakMap<readonly string[], ResolvedIds>>();

/**
 * Each id of a long-lived list (trending, popular, a model's items) as its catalog entry, resolved
 * once per list and catalog version rather than once per request: a request merges a few hundred
 * such ids, and a string-keyed lookup in a catalog-sized map per id was the largest cost of merging.
 */
export function catalogItemsOf(byId: ReadonlyMap<string, CatalogItem>, ids: readonly string[]): ResolvedIds {
  let lists = resolved.get(byId);
  if (!lists) {
    lists = new WeakMap();
    resolved.set(byId, lists);
  }
  let out = lists.get(ids);
  if (!out) {
    const items = ids.map((id) => byId.get(id));
    out = {
      items,
      createdMs: Float64Array.from(items, (item) =>
        item?.createdAt ? item.createdAt.getTime() : Number.NaN,
      ),
    };
    lists.set(ids, out);
  }
  return out;
}
