import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMovieLens } from '../data/movielens.js';
import { ml100kDir } from '../data/paths.js';
import { recBoleSplit, splitCounts } from './recbole-protocol.js';
import { kFoldSplits } from './surprise-protocol.js';
import { syntheticRatings } from './synthetic.js';

const data = syntheticRatings();

describe('Surprise k-fold protocol', () => {
  it('partitions all ratings into 5 disjoint test folds of near-equal size', () => {
    const folds = kFoldSplits(data, 5, 1);
    const seen = new Set<string>();
    for (const f of folds) {
      expect(f.train.nnz + f.test.nnz).toBe(data.nnz);
      expect(Math.abs(f.test.nnz - data.nnz / 5)).toBeLessThanOrEqual(1);
      for (let e = 0; e < f.test.nnz; e++) seen.add(`${f.test.users[e]}:${f.test.items[e]}`);
    }
    expect(seen.size).toBe(data.nnz);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = kFoldSplits(data, 5, 3)[0].test.users;
    expect(kFoldSplits(data, 5, 3)[0].test.users).toEqual(a);
    expect(kFoldSplits(data, 5, 4)[0].test.users).not.toEqual(a);
  });
});

function checkTopNSplit(split: ReturnType<typeof recBoleSplit>, core: number) {
  const { data: d, train, valid, test } = split;
  expect(train.nnz + valid.nnz + test.nnz).toBe(d.nnz);
  const uc = new Int32Array(d.nUsers);
  const ic = new Int32Array(d.nItems);
  for (let e = 0; e < d.nnz; e++) {
    uc[d.users[e]]++;
    ic[d.items[e]]++;
  }
  expect(Math.min(...uc)).toBeGreaterThanOrEqual(core);
  expect(Math.min(...ic)).toBeGreaterThanOrEqual(core);
  for (let u = 0; u < d.nUsers; u++) {
    const n = (m: typeof train) => m.byUser.indptr[u + 1] - m.byUser.indptr[u];
    expect(n(test)).toBeGreaterThanOrEqual(1);
    expect(n(train)).toBeGreaterThanOrEqual(Math.floor(0.8 * uc[u]));
    const own = new Set(train.byUser.indices.subarray(train.byUser.indptr[u], train.byUser.indptr[u + 1]));
    for (let j = test.byUser.indptr[u]; j < test.byUser.indptr[u + 1]; j++) {
      expect(own.has(test.byUser.indices[j])).toBe(false);
    }
  }
}

describe('RecBole top-N protocol', () => {
  it('rounds split sizes as RecBole does', () => {
    expect(splitCounts(10, [0.8, 0.1, 0.1])).toEqual([8, 1, 1]);
    expect(splitCounts(19, [0.8, 0.1, 0.1])).toEqual([17, 1, 1]);
    expect(splitCounts(25, [0.8, 0.1, 0.1])).toEqual([21, 2, 2]);
    expect(splitCounts(5, [0.8, 0.1, 0.1])).toEqual([3, 1, 1]);
  });

  it('keeps the 10-core, puts every user in train and test, and never repeats a train item in test', () => {
    const split = recBoleSplit(data, { seed: 1 });
    expect(split.data.nnz).toBeLessThan(data.nnz);
    checkTopNSplit(split, 10);
    expect(recBoleSplit(data, { seed: 1 }).test.items).toEqual(split.test.items);
  });

  const have = existsSync(ml100kDir);
  if (!have) console.warn(`ml-100k not found at ${ml100kDir}: the real-data protocol test did NOT run`);
  it.skipIf(!have)('filters ml-100k to ratings >= 3 and the 10-core', () => {
    const split = recBoleSplit(loadMovieLens(ml100kDir));
    expect(split.data.nnz).toBeGreaterThan(70_000);
    expect(split.data.nnz).toBeLessThan(82_521);
    checkTopNSplit(split, 10);
  });
});
