import type { TopK } from './contract.js';

/**
 * The k highest scores, best first, with a size-k min-heap: O(n log k). Ties go to the lower index
 * so results are deterministic. -Infinity marks excluded items and is never returned.
 */
export function topK(scores: Float32Array, k: number): TopK {
  const heapItems = new Int32Array(k);
  const heapScores = new Float32Array(k);
  let size = 0;
  // "a is worse than b": lower score, or equal score and higher index.
  const worse = (sa: number, ia: number, sb: number, ib: number) => sa < sb || (sa === sb && ia > ib);
  const siftDown = (start: number) => {
    let p = start;
    for (;;) {
      const l = 2 * p + 1;
      const r = l + 1;
      let m = p;
      if (l < size && worse(heapScores[l], heapItems[l], heapScores[m], heapItems[m])) m = l;
      if (r < size && worse(heapScores[r], heapItems[r], heapScores[m], heapItems[m])) m = r;
      if (m === p) return;
      const ts = heapScores[p];
      const ti = heapItems[p];
      heapScores[p] = heapScores[m];
      heapItems[p] = heapItems[m];
      heapScores[m] = ts;
      heapItems[m] = ti;
      p = m;
    }
  };
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (s === Number.NEGATIVE_INFINITY || Number.isNaN(s)) continue;
    if (size < k) {
      let c = size++;
      heapScores[c] = s;
      heapItems[c] = i;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(heapScores[c], heapItems[c], heapScores[p], heapItems[p])) break;
        const ts = heapScores[p];
        const ti = heapItems[p];
        heapScores[p] = heapScores[c];
        heapItems[p] = heapItems[c];
        heapScores[c] = ts;
        heapItems[c] = ti;
        c = p;
      }
    } else if (worse(heapScores[0], heapItems[0], s, i)) {
      heapScores[0] = s;
      heapItems[0] = i;
      siftDown(0);
    }
  }
  const order = Array.from({ length: size }, (_, j) => j).sort((a, b) =>
    worse(heapScores[a], heapItems[a], heapScores[b], heapItems[b]) ? 1 : -1,
  );
  return {
    items: Int32Array.from(order, (j) => heapItems[j]),
    scores: Float32Array.from(order, (j) => heapScores[j]),
  };
}
