import { FactorScorer, simdAvailable } from '@tessera/models';
import { topKIndices } from './top-k.js';
import { topKById } from './top-k-by-id.js';

/**
 * About how many items the threshold should let through per item asked for (and per excluded
 * one). Fewer survivors mean a higher threshold, so the norm bound skips more rows, but more calls
 * fall back to scoring everything when fewer than k are left. On 10,000 real bench users: 4 scanned
 * 5,300 rows per call and never fell back; 2 scans 2,900 and falls back on 0.1% of calls; 1.5
 * fell back on 6%.
 */
const SURVIVORS_PER_PICK = 2;
/** Sampled items the threshold is estimated from (about; one every n/SAMPLE items). */
const SAMPLE = 512;
/**
 * Relative slack on the norm bound: a float32 dot product of f terms is within about f·2^-24 of
 * |u||y| (Cauchy-Schwarz bounds the exact one), so rows whose bound misses the threshold by more
 * than 1e-4 of it cannot score above it even rounded — they are left unscanned without changing
 * what is kept.
 */
const BOUND_SLACK = 1e-4;

export type TopByVector = ((
  vector: Float32Array,
  k: number,
  exclude: readonly number[],
) => { items: Int32Array; scores: Float32Array }) & {
  /** Calls answered from the items above a sampled threshold, and by scoring the whole catalog. */
  stats: { sampled: number; exhaustive: number; rowsScanned: number };
};

/**
 * The exact top-k of vector·y_i over a catalog, without scoring it into a buffer and scanning it:
 * a strided sample of the scores gives a threshold that about 2(k + excluded) items beat, and the SIMD kernel
 * keeps only those (scoreAbove). If at least k of them are not excluded, the top-k among them is
 * the top-k of the catalog — every item left out scores at most the threshold, below all of them —
 * with the same order and ties (lower index first) as `topKIndices` over all scores. Otherwise
 * (a small catalog, an unlucky sample) it scores everything as before.
 */
export function factorTop(itemFactors: Float32Array, factors: number, nItems: number): TopByVector | null {
  if (!simdAvailable) return null;
  // Rows stored by descending norm (ties by index): score ≤ |u|·|y_i|, so for a user vector u and a
  // threshold t > 0 only the rows with |y_i| ≥ t/|u| can pass, and they are a prefix of this order.
  // On the bench model about half the catalog is past that prefix for the average user (bench:api),
  // and the scan is the largest single cost of a recommendation.
  const norms = new Float64Array(nItems);
  for (let i = 0; i < nItems; i++) {
    let sum = 0;
    for (let a = i * factors; a < (i + 1) * factors; a++) sum += itemFactors[a]! * itemFactors[a]!;
    norms[i] = Math.sqrt(sum);
  }
  const order = Int32Array.from({ length: nItems }, (_, i) => i).sort(
    (a, b) => norms[b]! - norms[a]! || a - b,
  );
  const sortedNorms = Float64Array.from(order, (i) => norms[i]!);
  const byNorm = new Float32Array(nItems * factors);
  for (let p = 0; p < nItems; p++)
    byNorm.set(itemFactors.subarray(order[p]! * factors, (order[p]! + 1) * factors), p * factors);
  const scorer = new FactorScorer(byNorm, factors, nItems);
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
  const byNormScores = new Float32Array(nItems);
  const all = new Float32Array(nItems);
  const excluded = new Uint8Array(nItems);

  const stats = { sampled: 0, exhaustive: 0, rowsScanned: 0 };
  const top = (vector: Float32Array, k: number, exclude: readonly number[]) => {
    const rank = Math.ceil((SURVIVORS_PER_PICK * (k + exclude.length)) / stride);
    if (stride > 1 && rank < sampled) {
      const threshold = rankthLargest(sampleScorer.scoreAll(vector, sampleScores), rank);
      if (Number.isFinite(threshold)) {
        const rows = rowsWithin(sortedNorms, vector, threshold);
        stats.rowsScanned += rows;
        const above = scorer.scoreAbove(vector, threshold, nItems, rows);
        // Positions in norm order back to item indices; the excluded ones marked and unmarked again.
        for (let j = 0; j < above.items.length; j++) above.items[j] = order[above.items[j]!]!;
        for (const i of exclude) excluded[i] = 1;
        for (let j = 0; j < above.items.length; j++)
          if (excluded[above.items[j]!] === 1) above.scores[j] = Number.NEGATIVE_INFINITY;
        for (const i of exclude) excluded[i] = 0;
        const best = topKById(above.scores, above.items, k);
        if (best.items.length === k) {
          stats.sampled++;
          return best;
        }
      }
    }
    stats.exhaustive++;
    scorer.scoreAll(vector, byNormScores);
    for (let p = 0; p < nItems; p++) all[order[p]!] = byNormScores[p]!;
    for (const i of exclude) all[i] = Number.NEGATIVE_INFINITY;
    return topKIndices(all, k);
  };
  return Object.assign(top, { stats });
}

/** How many rows, in descending norm order, can score above `threshold` for `vector` (all of them for t ≤ 0). */
function rowsWithin(sortedNorms: Float64Array, vector: Float32Array, threshold: number): number {
  const n = sortedNorms.length;
  if (!(threshold > 0)) return n;
  let sum = 0;
  for (let a = 0; a < vector.length; a++) sum += vector[a]! * vector[a]!;
  const length = Math.sqrt(sum);
  if (length === 0) return 0;
  const cut = (threshold * (1 - BOUND_SLACK)) / length;
  // First position whose norm is below the cut (norms descend).
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedNorms[mid]! < cut) hi = mid;
    else lo = mid + 1;
  }
  return lo;
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
