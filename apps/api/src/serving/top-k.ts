import { drainBestFirst, siftDown, siftUp } from './top-k-heap.js';

/**
 * The `k` highest finite scores of `scores`, best first, ties to the lower index (the order of
 * `@tessera/models`' topK). A size-k min-heap whose root is the worst score kept: scanning in
 * index order, an item enters only if it beats the root strictly (an equal score comes later, so it
 * loses the tie), which almost no item of a 10k catalog does — the scan costs little more than
 * reading the scores. `-Infinity` marks excluded items; NaN fails every comparison and is skipped.
 */
export function topKIndices(scores: Float32Array, k: number): { items: Int32Array; scores: Float32Array } {
  if (k <= 0) return { items: new Int32Array(0), scores: new Float32Array(0) };
  const heapItems = new Int32Array(k);
  const heapScores = new Float32Array(k);
  const n = scores.length;
  let size = 0;
  let i = 0;
  for (; i < n && size < k; i++) {
    const s = scores[i]!;
    if (!(s > Number.NEGATIVE_INFINITY)) continue;
    siftUp(heapScores, heapItems, size++, s, i);
  }
  if (size === k) {
    let root = heapScores[0]!;
    for (; i < n; i++) {
      const s = scores[i]!;
      if (!(s > root)) continue;
      siftDown(heapScores, heapItems, k, s, i);
      root = heapScores[0]!;
    }
  }
  return drainBestFirst(heapScores, heapItems, size);
}
