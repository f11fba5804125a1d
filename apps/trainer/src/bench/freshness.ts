import type { Db } from '@tessera/db';
import { createRng, type Recommender } from '@tessera/models';
import type { Vertical } from '@tessera/pipelines';
import { writeInteractions } from '../testing/seed.js';
import { loadServingCatalog, readHistory, serveList } from './serving.js';

export interface FreshnessSample {
  ms: number;
  /** The new item left the list (consumed) or the list's order changed. */
  changed: boolean;
}

/**
 * For each sample: serve a user's list, then write one new interaction for them as the stream-worker
 * does (set-based upsert into `interactions`), re-read their history as the API does and serve again
 * (fold-in of the current history through the active model, then the vertical pipeline). The time is
 * from the start of the write to the new list; the clock starts at the write, so the Kafka hop and the
 * stream-worker's batching in front of it are not included (bench:ingest measures those).
 */
export async function measureFreshness(
  db: Db,
  tenantId: string,
  vertical: Vertical,
  model: Recommender,
  samples: number,
  seed = 17,
): Promise<FreshnessSample[]> {
  const catalog = await loadServingCatalog(db, tenantId);
  const itemIndex = new Map(model.itemIds.map((id, index) => [id, index]));
  const userIds = [...catalog.users.keys()];
  const rng = createRng(seed);
  const out: FreshnessSample[] = [];
  for (let s = 0; s < samples; s++) {
    const user = catalog.users.get(userIds[rng.int(userIds.length)]!)!;
    const before = serveList(
      vertical,
      model,
      itemIndex,
      catalog,
      user,
      await readHistory(db, tenantId, user.id),
    );
    // The event is about an item the user is being shown now (a click on the top recommendation).
    const clicked = before.items[0] ?? catalog.popular[rng.int(catalog.popular.length)]!;
    const started = performance.now();
    await writeInteractions(db, tenantId, {
      userIds: [user.id],
      itemIds: [clicked],
      strengths: Float32Array.of(3),
      timestamps: Float64Array.of(Date.now() / 1000),
    });
    const history = await readHistory(db, tenantId, user.id);
    const after = serveList(vertical, model, itemIndex, catalog, user, history);
    const ms = performance.now() - started;
    const changed = !after.items.includes(clicked) || after.items.join() !== before.items.join();
    out.push({ ms, changed: changed && history.some((h) => h.itemId === clicked) });
  }
  return out;
}
