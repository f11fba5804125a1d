import { describe, expect, it } from 'vitest';
import { syntheticRatings } from '../eval/synthetic.js';
import { Als } from './als.js';
import { BiasedMf } from './biased-mf.js';
import { Bpr } from './bpr.js';
import type { FoldIn, Recommender } from './contract.js';
import { SvdPp } from './svdpp.js';

const data = syntheticRatings({ users: 200, items: 300, perUser: 30 });
const rows = data.byUser;
const historyOf = (u: number) => ({
  items: Array.from(rows.indices.subarray(rows.indptr[u], rows.indptr[u + 1])),
  values: Array.from(rows.values.subarray(rows.indptr[u], rows.indptr[u + 1])),
});

type FoldInModel = Recommender & FoldIn;
const models: [string, () => FoldInModel][] = [
  ['als', () => new Als({ factors: 16, iterations: 8, regularization: 1 })],
  ['bpr', () => new Bpr({ factors: 16, epochs: 20 })],
  ['biasedmf', () => new BiasedMf({ factors: 16, epochs: 15 })],
  ['svdpp', () => new SvdPp({ factors: 16, epochs: 15 })],
];

describe.each(models)('%s fold-in', (_name, make) => {
  it('recommends for a trained user from their history much as from the trained vector', async () => {
    const model = make();
    await model.fit(data);
    let overlap = 0;
    for (const u of [0, 1, 2, 3, 4]) {
      const h = historyOf(u);
      const trained = new Set(model.recommend(u, 10, h.items).items);
      for (const i of model.recommend(h, 10, h.items).items) if (trained.has(i)) overlap++;
    }
    expect(overlap / 50).toBeGreaterThanOrEqual(0.4);
  });

  it('reacts to a new interaction without retraining, within milliseconds', async () => {
    const model = make();
    await model.fit(data);
    const h = historyOf(10);
    const before = model.scoreAll(h);
    // The item the user would like least gets a strong positive interaction.
    const clicked = before.indexOf(Math.min(...before.filter((_, i) => !h.items.includes(i))));
    const after = { items: [...h.items, clicked], values: [...h.values, 5] };
    expect(model.scoreItems(after, [clicked])[0]).toBeGreaterThan(before[clicked]);
    const start = performance.now();
    for (let k = 0; k < 20; k++) model.foldIn(after);
    expect((performance.now() - start) / 20).toBeLessThan(25);
  });
});

describe('als one-item fold-in', () => {
  it('equals the solved fold-in of a one-item history, for any item and strength', async () => {
    const model = new Als({ factors: 16, iterations: 8, regularization: 1, alpha: 2 });
    await model.fit(data);
    let largest = 0;
    for (const item of [0, 1, 17, 150, 299]) {
      for (const value of [1, 0.5, 4]) {
        const solved = model.foldIn({ items: [item], values: [value] });
        const direct = model.foldInOne(item, value);
        for (let r = 0; r < solved.length; r++) {
          largest = Math.max(largest, Math.abs(solved[r]!));
          expect(direct[r]).toBeCloseTo(solved[r]!, 5);
        }
      }
    }
    // Vectors far from zero, or the comparison above would pass for any small answer.
    expect(largest).toBeGreaterThan(0.05);
    expect(() => model.foldInOne(300)).toThrow(RangeError);
    expect(() => model.foldInOne(-1)).toThrow(RangeError);
  });
});
