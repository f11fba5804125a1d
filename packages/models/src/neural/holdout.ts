import type { InteractionMatrix } from '../data/interactions.js';
import type { Rng } from '../rng.js';

/**
 * Splits each user's training entries at random into `base` (to fit the signal models on) and `labels` (the
 * held-out items the ranker learns to put on top), ⌊fraction·n_u⌋ of them, keeping at least one entry in
 * `base`. This mimics the evaluation protocol one level down: the ranker sees candidates from models that
 * never saw the labels, as at serving time the models never saw the items the user will pick next.
 */
export function holdoutSplit(
  train: InteractionMatrix,
  fraction: number,
  rng: Rng,
): { base: InteractionMatrix; labels: InteractionMatrix } {
  const rows = train.byUser;
  const byUser: number[][] = Array.from({ length: train.nUsers }, () => []);
  for (let e = 0; e < train.nnz; e++) byUser[train.users[e]].push(e);
  const base: number[] = [];
  const labels: number[] = [];
  for (let u = 0; u < train.nUsers; u++) {
    const entries = rng.shuffle(byUser[u]);
    const n = rows.indptr[u + 1] - rows.indptr[u];
    const held = Math.min(Math.floor(fraction * n), n - 1);
    for (let k = 0; k < entries.length; k++) (k < held ? labels : base).push(entries[k]);
  }
  return { base: train.select(base), labels: train.select(labels) };
}
