import { describe, expect, it } from 'vitest';
import { macroF1, pearson } from './metrics.js';

describe('pearson', () => {
  it('is 1 for a positive linear relation and -1 for a negative one', () => {
    expect(pearson([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [3, 1, -1, -3])).toBeCloseTo(-1, 12);
  });

  it('matches a hand-computed value', () => {
    // x̄=2, ȳ=3; Σdxdy = (−1)(−1)+0·1+1·0 = 1; Σdx²=2; Σdy²=2 → r = 1/2.
    expect(pearson([1, 2, 3], [2, 4, 3])).toBeCloseTo(0.5, 12);
  });

  it('is NaN when one side is constant', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('rejects unpaired arrays with a code', () => {
    expect(() => pearson([1], [1, 2])).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});

describe('macroF1', () => {
  it('is 1 for perfect predictions', () => {
    expect(macroF1(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(1);
  });

  it('averages per-class F1 computed by hand', () => {
    // a: tp1 fp0 fn1 → 2/3; b: tp1 fp1 fn0 → 2/3; c: tp1 → 1. Mean 7/9.
    expect(macroF1(['a', 'a', 'b', 'c'], ['a', 'b', 'b', 'c'])).toBeCloseTo(7 / 9, 12);
  });

  it('leaves out classes absent from both sides', () => {
    expect(macroF1(['pos', 'neg'], ['pos', 'pos'])).toBeCloseTo((2 / 3 + 0) / 2, 12);
  });
});
