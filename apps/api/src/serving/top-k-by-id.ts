import { drainBestFirst, siftDown, siftUp } from './top-k-heap.js';

/**
 * `topKIndices` for scores whose items come in any order: the `k` highest finite `scores[j]`, best
 * first, ties to the lower `ids[j]`, answered as ids. With `ids` ascending it picks exactly what
 * `topKIndices` picks; it exists for the survivors of a norm-ordered scan (factor-top.ts), whose
 * ids are not in index order, so an equal score may now arrive after a higher id and must still
 * win the tie. `-Infinity` marks excluded items; NaN fails every comparison and is skipped.
 */
export function topKById(
  scores: Float32Array,
  ids: Int32Array,
  k: number,
): { items: Int32Array; scores: Float32Array } {
  if (k <= 0) return { items: new Int32Array(0), scores: new Float32Array(0) };
  const heapIds = new Int32Array(k);
  const heapScores = new Float32Array(k);
  const n = scores.length;
  let size = 0;
  for (let j = 0; j < n; j++) {
    const s = scores[j]!;
    if (!(s > Number.NEGATIVE_INFINITY)) continue;
    const id = ids[j]!;
    if (size < k) siftUp(heapScores, heapIds, size++, s, id);
    else if (s > heapScores[0]! || (s === heapScores[0]! && id < heapIds[0]!))
      siftDown(heapScores, heapIds, k, s, id);
  }
  return drainBestFirst(heapScores, heapIds, size);
}
