import { describe, expect, it } from 'vitest';
import { catalogCoverage, novelty } from './catalog-metrics.js';
import { averagePrecisionAtK, hitAtK, mrrAtK, ndcgAtK, precisionAtK, recallAtK } from './ranking-metrics.js';
import { mae, rmse } from './rating-metrics.js';

describe('metrics against hand-computed cases', () => {
  it('computes RMSE and MAE', () => {
    // errors 1, -2, 0 -> squared 1, 4, 0 -> RMSE sqrt(5/3); MAE 3/3
    expect(rmse([4, 1, 3], [3, 3, 3])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(mae([4, 1, 3], [3, 3, 3])).toBeCloseTo(1, 12);
  });

  // ranked [5, 1, 7, 2], relevant {1, 2, 9}: hits at ranks 2 and 4
  const ranked = [5, 1, 7, 2];
  const relevant = new Set([1, 2, 9]);

  it('computes precision, recall, hit and MRR', () => {
    expect(precisionAtK(ranked, relevant, 4)).toBe(0.5);
    expect(recallAtK(ranked, relevant, 4)).toBeCloseTo(2 / 3, 12);
    expect(hitAtK(ranked, relevant, 1)).toBe(0);
    expect(hitAtK(ranked, relevant, 2)).toBe(1);
    expect(mrrAtK(ranked, relevant, 4)).toBe(0.5);
    expect(mrrAtK(ranked, relevant, 1)).toBe(0);
  });

  it('computes NDCG with log2 discounts', () => {
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAtK(ranked, relevant, 4)).toBeCloseTo(dcg / idcg, 12);
    expect(ndcgAtK([1, 2, 9], relevant, 3)).toBeCloseTo(1, 12);
  });

  it('computes MAP as RecBole does', () => {
    // precision at hit ranks: 1/2 and 2/4, divided by min(|relevant|, K) = 3
    expect(averagePrecisionAtK(ranked, relevant, 4)).toBeCloseTo((0.5 + 0.5) / 3, 12);
  });

  it('computes coverage and novelty', () => {
    expect(
      catalogCoverage(
        [
          [0, 1],
          [1, 2],
        ],
        6,
      ),
    ).toBe(0.5);
    // item 0 seen by 2 of 4 users -> 1 bit; item 1 by 1 of 4 -> 2 bits
    expect(novelty([[0, 1]], [2, 1], 4)).toBeCloseTo(1.5, 12);
  });
});
