import { FactorScorer, simdAvailable } from '@tessera/models';
import { topKIndices } from './top-k.js';

/** About how many items the threshold should let through per item asked for. */
const SURVIVORS_PER_PICK = 4;
/** Sampled items the threshold is estimated from (about; one every n/SAMPLE items). */
const SAMPLE = 512;

export type TopByVector = ((
  vector: Float32Array,
  k: number,
  exclude: readonly number[],
) => { items: Int32Array; scores: Float32Array }) & {
  /** Calls answered from the items above a sampled threshold, and by scoring the whole catalog. */
  stats: { sampled: number; exhaustive: number };
};

/**
 * The exact top-k of vector·y_i over a catalog, without scoring it into a buffer and scanning it:
 * a strided sample of the scores gives a threshold that about 4k items beat, and the SIMD kernel
 * keeps only those (scoreAbove). If at least k of them are not excluded, the top-k among them is
 * the top-k of the catalog — every item left out scores at most the threshold, below all of them —
 * with the same order and ties (lower index first) as `topKIndices` over all scores. Otherwise
 * (a small catalog, an unlucky sample) it scores everything as before.
 */
export function factorTop(itemFactors: Float32Array, factors: number, nItems: number): TopByVector | null {
  if (!simdAvailable) return null;
  const scorer = new FactorScorer(itemFactors, factors, nItems);
  const stride = Math.max(1, Math.floor(nItems / SAMPLE));
  const sampled = Math.floor(nItems / stride);
  // The sampled rows (every stride-th item) copied side by side into a scorer of their own, so the
  // threshold's scores come from the four-rows-a-pass kernel over contiguous memory rather than a
  // gather of 512 single dot products (a tenth of the ranking thread's CPU in bench:api).
  const sampleRows = new Float32Array(sampled * factors);
  for (let j = 0; j < sampled; j++)
    sampleRows.set(itemFactors.subarray(j * stride * factors, (j * stride + 1) * factors), j * factors);
  const sampleScorer = new FactorScorer(sampleRows, factors, sampled);
  const sampleScores = new Float32Array(sampled);
  const all = new Float32Array(nItems);

  const stats = { sampled: 0, exhaustive: 0 };
  const top = (vector: Float32Array, k: number, exclude: readonly number[]) => {
    const rank = Math.ceil((SURVIVORS_PER_PICK * (k + exclude.length)) / stride);
    if (stride > 1 && rank < sampled) {
      const threshold = rankthLargest(sampleScorer.scoreAll(vector, sampleScores), rank);
      if (Number.isFinite(threshold)) {
        const above = scorer.scoreAbove(vector, threshold);
        for (const i of exclude) {
          const j = indexOf(above.items, i);
          if (j >= 0) above.scores[j] = Number.NEGATIVE_INFINITY;
        }
        const best = topKIndices(above.scores, k);
        if (best.items.length === k) {
          stats.sampled++;
          // A loop, not Int32Array.from with a map function (~10 us for 50 items).
          for (let j = 0; j < best.items.length; j++) best.items[j] = above.items[best.items[j]!]!;
          return best;
        }
      }
    }
    stats.exhaustive++;
    scorer.scoreAll(vector, all);
    for (const i of exclude) all[i] = Number.NEGATIVE_INFINITY;
    return topKIndices(all, k);
  };
  return Object.assign(top, { stats });
}

/** Position of `value` in an ascending array, or -1. */
function indexOf(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The `rank`-th largest value (NaN when there are fewer finite values): a small sorted window, no full sort. */
function rankthLargest(values: Float32Array, rank: number): number {
  const best = new Float64Array(rank).fill(Number.NEGATIVE_INFINITY);
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if (!(v > best[0]!)) continue;
    // Ascending window: shift the smaller ones down and drop the smallest.
    let p = 0;
    while (p + 1 < rank && best[p + 1]! < v) {
      best[p] = best[p + 1]!;
      p++;
    }
    best[p] = v;
  }
  return best[0]! > Number.NEGATIVE_INFINITY ? best[0]! : Number.NaN;
}
