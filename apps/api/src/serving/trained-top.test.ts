import { createRng } from '@tessera/models';
import { describe, expect, it } from 'vitest';
import type { CatalogItem } from './catalog.js';
import { modelAids } from './model-aids.js';
import { type ActiveModel, activate } from './model-cache.js';
import { addModelCandidates } from './model-candidates.js';
import { trainOnSampledCatalog } from './sampled-catalog.testing.js';
import { ByteBudget, TrainedTopCache } from './trained-top.js';
import type { UserState } from './user-state.js';

/** 1,500 users over 3,000 items: a catalog large enough that top-k takes its sampled path. */
async function model(): Promise<ActiveModel> {
  const trained = await trainOnSampledCatalog({ users: 1500, interactions: 30_000, iterations: 3, seed: 2 });
  return activate({ id: 'm', algorithm: 'als', version: 1, data_to: Date.now() }, trained.save());
}

function cacheFor(active: ActiveModel, budget = new ByteBudget(2 ** 30), width = 64) {
  const dot = modelAids(active.model).dotProduct!;
  return new TrainedTopCache(
    active.model.userIds.length,
    active.model.itemIds.length,
    width,
    (user, w) => dot.top(dot.vectorOf(user), w, []),
    budget,
  );
}

describe('TrainedTopCache', async () => {
  const active = await model();
  const dot = modelAids(active.model).dotProduct!;

  it('answers exactly what scoring the catalog answers, for every user and exclusion set', () => {
    const cache = cacheFor(active);
    const rng = createRng(9);
    let answered = 0;
    for (let u = 0; u < active.model.userIds.length; u++) {
      // Exclusions drawn mostly from the user's own best items (as a history would be), some at random.
      const best = dot.top(dot.vectorOf(u), 40, []).items;
      const exclude = [...best].filter(() => rng.next() < 0.2);
      for (let e = 0; e < 3; e++) exclude.push(rng.int(active.model.itemIds.length));
      const cached = cache.top(u, 50, exclude);
      if (cached === null) continue;
      answered++;
      const live = dot.top(dot.vectorOf(u), 50, exclude);
      expect([...cached.items]).toEqual([...live.items]);
      expect([...cached.scores]).toEqual([...live.scores]);
    }
    expect(answered).toBeGreaterThan(active.model.userIds.length * 0.95);
    expect(cache.stats.misses).toBe(active.model.userIds.length);
  });

  it('says it does not know when exclusions leave too few of a full list', () => {
    const cache = cacheFor(active, undefined, 52);
    const own = [...dot.top(dot.vectorOf(7), 10, []).items];
    expect(cache.top(7, 50, own)).toBeNull();
    expect(cache.stats.short).toBe(1);
    expect(cache.top(7, 42, own)).not.toBeNull();
  });

  it('fills only as far as its budget, gives it back when disposed, and is then never consulted', () => {
    const chunkBytes = 1024 * 64 * 8;
    const budget = new ByteBudget(chunkBytes);
    const cache = cacheFor(active, budget);
    while (!cache.warm(50));
    expect(cache.filled).toBe(1024);
    expect(budget.remaining).toBe(0);
    expect(cache.top(5, 50, [])).not.toBeNull();
    expect(cache.top(1400, 50, [])).toBeNull();
    cache.dispose();
    expect(budget.remaining).toBe(chunkBytes);
    expect(cache.top(5, 50, [])).toBeNull();
  });

  it('gives addModelCandidates the same candidates as scoring the catalog', () => {
    const withCache: ActiveModel = { ...active, trainedTop: cacheFor(active) };
    const candidates = (a: ActiveModel, state: UserState) => {
      const out: string[] = [];
      addModelCandidates(a, state, new Map<string, CatalogItem>(), 50, (itemId, _s, patch) =>
        out.push(`${itemId}:${patch?.personal}`),
      );
      return out;
    };
    for (let u = 0; u < 200; u++) {
      const own = [...dot.top(dot.vectorOf(u), 30, []).items].filter((_, j) => j % 3 === 0);
      const state: UserState = {
        user: {
          id: active.model.userIds[u]!,
          conditions: null,
          riskTolerance: null,
          level: null,
          completedItems: null,
        },
        segment: null,
        history: own.map((i) => ({ itemId: active.model.itemIds[i]!, strength: 1 })),
        newestInteractionAt: 0,
        social: new Map(),
      };
      expect(candidates(withCache, state)).toEqual(candidates(active, state));
    }
    expect(withCache.trainedTop!.stats.misses).toBe(200);
  });
});
