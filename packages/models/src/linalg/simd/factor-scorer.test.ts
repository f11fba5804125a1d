import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../rng.js';
import { scoreAllFactors, scoreSomeFactors } from '../vector.js';
import { compileWat, generatedModule, kernels } from './build-wasm.js';
import { FactorScorer, simdAvailable } from './factor-scorer.js';

function randomMatrix(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.normal());
}

describe('FactorScorer (WebAssembly SIMD)', () => {
  it('is available on the Node versions we support', () => {
    expect(simdAvailable).toBe(true);
  });

  it('agrees with the scalar loop for every factor count and catalog size, padding included', () => {
    for (const factors of [1, 3, 4, 7, 16, 64, 65]) {
      for (const nItems of [1, 3, 4, 5, 13, 200]) {
        const items = randomMatrix(nItems * factors, factors * 1000 + nItems);
        const user = randomMatrix(factors, nItems);
        const bias = randomMatrix(nItems, 7);
        const expected = scoreAllFactors(user, items, factors, new Float32Array(nItems), bias, 0.5);
        const scorer = new FactorScorer(items, factors);
        const got = scorer.scoreAll(user, new Float32Array(nItems), bias, 0.5);
        for (let i = 0; i < nItems; i++) expect(got[i]).toBeCloseTo(expected[i]!, 4);
      }
    }
  });

  it('scores chosen items, repeats and long lists included, and rejects an index outside the catalog', () => {
    const factors = 8;
    const nItems = 6;
    const items = randomMatrix(nItems * factors, 3);
    const user = randomMatrix(factors, 4);
    const scorer = new FactorScorer(items, factors);
    const wanted = [5, 0, 5, 2, 1, 1, 3, 4, 0, 2, 5, 5, 5];
    const expected = scoreSomeFactors(user, items, factors, wanted);
    const got = scorer.scoreSome(user, wanted);
    expect(got).toHaveLength(wanted.length);
    for (let k = 0; k < wanted.length; k++) expect(got[k]).toBeCloseTo(expected[k]!, 4);
    expect(() => scorer.scoreSome(user, [0, 6])).toThrow(/out of range/);
    expect(() => scorer.scoreSome(user, [-1])).toThrow(/out of range/);
  });

  it('keeps its own copy: later writes to the source matrix do not change its scores', () => {
    const items = randomMatrix(4 * 4, 9);
    const user = Float32Array.of(1, 0, 0, 0);
    const scorer = new FactorScorer(items, 4);
    const before = scorer.scoreAll(user, new Float32Array(4)).slice();
    items.fill(0);
    expect(scorer.scoreAll(user, new Float32Array(4))).toEqual(before);
  });

  it('ships the binaries that the .wat sources compile to', async () => {
    for (const name of kernels) {
      const source = await readFile(new URL(`./${name}.wat`, import.meta.url), 'utf8');
      const shipped = await readFile(new URL(`./${name}.wasm.ts`, import.meta.url), 'utf8');
      expect(shipped, `${name}.wasm.ts is stale: npm run build:wasm -w @tessera/models`).toBe(
        generatedModule(name, await compileWat(name, source)),
      );
    }
  });

  it('keeps exactly the items scoring above a threshold, in index order, and counts past its limit', () => {
    for (const [factors, nItems] of [
      [8, 203],
      [5, 64],
      [32, 1001],
    ] as const) {
      const items = randomMatrix(nItems * factors, factors + nItems);
      const user = randomMatrix(factors, 9);
      const scorer = new FactorScorer(items, factors);
      const all = scorer.scoreAll(user, new Float32Array(nItems));
      const threshold = [...all].sort((a, b) => b - a)[Math.floor(nItems / 7)]!;
      const expected = [...all.keys()].filter((i) => all[i]! > threshold);
      const above = scorer.scoreAbove(user, threshold);
      expect(above.count).toBe(expected.length);
      expect([...above.items]).toEqual(expected);
      for (let k = 0; k < expected.length; k++) expect(above.scores[k]).toBe(all[expected[k]!]);
      const capped = scorer.scoreAbove(user, threshold, 5);
      expect(capped.count).toBe(expected.length);
      expect([...capped.items]).toEqual(expected.slice(0, 5));
      expect(scorer.scoreAbove(user, Number.POSITIVE_INFINITY).count).toBe(0);
    }
  });
});
