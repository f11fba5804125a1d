import { createRng, topK } from '@tessera/models';
import { describe, expect, it } from 'vitest';
import { topKIndices } from './top-k.js';

describe('topKIndices', () => {
  it('picks what the models package picks, ties to the lower index, skipping -Infinity and NaN', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.int(300);
      // Few distinct values, so ties are common.
      const scores = Float32Array.from({ length: n }, () => {
        const r = rng.next();
        return r < 0.1 ? Number.NEGATIVE_INFINITY : r < 0.12 ? Number.NaN : Math.round(r * 20) / 4;
      });
      const k = 1 + rng.int(60);
      const expected = topK(scores, k);
      const got = topKIndices(scores, k);
      expect([...got.items]).toEqual([...expected.items]);
      expect([...got.scores]).toEqual([...expected.scores]);
    }
  });

  it('returns nothing for k = 0 or an all-excluded list', () => {
    expect(topKIndices(Float32Array.of(1, 2), 0).items.length).toBe(0);
    expect(topKIndices(Float32Array.of(Number.NEGATIVE_INFINITY, Number.NaN), 3).items.length).toBe(0);
  });
});
