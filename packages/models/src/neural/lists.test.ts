import { describe, expect, it } from 'vitest';
import { syntheticRatings } from '../eval/synthetic.js';
import { createRng } from '../rng.js';
import { holdoutSplit } from './holdout.js';
import { type CandidateLists, columnStats, concatLists, listNdcg, standardize } from './lists.js';

/** Two lists of three slots; list 1 has an empty last slot. */
function twoLists(): CandidateLists {
  return {
    count: 2,
    slots: 3,
    dim: 2,
    x: Float32Array.from([1, 10, 2, 10, 3, 10, 4, 10, 5, 10, 0, 0]),
    labels: Float32Array.from([0, 1, 0, 1, 0, 0]),
    valid: Float32Array.from([1, 1, 1, 1, 1, 0]),
    targets: Int32Array.from([1, 2]),
  };
}

describe('candidate lists', () => {
  it('computes NDCG@k per list against all of the user’s targets, empty slots never ranked', () => {
    const lists = twoLists();
    // List 0: the positive (slot 1) ranks 2nd → 1/log2(3). List 1: the positive ranks 1st, but the user has
    // 2 targets (one missed by the candidates) → 1 / (1 + 1/log2(3)). The empty slot's score is ignored.
    const scores = Float32Array.from([3, 2, 1, 9, 8, 100]);
    const expected = (1 / Math.log2(3) + 1 / (1 + 1 / Math.log2(3))) / 2;
    expect(listNdcg(lists, scores)).toBeCloseTo(expected, 6);
    expect(listNdcg(lists, scores, 1)).toBeCloseTo((0 + 1) / 2, 6);
  });

  it('z-scores columns over filled rows only and leaves constant columns unscaled', () => {
    const lists = twoLists();
    const { mean, scale } = columnStats(lists);
    expect(mean[0]).toBeCloseTo(3, 6);
    expect(scale[0]).toBeCloseTo(1 / Math.sqrt(2), 6);
    expect(mean[1]).toBe(10);
    expect(scale[1]).toBe(1);
    standardize(lists.x, 5, mean, scale);
    expect(Array.from(lists.x.subarray(0, 4))).toEqual([
      expect.closeTo(-Math.SQRT2, 5),
      0,
      expect.closeTo(-1 / Math.SQRT2, 5),
      0,
    ]);
  });

  it('concatenates lists in order', () => {
    const joined = concatLists([twoLists(), twoLists()]);
    expect(joined.count).toBe(4);
    expect(Array.from(joined.targets)).toEqual([1, 2, 1, 2]);
    expect(joined.x.subarray(12, 24)).toEqual(twoLists().x);
  });
});

describe('holdoutSplit', () => {
  const data = syntheticRatings({ users: 60, items: 80, perUser: 15 });

  it('holds out ⌊fraction·n⌋ of each user’s entries, keeps one at least, and loses none', () => {
    const { base, labels } = holdoutSplit(data, 0.25, createRng(3));
    expect(base.nnz + labels.nnz).toBe(data.nnz);
    for (let u = 0; u < data.nUsers; u++) {
      const n = data.byUser.indptr[u + 1] - data.byUser.indptr[u];
      const held = labels.byUser.indptr[u + 1] - labels.byUser.indptr[u];
      expect(held).toBe(Math.min(Math.floor(0.25 * n), n - 1));
      const kept = new Set(base.byUser.indices.subarray(base.byUser.indptr[u], base.byUser.indptr[u + 1]));
      for (let j = labels.byUser.indptr[u]; j < labels.byUser.indptr[u + 1]; j++) {
        expect(kept.has(labels.byUser.indices[j])).toBe(false);
      }
    }
  });

  it('draws the same split from the same seed', () => {
    const a = holdoutSplit(data, 0.25, createRng(3)).labels.items;
    const b = holdoutSplit(data, 0.25, createRng(3)).labels.items;
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
