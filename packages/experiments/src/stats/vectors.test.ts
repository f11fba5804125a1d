import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hash } from '../assignment/hash.js';
import type { ArmStatistics } from './arms.js';
import { bayesian } from './bayesian.js';
import { type Alternative, frequentist } from './frequentist.js';
import { holm } from './multiple-comparisons.js';
import { srm } from './srm.js';

// Shared reference vectors (GrowthBook's published test values) live outside the repository.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const vectorsPath = path.resolve(repoRoot, '../shared/testdata/experiments-vectors.json');
const exists = existsSync(vectorsPath);
if (!exists) console.warn(`experiments vectors NOT RUN: ${vectorsPath} is missing`);

interface EffectCase {
  name: string;
  control: ArmStatistics;
  treatment: ArmStatistics;
  relative: boolean;
  alternative?: Alternative;
  alpha?: number;
  tuning?: number;
  expected: Record<string, number | number[]>;
}
interface Vectors {
  hash: { cases: Array<[string, string, number, number | null]> };
  srm: { cases: Array<[number[], number[], number]> };
  holm: { pValues: number[]; adjustedSortedByRawP: number[]; originalIndices: number[] };
  frequentist: EffectCase[];
  sequential: { cases: EffectCase[] };
  bayesian: { cases: EffectCase[] };
}
const vectors: Vectors | undefined = exists ? JSON.parse(readFileSync(vectorsPath, 'utf8')) : undefined;

function expectClose(
  actual: Record<string, unknown>,
  expected: Record<string, number | number[]>,
  tol = 1e-4,
): void {
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key];
    const pairs: Array<[unknown, number]> = Array.isArray(want)
      ? want.map((w, i) => [(got as number[])[i], w])
      : [[got, want]];
    for (const [g, w] of pairs)
      expect(Math.abs((g as number) - w), `${key}: got ${String(g)}, want ${w}`).toBeLessThanOrEqual(tol);
  }
}

describe.skipIf(!exists)('shared experiment vectors', () => {
  it('reproduces every assignment hash exactly', () => {
    for (const [seed, value, version, want] of vectors!.hash.cases)
      expect(hash(seed, value, version)).toBe(want);
  });

  it('reproduces every SRM p-value to 1e-8', () => {
    for (const [counts, weights, want] of vectors!.srm.cases)
      expect(Math.abs(srm(counts, weights) - want)).toBeLessThan(1e-8);
  });

  it('reproduces the Holm adjustment in input order', () => {
    const { pValues, adjustedSortedByRawP, originalIndices } = vectors!.holm;
    const adjusted = holm(pValues);
    originalIndices.forEach((idx, rank) => {
      expect(adjusted[idx]).toBeCloseTo(adjustedSortedByRawP[rank]!, 10);
    });
  });

  it('reproduces the fixed-horizon frequentist cases', () => {
    for (const c of vectors!.frequentist) {
      const alternative = c.alternative ?? 'two-sided';
      expectClose({ ...frequentist({ ...c, alternative }) }, c.expected);
    }
  });

  it('reproduces the sequential cases', () => {
    for (const c of vectors!.sequential.cases) {
      expectClose({ ...frequentist({ ...c, sequentialTuning: c.tuning! }) }, c.expected);
    }
  });

  it('reproduces the Bayesian cases', () => {
    for (const c of vectors!.bayesian.cases) expectClose({ ...bayesian(c) }, c.expected);
  });
});
