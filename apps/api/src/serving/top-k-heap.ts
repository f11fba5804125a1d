/**
 * The bounded min-heap under both top-k scans: parallel arrays of scores and item ids, the root the
 * worst entry kept, where worse means a lower score, or an equal score with a higher id (ties go to
 * the lower id). Plain functions over typed arrays: they run once per item that beats the root.
 */

/** Adds (s, id) as entry `size` of a heap of `size` entries and moves it up while it is better. */
export function siftUp(
  heapScores: Float32Array,
  heapIds: Int32Array,
  size: number,
  s: number,
  id: number,
): void {
  let c = size;
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
}

/** Puts (s, id) at the root of a heap of `size` and moves the worse child up while it is worse. */
export function siftDown(
  heapScores: Float32Array,
  heapIds: Int32Array,
  size: number,
  s: number,
  id: number,
): void {
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

/**
 * Heap-sorts the `size` entries kept, best first: each pop takes the worst left, so the answer fills
 * from its end. (Array.from + sort with a comparator + TypedArray.from was ~30 us for k = 50.)
 */
export function drainBestFirst(
  heapScores: Float32Array,
  heapIds: Int32Array,
  size: number,
): { items: Int32Array; scores: Float32Array } {
  const items = new Int32Array(size);
  const scores = new Float32Array(size);
  for (let end = size - 1; end >= 0; end--) {
    items[end] = heapIds[0]!;
    scores[end] = heapScores[0]!;
    siftDown(heapScores, heapIds, end, heapScores[end]!, heapIds[end]!);
  }
  return { items, scores };
}
