import { describe, expect, it } from 'vitest';
import { bestFirst } from './best-first.js';

const plain = (xs: { itemId: string; score: number }[], keep: number) =>
  [...xs].sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : 1)).slice(0, keep);

describe('bestFirst', () => {
  it('keeps what a full sort and a slice keep, in the same order, ties by id', () => {
    let seed = 3;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(random() * 300);
      // Few distinct scores: many ties across the cut.
      const levels = 1 + Math.floor(random() * 20);
      const xs = Array.from({ length: n }, (_, i) => ({
        itemId: `i${Math.floor(random() * 1e6)}-${i}`,
        score: Math.floor(random() * levels) / levels - (random() < 0.1 ? 0 : 0.5),
      }));
      const keep = 1 + Math.floor(random() * 80);
      expect(bestFirst([...xs], keep)).toEqual(plain(xs, keep));
    }
  });

  it('falls back to the plain order when a score is NaN', () => {
    const xs = Array.from({ length: 30 }, (_, i) => ({ itemId: `i${i}`, score: i === 7 ? Number.NaN : i }));
    expect(bestFirst([...xs], 5)).toEqual(plain(xs, 5));
  });
});
