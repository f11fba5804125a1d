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
    // Sift up: a parent must be worse than (or as bad as) its children.
    let c = size++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      const ps = heapScores[p]!;
      if (ps < s || (ps === s && heapItems[p]! > i)) break;
      heapScores[c] = ps;
      heapItems[c] = heapItems[p]!;
      c = p;
    }
    heapScores[c] = s;
    heapItems[c] = i;
  }
  if (size === k) {
    let root = heapScores[0]!;
    for (; i < n; i++) {
      const s = scores[i]!;
      if (!(s > root)) continue;
      // Replace the root and sift down: move the worse child up while it is worse than (s, i).
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        if (l >= k) break;
        let m = l;
        const r = l + 1;
        if (
          r < k &&
          (heapScores[r]! < heapScores[l]! ||
            (heapScores[r]! === heapScores[l]! && heapItems[r]! > heapItems[l]!))
        )
          m = r;
        const ms = heapScores[m]!;
        if (ms > s || (ms === s && heapItems[m]! < i)) break;
        heapScores[p] = ms;
        heapItems[p] = heapItems[m]!;
        p = m;
      }
      heapScores[p] = s;
      heapItems[p] = i;
      root = heapScores[0]!;
    }
  }
  // Heap-sort what was kept: each pop takes the worst left, so the answer fills from its end. (It
  // was Array.from + sort with a comparator + TypedArray.from with a map: ~30 us for k = 50, most of
  // this function's time over the few hundred survivors of a top-k threshold.)
  const items = new Int32Array(size);
  const out = new Float32Array(size);
  for (let end = size - 1; end >= 0; end--) {
    items[end] = heapItems[0]!;
    out[end] = heapScores[0]!;
    const s = heapScores[end]!;
    const item = heapItems[end]!;
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= end) break;
      let m = l;
      const r = l + 1;
      if (
        r < end &&
        (heapScores[r]! < heapScores[l]! ||
          (heapScores[r]! === heapScores[l]! && heapItems[r]! > heapItems[l]!))
      )
        m = r;
      const ms = heapScores[m]!;
      if (ms > s || (ms === s && heapItems[m]! < item)) break;
      heapScores[p] = ms;
      heapItems[p] = heapItems[m]!;
      p = m;
    }
    heapScores[p] = s;
    heapItems[p] = item;
  }
  return { items, scores: out };
}
