import { describe, expect, it } from 'vitest';
import { syntheticRatings } from '../eval/synthetic.js';
import { solveSpd } from '../linalg/dense.js';
import { Als } from './als.js';
import { BiasedMf } from './biased-mf.js';
import { Bpr } from './bpr.js';
import type { FoldIn, Recommender } from './contract.js';
import { gramPlusReg } from './factor-utils.js';
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

  it('reacts to a new interaction without retraining', async () => {
    const model = make();
    await model.fit(data);
    const h = historyOf(10);
    const before = model.scoreAll(h);
    // The item the user would like least gets a strong positive interaction.
    const clicked = before.indexOf(Math.min(...before.filter((_, i) => !h.items.includes(i))));
    const after = { items: [...h.items, clicked], values: [...h.values, 5] };
    const other = model.scoreAll(historyOf(11));
    expect(model.scoreItems(after, [clicked])[0]).toBeGreaterThan(before[clicked]);
    // Folding in is read-only: another user's scores are what they were (nothing was retrained).
    // Its speed is measured by bench:api's recommendation latency, not here.
    expect(model.scoreAll(historyOf(11))).toEqual(other);
  });
});

/**
 * The normal equations of a one-item history, (YᵀY + λI + (c − 1)·y·yᵀ) x = c·y with c = 1 + α·value,
 * built and solved here independently of the model.
 */
function solveOneItem(model: Als, item: number, value: number): Float64Array {
  const { factors: f, regularization, alpha } = model.params;
  const y = model.itemVector(item);
  const c = 1 + alpha * value;
  const a = gramPlusReg(model.factorMatrices().item, model.itemIds.length, f, regularization);
  const b = new Float64Array(f);
  for (let r = 0; r < f; r++) {
    b[r] = c * y[r]!;
    for (let t = 0; t < f; t++) a[r * f + t]! += (c - 1) * y[r]! * y[t]!;
  }
  return solveSpd(a, b, f);
}

describe('als one-item fold-in', () => {
  it('solves the one-item normal equations, for any item and strength', async () => {
    const model = new Als({ factors: 16, iterations: 8, regularization: 1, alpha: 2 });
    await model.fit(data);
    let largest = 0;
    for (const item of [0, 1, 17, 150, 299]) {
      for (const value of [1, 0.5, 4]) {
        const expected = solveOneItem(model, item, value);
        for (const got of [model.foldInOne(item, value), model.foldIn({ items: [item], values: [value] })]) {
          for (let r = 0; r < expected.length; r++) {
            largest = Math.max(largest, Math.abs(expected[r]!));
            expect(got[r]).toBeCloseTo(expected[r]!, 5);
          }
        }
      }
    }
    // Vectors far from zero, or the comparison above would pass for any small answer.
    expect(largest).toBeGreaterThan(0.05);
  });

  it('refuses, as the solve does, a negative interaction strong enough to break positive definiteness', async () => {
    const model = new Als({ factors: 8, iterations: 2, regularization: 0.01, alpha: 1 });
    await model.fit(data);
    const norm2 = model.itemVector(5).reduce((sum, v) => sum + v * v, 0);
    // |w|·|y|² far past what the Gram matrix can offset: (G + w·y·yᵀ) has a negative direction.
    const value = -1000 / Math.max(norm2, 1e-6);
    expect(() => solveOneItem(model, 5, value)).toThrow(/not positive definite/);
    expect(() => model.foldInOne(5, value)).toThrow(expect.objectContaining({ code: 'INVALID_PARAM' }));
    // A mild negative interaction still folds in.
    expect(model.foldInOne(5, -0.1).every(Number.isFinite)).toBe(true);
  });

  it('names an item index the model does not have instead of folding in garbage', async () => {
    const model = new Als({ factors: 8, iterations: 2 });
    await model.fit(data);
    for (const bad of [300, -1, 1.5]) {
      for (const call of [() => model.foldInOne(bad), () => model.foldIn({ items: [0, bad] })])
        expect(call).toThrow(
          expect.objectContaining({
            code: 'UNKNOWN_ITEM',
            message: expect.stringMatching(/item index .* is out of range/),
          }),
        );
    }
  });
});
