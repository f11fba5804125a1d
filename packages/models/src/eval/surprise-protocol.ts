import type { InteractionMatrix } from '../data/interactions.js';
import { createRng } from '../rng.js';

export interface Fold {
  train: InteractionMatrix;
  test: InteractionMatrix;
}

/**
 * Surprise's `KFold(n_splits, shuffle=True)`: shuffle all ratings once, cut them into `k` contiguous folds
 * (the first `n mod k` folds get one extra rating), and use each fold once as the test set.
 */
export function kFoldSplits(data: InteractionMatrix, k = 5, seed = 42): Fold[] {
  const n = data.nnz;
  const order = createRng(seed).shuffle(Int32Array.from({ length: n }, (_, j) => j));
  const folds: Fold[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const stop = start + Math.floor(n / k) + (f < n % k ? 1 : 0);
    const test = order.subarray(start, stop);
    const train = new Int32Array(n - test.length);
    train.set(order.subarray(0, start), 0);
    train.set(order.subarray(stop), start);
    folds.push({ train: data.select(train), test: data.select(test) });
    start = stop;
  }
  return folds;
}
