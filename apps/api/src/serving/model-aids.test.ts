import { type Als, buildInteractions, createModel, createRng, loadModel } from '@tessera/models';
import { describe, expect, it } from 'vitest';
import { modelAids } from './model-aids.js';
import { trainOnSampledCatalog } from './sampled-catalog.testing.js';
import { topKIndices } from './top-k.js';

function interactions(seed: number) {
  const rng = createRng(seed);
  const userIds: string[] = [];
  const itemIds: string[] = [];
  for (let k = 0; k < 3000; k++) {
    const u = rng.int(200);
    userIds.push(`u${u}`);
    itemIds.push(`i${(u % 5) * 20 + rng.int(20)}`);
  }
  return buildInteractions({ userIds, itemIds });
}

describe('modelAids', () => {
  it('explains ALS with cached single-item fold-ins that score exactly as scoreItems', async () => {
    const trained = createModel('als', { factors: 16, iterations: 4, seed: 1 } as never);
    await trained.fit(interactions(1));
    const model = loadModel(trained.save());
    const fast = modelAids(model).singleItemScores;
    expect(fast).not.toBeNull();
    const items = Int32Array.from({ length: 40 }, (_, j) => (j * 7) % model.itemIds.length);
    for (const h of [0, 5, 33, 99]) {
      const exact = model.scoreItems({ items: [h] }, items);
      const got = fast!(h, items);
      for (let j = 0; j < items.length; j++) expect(got[j]).toBeCloseTo(exact[j]!, 4);
    }
  });

  it('keeps the exact path for a model whose scores are not a bare dot product', async () => {
    const biased = createModel('biasedmf', { factors: 8, epochs: 3, seed: 1 } as never);
    await biased.fit(interactions(2));
    expect(modelAids(loadModel(biased.save())).singleItemScores).toBeNull();
    // Fold-in and item vectors present, but scores carry an item bias: the probe must notice.
    const als = createModel('als', { factors: 8, iterations: 2, seed: 1 } as never) as Als;
    await als.fit(interactions(2));
    const withBias = Object.create(als) as Als;
    withBias.scoreItems = (user, items) =>
      Float32Array.from(als.scoreItems(user, items), (s, j) => s + 0.01 * (items[j]! % 3));
    expect(modelAids(withBias).singleItemScores).toBeNull();
  });

  it('gives each model one reusable score buffer of its catalog size', async () => {
    const trained = createModel('als', { factors: 8, iterations: 2, seed: 1 } as never);
    await trained.fit(interactions(3));
    const aids = modelAids(trained);
    expect(aids.scores.length).toBe(trained.itemIds.length);
    expect(modelAids(trained)).toBe(aids);
  });

  it('ranks by a dot product exactly as scoring the whole catalog does, trained and folded-in users alike', async () => {
    // 3,000 items: large enough that the threshold is estimated from a sample.
    const trained = await trainOnSampledCatalog({ users: 500, interactions: 20_000, iterations: 2, seed: 1 });
    const model = loadModel(trained.save());
    const dot = modelAids(model).dotProduct;
    expect(dot).not.toBeNull();
    let compared = 0;
    for (let u = 0; u < 60; u++) {
      const history = { items: [u * 7, u * 11 + 3, u * 13 + 5].map((i) => i % model.itemIds.length) };
      for (const user of [u, history]) {
        const exclude = history.items;
        for (const k of [10, 50, 200]) {
          const all = model.scoreAll(user);
          for (const i of exclude) all[i] = Number.NEGATIVE_INFINITY;
          const expected = topKIndices(all, k);
          const got = dot!.top(dot!.vectorOf(user), k, exclude);
          expect([...got.items]).toEqual([...expected.items]);
          for (let j = 0; j < k; j++) expect(got.scores[j]).toBeCloseTo(expected.scores[j]!, 5);
          compared++;
        }
      }
    }
    expect(compared).toBe(360);
    // Almost all from the sampled threshold (the path under test), the rest scored exhaustively.
    expect(dot!.top.stats.sampled + dot!.top.stats.exhaustive).toBe(360);
    expect(dot!.top.stats.sampled).toBeGreaterThan(340);
    // The norm bound left rows unscanned (the same answers above say it dropped nothing it needed).
    const rowsPerCall = dot!.top.stats.rowsScanned / dot!.top.stats.sampled;
    console.log(`factorTop scanned ${rowsPerCall.toFixed(0)} of ${model.itemIds.length} rows per call`);
    expect(rowsPerCall).toBeLessThan(model.itemIds.length);
  });
});
