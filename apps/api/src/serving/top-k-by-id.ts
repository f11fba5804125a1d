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
  // A min-heap on (score, then id descending): the root is the worst kept.
  const heapIds = new Int32Array(k);
  const heapScores = new Float32Array(k);
  const n = scores.length;
  let size = 0;
  for (let j = 0; j < n; j++) {
    const s = scores[j]!;
    if (!(s > Number.NEGATIVE_INFINITY)) continue;
    const id = ids[j]!;
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        const ps = heapScores[p]!;
        if (ps < s || (ps === s && heapIds[p]! > id)) break;
        heapScores[c] = ps;
        heapIds[c] = heapIds[p]!;
        c = p;
      }
      heapScores[c] = s;
      heapIds[c] = id;
      continue;
    }
    const root = heapScores[0]!;
    if (!(s > root || (s === root && id < heapIds[0]!))) continue;
    siftDown(heapScores, heapIds, k, s, id);
  }
  // Heap-sort what was kept: each pop takes the worst left, so the answer fills from its end.
  const items = new Int32Array(size);
  const out = new Float32Array(size);
  for (let end = size - 1; end >= 0; end--) {
    items[end] = heapIds[0]!;
    out[end] = heapScores[0]!;
    siftDown(heapScores, heapIds, end, heapScores[end]!, heapIds[end]!);
  }
  return { items, scores: out };
}

/** Puts (s, id) at the root of a heap of `size` and moves the worse child up while it is worse. */
function siftDown(heapScores: Float32Array, heapIds: Int32Array, size: number, s: number, id: number): void {
  let p = 0;
  for (;;) {
    const l = 2 * p + 1;
    if (l >= size) break;
    let m = l;
    const r = l + 1;
    if (
      r < size &&
      (heapScores[r]! < heapScores[l]! || (heapScores[r]! === heapScores[l]! && heapIds[r]! > heapIds[l]!))
    )
      m = r;
    const ms = heapScores[m]!;
    if (ms > s || (ms === s && heapIds[m]! < id)) break;
    heapScores[p] = ms;
    heapIds[p] = heapIds[m]!;
    p = m;
  }
  heapScores[p] = s;
  heapIds[p] = id;
}
