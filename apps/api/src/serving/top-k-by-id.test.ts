import { createRng } from '@tessera/models';
import { describe, expect, it } from 'vitest';
import { topKIndices } from './top-k.js';
import { topKById } from './top-k-by-id.js';

describe('topKById', () => {
  it('picks what topKIndices picks over the same items in any order, ties to the lower id', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.int(300);
      // Few distinct values, so ties are common; some excluded (-Infinity) and NaN.
      const byIndex = Float32Array.from({ length: n }, () => {
        const r = rng.next();
        return r < 0.1 ? Number.NEGATIVE_INFINITY : r < 0.12 ? Number.NaN : Math.round(r * 20) / 4;
      });
      const order = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const k = 1 + rng.int(60);
      const expected = topKIndices(byIndex, k);
      const got = topKById(
        Float32Array.from(order, (i) => byIndex[i]!),
        order,
        k,
      );
      expect([...got.items]).toEqual([...expected.items]);
      expect([...got.scores]).toEqual([...expected.scores]);
    }
  });

  it('returns nothing for k = 0 or an all-excluded list', () => {
    expect(topKById(Float32Array.of(1, 2), Int32Array.of(0, 1), 0).items.length).toBe(0);
    expect(
      topKById(Float32Array.of(Number.NEGATIVE_INFINITY, Number.NaN), Int32Array.of(1, 0), 3).items.length,
    ).toBe(0);
  });
});
