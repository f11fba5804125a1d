import { buildInteractions, createModel, loadModel } from '@tessera/models';
import { describe, expect, it } from 'vitest';
import { generateTenant } from '../data/synthetic.js';
import { evaluateOnHoldout } from './evaluate.js';
import { timeHoldout } from './holdout.js';

function splitOf(seed: number) {
  const t = generateTenant('entertainment', { users: 250, items: 120, perUser: 18, seed });
  const all = buildInteractions({
    userIds: t.interactions.userIds,
    itemIds: t.interactions.itemIds,
    values: t.interactions.strengths,
    timestamps: t.interactions.timestamps,
  });
  return timeHoldout(all, { perUser: 1, minUserInteractions: 3 });
}

describe('evaluateOnHoldout', () => {
  it('ranks a factorization model above popularity above a shuffled-data model on structured data', async () => {
    const { train, holdout } = splitOf(3);
    const als = createModel('als', { factors: 16, iterations: 8 });
    await als.fit(train);
    const popularity = createModel('popularity');
    await popularity.fit(train);
    // Same entries, items permuted: the structure is destroyed.
    const permutation = Int32Array.from(
      { length: train.nnz },
      (_, e) => train.items[(e * 7919) % train.nnz]!,
    );
    const shuffled = buildInteractions({
      userIds: Array.from(train.users, (u) => train.userIds[u]!),
      itemIds: Array.from(permutation, (i) => train.itemIds[i]!),
    });
    const noise = createModel('als', { factors: 16, iterations: 1 });
    await noise.fit(shuffled);
    const a = evaluateOnHoldout(als, train, holdout);
    const p = evaluateOnHoldout(popularity, train, holdout);
    const n = evaluateOnHoldout(noise, train, holdout);
    expect(a.users).toBe(p.users);
    expect(a.ndcg10).toBeGreaterThan(p.ndcg10);
    expect(p.ndcg10).toBeGreaterThan(n.ndcg10);
    expect(a.recall10).toBeGreaterThan(0.1);
  });

  it('scores a model trained on other index spaces by item id, identically', async () => {
    const { train, holdout } = splitOf(5);
    const model = createModel('als', { factors: 8, iterations: 4 });
    await model.fit(train);
    // Reloaded from its artifact the model is the same; evaluation must not depend on the matrix it came from.
    const reloaded = loadModel(model.save());
    expect(evaluateOnHoldout(reloaded, train, holdout)).toEqual(evaluateOnHoldout(model, train, holdout));
  });

  it('samples at most maxUsers users, deterministically', async () => {
    const { train, holdout } = splitOf(7);
    const model = createModel('popularity');
    await model.fit(train);
    const a = evaluateOnHoldout(model, train, holdout, { maxUsers: 40, seed: 9 });
    expect(a.users).toBe(40);
    expect(evaluateOnHoldout(model, train, holdout, { maxUsers: 40, seed: 9 })).toEqual(a);
  });
});
