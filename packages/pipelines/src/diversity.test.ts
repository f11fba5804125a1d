import { describe, expect, it } from 'vitest';
import { attributeSimilarity, mmr } from './diversity.js';
import type { PipelineItem } from './types.js';

const item = (id: string, category: string | null, genres: string[] = []): PipelineItem => ({
  id,
  title: id,
  category,
  genres,
});

describe('attributeSimilarity', () => {
  it('is the Jaccard similarity of category and genre tags', () => {
    // {c:a, g:x, g:y} and {c:a, g:y, g:z}: 2 shared of 4.
    expect(attributeSimilarity(item('1', 'a', ['x', 'y']), item('2', 'a', ['y', 'z']))).toBe(0.5);
    expect(attributeSimilarity(item('1', 'a', ['x']), item('2', 'a', ['x']))).toBe(1);
    // A genre named like a category is another tag; repeated genres count once.
    expect(attributeSimilarity(item('1', 'x', ['x', 'x']), item('2', 'y', ['x']))).toBe(1 / 3);
    expect(attributeSimilarity(item('1', null), item('2', 'a'))).toBe(0);
    expect(attributeSimilarity(item('1', 'b', ['q']), item('2', 'a', ['r']))).toBe(0);
  });
});

describe('mmr', () => {
  it('trades score for difference from what is already picked', () => {
    const items = new Map(
      [item('a1', 'a', ['x']), item('a2', 'a', ['x']), item('a3', 'a', ['x']), item('b1', 'b', ['y'])].map(
        (i) => [i.id, i],
      ),
    );
    const ranked = [
      { itemId: 'a1', score: 1 },
      { itemId: 'a2', score: 0.95 },
      { itemId: 'a3', score: 0.9 },
      { itemId: 'b1', score: 0.6 },
    ];
    // Pure relevance keeps the score order; at λ = 0.5 the unlike item comes second.
    expect(mmr(ranked, items, 3, 1).map((p) => p.itemId)).toEqual(['a1', 'a2', 'a3']);
    expect(mmr(ranked, items, 3, 0.5).map((p) => p.itemId)).toEqual(['a1', 'b1', 'a2']);
  });

  // The textbook loop, with attributeSimilarity for every pair: what mmr must pick, whichever way it
  // computes the similarities (bit masks for pools of at most 32 distinct tags, merges beyond).
  function reference(
    ranked: { itemId: string; score: number }[],
    items: Map<string, PipelineItem>,
    count: number,
    lambda: number,
  ) {
    const pool = ranked.slice(0, Math.max(count * 5, 50));
    const chosen: typeof pool = [];
    const left = [...pool];
    while (chosen.length < count && left.length > 0) {
      let best = 0;
      let bestValue = Number.NEGATIVE_INFINITY;
      left.forEach((p, i) => {
        let sim = 0;
        for (const c of chosen)
          sim = Math.max(sim, attributeSimilarity(items.get(p.itemId)!, items.get(c.itemId)!));
        const value = lambda * p.score - (1 - lambda) * sim;
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      });
      chosen.push(left.splice(best, 1)[0]!);
    }
    return chosen;
  }

  it.each([
    { tags: 6, note: 'few distinct tags (bit masks)' },
    { tags: 80, note: 'more than 32 distinct tags in the pool (merges)' },
  ])('picks what the textbook loop picks: $note', ({ tags }) => {
    let seed = tags;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 20; round++) {
      const items = new Map<string, PipelineItem>();
      const ranked = [];
      for (let i = 0; i < 70; i++) {
        const genres = Array.from(
          { length: Math.floor(random() * 4) },
          () => `t${Math.floor(random() * tags)}`,
        );
        const category = random() < 0.2 ? null : `k${Math.floor(random() * tags)}`;
        items.set(`r${round}-${i}`, item(`r${round}-${i}`, category, genres));
        ranked.push({ itemId: `r${round}-${i}`, score: random() });
      }
      ranked.sort((a, b) => b.score - a.score);
      for (const lambda of [0.3, 0.7, 0.9]) {
        expect(mmr(ranked, items, 10, lambda)).toEqual(reference(ranked, items, 10, lambda));
      }
    }
  });
});
