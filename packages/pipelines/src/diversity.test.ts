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
});
