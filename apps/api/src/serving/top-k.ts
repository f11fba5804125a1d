/**
 * The `k` highest finite scores of `scores`, best first, ties to the lower index (the order of
 * `@tessera/models`' topK). A threshold scan with a small sorted buffer: almost every item fails one
 * comparison against the current k-th best, and only ~k·ln(n/k) are inserted, so 10k scores take
 * microseconds. `-Infinity` marks excluded items; NaN is skipped.
 */
export function topKIndices(scores: Float32Array, k: number): { items: Int32Array; scores: Float32Array } {
  if (k <= 0) return { items: new Int32Array(0), scores: new Float32Array(0) };
  const bestItems = new Int32Array(k);
  const bestScores = new Float32Array(k);
  let size = 0;
  let threshold = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    // Comparisons written so that NaN fails them: it is never taken.
    if (size === k ? !(s > threshold) : !(s > Number.NEGATIVE_INFINITY)) continue;
    // Insert after every equal score already held (earlier indices win ties); a full buffer drops its last.
    let at = size < k ? size : k - 1;
    while (at > 0 && bestScores[at - 1]! < s) {
      bestScores[at] = bestScores[at - 1]!;
      bestItems[at] = bestItems[at - 1]!;
      at--;
    }
    bestScores[at] = s;
    bestItems[at] = i;
    if (size < k) size++;
    if (size === k) threshold = bestScores[k - 1]!;
  }
  return { items: bestItems.subarray(0, size), scores: bestScores.subarray(0, size) };
}
