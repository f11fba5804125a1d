import type { InteractionMatrix } from '@tessera/models';

export interface HoldoutOptions {
  /** The latest N interactions of each eligible user are held out. Default 1. */
  perUser: number;
  /** Users with fewer interactions than this stay wholly in train. Default 3. */
  minUserInteractions: number;
}

export interface HoldoutSplit {
  train: InteractionMatrix;
  holdout: InteractionMatrix;
}

/**
 * Per-user time-based holdout (leave-last-N-out by `last_ts`): for every user with at least
 * `minUserInteractions` entries, the N most recent go to the holdout, the rest to train. Chosen over
 * one global time cut because a global cut evaluates only the users active after it (few, and biased
 * toward heavy users on a young tenant), while last-N scores every returning user on exactly what
 * serving must do: predict their next items from everything before. Ties in time break by entry order.
 */
export function timeHoldout(data: InteractionMatrix, options: HoldoutOptions): HoldoutSplit {
  const rows = userEntries(data);
  const trainEntries: number[] = [];
  const holdoutEntries: number[] = [];
  for (let u = 0; u < data.nUsers; u++) {
    const start = rows.indptr[u]!;
    const end = rows.indptr[u + 1]!;
    const n = end - start;
    const entries = Array.from(rows.order.subarray(start, end));
    if (n < options.minUserInteractions || n <= options.perUser) {
      for (const e of entries) trainEntries.push(e);
      continue;
    }
    entries.sort((a, b) => data.timestamps[a]! - data.timestamps[b]! || a - b);
    const cut = n - options.perUser;
    for (let k = 0; k < n; k++) (k < cut ? trainEntries : holdoutEntries).push(entries[k]!);
  }
  return { train: data.select(trainEntries), holdout: data.select(holdoutEntries) };
}

/** Entry numbers grouped by user (a counting sort), without building the value CSR. */
function userEntries(data: InteractionMatrix): { indptr: Int32Array; order: Int32Array } {
  const indptr = new Int32Array(data.nUsers + 1);
  for (let e = 0; e < data.nnz; e++) indptr[data.users[e]! + 1]!++;
  for (let u = 0; u < data.nUsers; u++) indptr[u + 1]! += indptr[u]!;
  const fill = indptr.slice(0, data.nUsers);
  const order = new Int32Array(data.nnz);
  for (let e = 0; e < data.nnz; e++) order[fill[data.users[e]!]!++] = e;
  return { indptr, order };
}
