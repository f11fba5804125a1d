import type { InteractionMatrix } from '../data/interactions.js';
import type { RankerSignals } from './signals.js';

/**
 * Fixed-size candidate lists, one per user, as the ranker trains and validates on them: `slots` rows per
 * list (empty slots have `valid` 0), `dim` features per row, label 1 where the candidate is a target item.
 */
export interface CandidateLists {
  count: number;
  slots: number;
  dim: number;
  /** count·slots·dim features, row-major. */
  x: Float32Array;
  /** count·slots labels. */
  labels: Float32Array;
  /** count·slots: 1 for a filled slot. */
  valid: Float32Array;
  /** Each list's number of target items, among the candidates or not (the ideal DCG counts all of them). */
  targets: Int32Array;
}

/** Writes the side-feature columns of one row (user −1 for a history without an index). */
export type SideWriter = (user: number, item: number, out: Float32Array, at: number) => void;

/**
 * Candidate lists for every user with target items: candidates and features from `signals`, labels from
 * `targets`. With `requireHit`, users none of whose targets made the candidate list are left out (a list
 * with no positive carries no gradient under a softmax loss).
 */
export function buildLists(
  signals: RankerSignals,
  targets: InteractionMatrix,
  slots: number,
  dim: number,
  writeSide: SideWriter,
  requireHit: boolean,
): CandidateLists {
  const rows = targets.byUser;
  const users: number[] = [];
  for (let u = 0; u < targets.nUsers; u++) if (rows.indptr[u + 1] > rows.indptr[u]) users.push(u);
  const x = new Float32Array(users.length * slots * dim);
  const labels = new Float32Array(users.length * slots);
  const valid = new Float32Array(users.length * slots);
  const counts = new Int32Array(users.length);
  let count = 0;
  for (const u of users) {
    const list = count * slots;
    const { items } = signals.candidates(u, slots, x, list * dim, dim);
    const wanted = new Set(rows.indices.subarray(rows.indptr[u], rows.indptr[u + 1]));
    let hits = 0;
    for (let r = 0; r < items.length; r++) {
      writeSide(u, items[r], x, (list + r) * dim);
      valid[list + r] = 1;
      if (wanted.has(items[r])) {
        labels[list + r] = 1;
        hits++;
      }
    }
    if (requireHit && hits === 0) {
      x.fill(0, list * dim, (list + slots) * dim);
      valid.fill(0, list, list + slots);
      continue;
    }
    counts[count++] = wanted.size;
  }
  return {
    count,
    slots,
    dim,
    x: x.subarray(0, count * slots * dim),
    labels: labels.subarray(0, count * slots),
    valid: valid.subarray(0, count * slots),
    targets: counts.subarray(0, count),
  };
}

/** The lists at the given positions, in that order. */
export function pickLists(lists: CandidateLists, which: ArrayLike<number>): CandidateLists {
  const { slots, dim } = lists;
  const n = which.length;
  const out: CandidateLists = {
    count: n,
    slots,
    dim,
    x: new Float32Array(n * slots * dim),
    labels: new Float32Array(n * slots),
    valid: new Float32Array(n * slots),
    targets: new Int32Array(n),
  };
  for (let k = 0; k < n; k++) {
    const l = which[k];
    out.x.set(lists.x.subarray(l * slots * dim, (l + 1) * slots * dim), k * slots * dim);
    out.labels.set(lists.labels.subarray(l * slots, (l + 1) * slots), k * slots);
    out.valid.set(lists.valid.subarray(l * slots, (l + 1) * slots), k * slots);
    out.targets[k] = lists.targets[l];
  }
  return out;
}

/** The lists of several sets, one after another (same slots and dim). */
export function concatLists(parts: readonly CandidateLists[]): CandidateLists {
  if (parts.length === 1) return parts[0];
  const join = <T extends Float32Array | Int32Array>(
    pick: (l: CandidateLists) => T,
    make: new (n: number) => T,
  ) => {
    const out = new make(parts.reduce((n, l) => n + pick(l).length, 0));
    let at = 0;
    for (const l of parts) {
      out.set(pick(l), at);
      at += pick(l).length;
    }
    return out;
  };
  return {
    count: parts.reduce((n, l) => n + l.count, 0),
    slots: parts[0].slots,
    dim: parts[0].dim,
    x: join((l) => l.x, Float32Array),
    labels: join((l) => l.labels, Float32Array),
    valid: join((l) => l.valid, Float32Array),
    targets: join((l) => l.targets, Int32Array),
  };
}

/** Per-column mean and 1/std over the filled rows (1 where a column is constant), for z-scoring. */
export function columnStats(lists: CandidateLists): { mean: Float32Array; scale: Float32Array } {
  const { dim, x, valid } = lists;
  const sum = new Float64Array(dim);
  const sq = new Float64Array(dim);
  let n = 0;
  for (let r = 0; r < valid.length; r++) {
    if (!valid[r]) continue;
    n++;
    for (let c = 0; c < dim; c++) {
      const v = x[r * dim + c];
      sum[c] += v;
      sq[c] += v * v;
    }
  }
  const mean = Float32Array.from(sum, (s) => s / Math.max(n, 1));
  const scale = Float32Array.from(sq, (s, c) => {
    const variance = s / Math.max(n, 1) - mean[c] ** 2;
    return variance > 1e-12 ? 1 / Math.sqrt(variance) : 1;
  });
  return { mean, scale };
}

/** x ← (x − mean)·scale on `rows` rows of `dim` columns. */
export function standardize(x: Float32Array, rows: number, mean: Float32Array, scale: Float32Array): void {
  const dim = mean.length;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < dim; c++) x[r * dim + c] = (x[r * dim + c] - mean[c]) * scale[c];
  }
}

/** Mean NDCG@k of the lists ranked by `scores` (one per slot); empty slots never rank. */
export function listNdcg(lists: CandidateLists, scores: Float32Array, k = 10): number {
  const { slots, labels, valid, targets } = lists;
  let total = 0;
  const order = Array.from({ length: slots }, (_, r) => r);
  for (let l = 0; l < lists.count; l++) {
    const base = l * slots;
    order.sort((a, b) => (valid[base + b] - valid[base + a]) * 1e30 || scores[base + b] - scores[base + a]);
    let dcg = 0;
    for (let r = 0; r < Math.min(k, slots); r++) {
      if (valid[base + order[r]] && labels[base + order[r]]) dcg += 1 / Math.log2(r + 2);
    }
    let ideal = 0;
    for (let r = 0; r < Math.min(k, targets[l]); r++) ideal += 1 / Math.log2(r + 2);
    total += ideal > 0 ? dcg / ideal : 0;
  }
  return lists.count ? total / lists.count : 0;
}
