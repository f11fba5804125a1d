import { type Db, items, queryRows, sql, users, withTenant } from '@tessera/db';
import type { Recommender } from '@tessera/models';
import {
  type Candidate,
  type PipelineItem,
  type PipelineUser,
  runPipeline,
  type Vertical,
} from '@tessera/pipelines';

export interface ServingCatalog {
  items: Map<string, PipelineItem>;
  users: Map<string, PipelineUser>;
  /** Item ids by interaction count, most popular first. */
  popular: string[];
}

export async function loadServingCatalog(db: Db, tenantId: string): Promise<ServingCatalog> {
  return withTenant(db, tenantId, async (tx) => {
    const itemRows = await tx.select().from(items);
    const userRows = await tx.select().from(users);
    const popular = await queryRows<{ item_id: string }>(
      tx,
      sql`select item_id from interactions where strength > 0 group by item_id order by count(*) desc, item_id limit 100`,
    );
    return {
      items: new Map(itemRows.map((r) => [r.id, r])),
      users: new Map(
        userRows.map((u) => [
          u.id,
          {
            id: u.id,
            conditions: u.conditions,
            riskTolerance: u.riskTolerance,
            level: u.level,
            completedItems: u.completedItems,
          },
        ]),
      ),
      popular: popular.map((r) => r.item_id),
    };
  });
}

export interface History {
  itemId: string;
  strength: number;
}

/** A user's newest 200 interactions, read exactly as the API's serving path reads them. */
export async function readHistory(db: Db, tenantId: string, userId: string): Promise<History[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    queryRows<{ item_id: string; strength: number }>(
      tx,
      sql`select item_id, strength from interactions where user_id = ${userId} order by last_ts desc limit 200`,
    ),
  );
  return rows.map((r) => ({ itemId: r.item_id, strength: r.strength }));
}

export interface ServedList {
  items: string[];
  candidates: Candidate[];
  consumed: Set<string>;
}

/**
 * The API's recommendation path for a user with a history (apps/api/src/serving/recommender.ts), minus
 * I/O: model candidates by fold-in of the current history (pool = max(5·count, 50), scores min-max
 * normalised), popular candidates by rank, then the vertical's `runPipeline`.
 */
export function serveList(
  vertical: Vertical,
  model: Recommender,
  itemIndex: Map<string, number>,
  catalog: ServingCatalog,
  user: PipelineUser,
  history: readonly History[],
  count = 10,
): ServedList {
  const consumed = new Set(history.filter((h) => h.strength > 0).map((h) => h.itemId));
  const candidates = new Map<string, Candidate>();
  const pool = Math.max(count * 5, 50);
  const indices: number[] = [];
  const values: number[] = [];
  for (const h of history) {
    const index = itemIndex.get(h.itemId);
    if (index !== undefined && h.strength > 0) {
      indices.push(index);
      values.push(h.strength);
    }
  }
  if (indices.length > 0) {
    const top = model.recommend({ items: indices, values }, pool, indices);
    const max = top.scores[0] ?? 0;
    const span = max - (top.scores[top.items.length - 1] ?? 0) || 1;
    for (let k = 0; k < top.items.length; k++) {
      const itemId = model.itemIds[top.items[k]!]!;
      const personal = (top.scores[k]! - (top.scores[top.items.length - 1] ?? 0)) / span;
      candidates.set(itemId, { itemId, personal, popularity: 0, recency: 0, social: 0, sources: ['model'] });
    }
  }
  catalog.popular.slice(0, pool).forEach((itemId, rank) => {
    const popularity = 1 - rank / pool;
    const existing = candidates.get(itemId);
    if (existing) candidates.set(itemId, { ...existing, popularity, sources: ['model', 'popular'] });
    else
      candidates.set(itemId, {
        itemId,
        personal: 0,
        popularity,
        recency: 0,
        social: 0,
        sources: ['popular'],
      });
  });
  const list = [...candidates.values()];
  const ranked = runPipeline({ vertical, user, candidates: list, items: catalog.items, consumed, count });
  return { items: ranked.map((r) => r.itemId), candidates: list, consumed };
}
