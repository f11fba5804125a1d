/**
 * Top-K metrics for one user, as RecBole defines them. `ranked` is the recommended list (best first,
 * already excluding history); `relevant` the user's held-out items. Averages over users are the caller's.
 */
export type RankedList = ArrayLike<number>;
export type RelevantSet = ReadonlySet<number>;

function hitsAt(ranked: RankedList, relevant: RelevantSet, k: number): number {
  let h = 0;
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) if (relevant.has(ranked[r])) h++;
  return h;
}

/** Precision@K = |top-K ∩ relevant| / K. */
export function precisionAtK(ranked: RankedList, relevant: RelevantSet, k: number): number {
  return hitsAt(ranked, relevant, k) / k;
}

/** Recall@K = |top-K ∩ relevant| / |relevant|. */
export function recallAtK(ranked: RankedList, relevant: RelevantSet, k: number): number {
  return relevant.size ? hitsAt(ranked, relevant, k) / relevant.size : 0;
}

/** Hit@K = 1 if top-K ∩ relevant ≠ ∅ else 0. */
export function hitAtK(ranked: RankedList, relevant: RelevantSet, k: number): number {
  return hitsAt(ranked, relevant, k) > 0 ? 1 : 0;
}

/** MRR@K = 1 / rank of the first relevant item within the top K (1-based), 0 if none. */
export function mrrAtK(ranked: RankedList, relevant: RelevantSet, k: number): number {
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) if (relevant.has(ranked[r])) return 1 / (r + 1);
  return 0;
}

/**
 * NDCG@K = DCG / IDCG with binary gains: DCG = Σ_{r≤K, item_r relevant} 1/log2(r+1),
 * IDCG = Σ_{r=1}^{min(|relevant|, K)} 1/log2(r+1).
 */
export function ndcgAtK(ranked: RankedList, relevant: RelevantSet, k: number): number {
  let dcg = 0;
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) if (relevant.has(ranked[r])) dcg += 1 / Math.log2(r + 2);
  let idcg = 0;
  const ideal = Math.min(relevant.size, k);
  for (let r = 0; r < ideal; r++) idcg += 1 / Math.log2(r + 2);
  return idcg ? dcg / idcg : 0;
}

/** MAP@K (RecBole) = Σ_{r≤K, item_r relevant} Precision@r / min(|relevant|, K). */
export function averagePrecisionAtK(ranked: RankedList, relevant: RelevantSet, k: number): number {
  let hits = 0;
  let sum = 0;
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) {
    if (relevant.has(ranked[r])) {
      hits++;
      sum += hits / (r + 1);
    }
  }
  const denom = Math.min(relevant.size, k);
  return denom ? sum / denom : 0;
}
