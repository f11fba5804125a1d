import { InteractionBuilder } from '../data/builder.js';
import type { InteractionMatrix } from '../data/interactions.js';
import { createRng } from '../rng.js';

export interface TopNSplit {
  /** The filtered dataset, re-indexed: only surviving users and items exist, values are 1. */
  data: InteractionMatrix;
  train: InteractionMatrix;
  valid: InteractionMatrix;
  test: InteractionMatrix;
}

export interface RecBoleOptions {
  /** Keep ratings ≥ this (RecBole `val_interval: rating: "[3,inf)"`). Default 3. */
  minRating?: number;
  /** Users and items need at least this many interactions (`*_inter_num_interval: "[10,inf)"`). Default 10. */
  core?: number;
  /** Per-user split ratios (`split: {RS: [0.8, 0.1, 0.1]}`). */
  ratios?: [number, number, number];
  seed?: number;
}

/**
 * RecBole's top-N protocol: filter ratings, apply the k-core filter to users and items until it holds,
 * then split each user's interactions in random order 80/10/10 with RecBole's rounding
 * (valid and test get ⌊ratio·n⌋, at least 1 while train keeps more than 1; train the rest).
 */
export function recBoleSplit(data: InteractionMatrix, options: RecBoleOptions = {}): TopNSplit {
  const { minRating = 3, core = 10, ratios = [0.8, 0.1, 0.1], seed = 2020 } = options;
  const keep = new Uint8Array(data.nnz);
  for (let e = 0; e < data.nnz; e++) keep[e] = data.values[e] >= minRating ? 1 : 0;
  kCore(data, keep, core);

  const builder = new InteractionBuilder();
  for (let e = 0; e < data.nnz; e++) {
    if (keep[e]) builder.add(data.userIds[data.users[e]], data.itemIds[data.items[e]], 1, data.timestamps[e]);
  }
  const filtered = builder.build({ duplicates: 'max' });

  const rng = createRng(seed);
  const parts: number[][] = [[], [], []];
  const csr = filtered.byUser;
  // Entry index of each (user, position) in the CSR: rebuild from COO order.
  const entriesByUser: number[][] = Array.from({ length: filtered.nUsers }, () => []);
  for (let e = 0; e < filtered.nnz; e++) entriesByUser[filtered.users[e]].push(e);
  for (let u = 0; u < filtered.nUsers; u++) {
    const entries = rng.shuffle(entriesByUser[u]);
    const counts = splitCounts(csr.indptr[u + 1] - csr.indptr[u], ratios);
    let at = 0;
    for (let p = 0; p < 3; p++) {
      for (let j = 0; j < counts[p]; j++) parts[p].push(entries[at++]);
    }
  }
  return {
    data: filtered,
    train: filtered.select(parts[0]),
    valid: filtered.select(parts[1]),
    test: filtered.select(parts[2]),
  };
}

/** RecBole `_calcu_split_ids`: cnt[i] = ⌊ratio_i·n⌋ for i ≥ 1, cnt[0] = n − rest, then bump tiny parts to 1. */
export function splitCounts(n: number, ratios: readonly number[]): number[] {
  const cnt = ratios.map((r) => Math.floor(r * n));
  cnt[0] = n - cnt.slice(1).reduce((a, b) => a + b, 0);
  for (let i = 1; i < ratios.length; i++) {
    if (cnt[0] <= 1) break;
    const last = ratios.length - i;
    const share = ratios[last] * n;
    if (share > 0 && share < 1) {
      cnt[last]++;
      cnt[0]--;
    }
  }
  return cnt;
}

/** Drops entries of users or items with fewer than `core` kept entries, repeating until stable. */
function kCore(data: InteractionMatrix, keep: Uint8Array, core: number): void {
  for (;;) {
    const userCount = new Int32Array(data.nUsers);
    const itemCount = new Int32Array(data.nItems);
    for (let e = 0; e < data.nnz; e++) {
      if (!keep[e]) continue;
      userCount[data.users[e]]++;
      itemCount[data.items[e]]++;
    }
    let removed = 0;
    for (let e = 0; e < data.nnz; e++) {
      if (keep[e] && (userCount[data.users[e]] < core || itemCount[data.items[e]] < core)) {
        keep[e] = 0;
        removed++;
      }
    }
    if (removed === 0) return;
  }
}
