import { describe, expect, it } from 'vitest';
import { isExperimentInputError } from '../errors.js';
import { srm } from '../stats/srm.js';
import { bucketRanges, chooseVariation, equalWeights, inRange, validateAllocation } from './buckets.js';
import { fnv1a32, hash, inNamespace } from './hash.js';

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('hash', () => {
  it('derives version 1 from fnv1a32(value + seed) mod 1000', () => {
    // fnv1a32('a') = 3826002220 → 220 / 1000
    expect(hash('', 'a', 1)).toBe(0.22);
    expect(hash('s', 'u', 1)).toBe((fnv1a32('us') % 1000) / 1000);
  });

  it('derives version 2 from a double hash mod 10000', () => {
    expect(hash('seed', 'user', 2)).toBe((fnv1a32(String(fnv1a32('seeduser'))) % 10000) / 10000);
  });

  it('returns null for unknown versions', () => {
    expect(hash('abc', 'def', 99)).toBeNull();
    expect(hash('abc', 'def', 0)).toBeNull();
  });

  it('is stable and balanced over a million ids', () => {
    const ranges = bucketRanges(2, 1, [0.5, 0.5]);
    const counts = [0, 0];
    const firstPass: number[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const v = chooseVariation(hash('exp-42', `user-${i}`, 2)!, ranges);
      counts[v]! += 1;
      if (i < 1000) firstPass.push(v);
    }
    for (let i = 0; i < 1000; i++)
      expect(chooseVariation(hash('exp-42', `user-${i}`, 2)!, ranges)).toBe(firstPass[i]);
    expect(srm(counts, [0.5, 0.5])).toBeGreaterThan(0.001);
  });
});

describe('bucketRanges', () => {
  it('splits evenly, reduces coverage inside each slot, and honours weights', () => {
    expect(bucketRanges(2, 1)).toEqual([
      [0, 0.5],
      [0.5, 1],
    ]);
    expect(bucketRanges(2, 0.5)).toEqual([
      [0, 0.25],
      [0.5, 0.75],
    ]);
    const uneven = bucketRanges(3, 0.2, [0.2, 0.3, 0.5]);
    expect(uneven.map(([a, b]) => [a, b - a].map((x) => Number(x.toFixed(10))))).toEqual([
      [0, 0.04],
      [0.2, 0.06],
      [0.5, 0.1],
    ]);
  });

  it('falls back like the GrowthBook SDK: clamped coverage, equal weights for bad weights', () => {
    expect(bucketRanges(2, -0.2)).toEqual([
      [0, 0],
      [0.5, 0.5],
    ]);
    expect(bucketRanges(2, 1.5)).toEqual(bucketRanges(2, 1));
    expect(bucketRanges(2, 1, [0.4, 0.1])).toEqual(bucketRanges(2, 1));
    expect(bucketRanges(2, 1, [0.4, 0.3, 0.3])).toEqual(bucketRanges(2, 1));
    expect(bucketRanges(0)).toEqual([]);
  });

  it('rejects a non-integer variation count', () => {
    expect(() => bucketRanges(1.5)).toThrow(/whole number/);
  });
});

describe('chooseVariation', () => {
  it('picks the range containing x, half-open, or -1 outside coverage', () => {
    const ranges = bucketRanges(2, 0.5);
    expect(chooseVariation(0.2, ranges)).toBe(0);
    expect(chooseVariation(0.25, ranges)).toBe(-1);
    expect(chooseVariation(0.5, ranges)).toBe(1);
    expect(chooseVariation(0.9, ranges)).toBe(-1);
    expect(inRange(0.5, [0.5, 1])).toBe(true);
    expect(inRange(1, [0.5, 1])).toBe(false);
  });
});

describe('validateAllocation', () => {
  it('accepts a proper split and rejects what bucketRanges would silently repair', () => {
    expect(() => validateAllocation([0.5, 0.5], 1)).not.toThrow();
    for (const [weights, coverage] of [
      [[1], 1],
      [[0.7, 0.6], 1],
      [[1.2, -0.2], 1],
      [[0.5, 0.5], 0],
      [[0.5, 0.5], 1.5],
    ] as const) {
      let error: unknown;
      try {
        validateAllocation(weights, coverage);
      } catch (e) {
        error = e;
      }
      expect(isExperimentInputError(error)).toBe(true);
    }
  });
});

describe('namespaces and equal weights', () => {
  it('places a user in exactly one of two complementary namespace slices', () => {
    for (let i = 0; i < 200; i++) {
      const user = `u${i}`;
      const x = hash('__checkout', user, 1)!;
      expect(inNamespace(user, ['checkout', 0, 0.4])).toBe(x < 0.4);
      expect(inNamespace(user, ['checkout', 0, 0.4])).not.toBe(inNamespace(user, ['checkout', 0.4, 1]));
    }
  });

  it('splits traffic equally', () => {
    expect(equalWeights(4)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(equalWeights(0)).toEqual([]);
    expect(equalWeights(-1)).toEqual([]);
  });
});
