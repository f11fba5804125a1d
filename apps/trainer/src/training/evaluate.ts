import { createRng, type InteractionMatrix, ndcgAtK, type Recommender, recallAtK } from '@tessera/models';

export interface HoldoutScores {
  ndcg10: number;
  recall10: number;
  /** Users scored (a seeded sample of the holdout's users when there are more than `maxUsers`). */
  users: number;
}

export interface EvaluateOptions {
  k?: number;
  /** Cap on scored users; a seeded sample keeps the cost bounded on big tenants. Default 2,000. */
  maxUsers?: number;
  seed?: number;
}

/**
 * Scores any model on a holdout exactly as the API serves it: the user's train history, mapped by item
 * id into the model's own item space, is folded in (`recommend({items, values}, k, exclude)`), history
 * items are excluded, and the full catalog is ranked (no sampled negatives). Because it goes by ids,
 * the candidate and the currently active version (trained on other data, other index spaces) are
 * scored on the same users, histories and held-out items. NDCG@K and Recall@K use binary relevance;
 * a held-out item the model never saw still counts in |relevant| (it cannot be hit).
 */
export function evaluateOnHoldout(
  model: Recommender,
  train: InteractionMatrix,
  holdout: InteractionMatrix,
  options: EvaluateOptions = {},
): HoldoutScores {
  const k = options.k ?? 10;
  const users = sampleUsers(holdout, options.maxUsers ?? 2_000, options.seed ?? 1);
  const modelItem = new Map<string, number>(model.itemIds.map((id, index) => [id, index]));
  const toModel = (i: number) => modelItem.get(train.itemIds[i]!) ?? -1;
  const history = train.byUser;
  const held = holdout.byUser;
  let ndcg = 0;
  let recall = 0;
  for (const u of users) {
    const items: number[] = [];
    const values: number[] = [];
    for (let e = history.indptr[u]!; e < history.indptr[u + 1]!; e++) {
      const m = toModel(history.indices[e]!);
      if (m >= 0) {
        items.push(m);
        values.push(history.values[e]!);
      }
    }
    const relevant = new Set<number>();
    for (let e = held.indptr[u]!; e < held.indptr[u + 1]!; e++) {
      const m = toModel(held.indices[e]!);
      relevant.add(m >= 0 ? m : -1 - e);
    }
    if (items.length === 0) continue; // nothing to fold in: counts as a miss below
    const ranked = model.recommend({ items, values }, k, items).items;
    ndcg += ndcgAtK(ranked, relevant, k);
    recall += recallAtK(ranked, relevant, k);
  }
  const n = users.length;
  return { ndcg10: n ? ndcg / n : 0, recall10: n ? recall / n : 0, users: n };
}

/** Users with held-out entries; all of them, or a seeded sample of `max`. */
function sampleUsers(holdout: InteractionMatrix, max: number, seed: number): number[] {
  const csr = holdout.byUser;
  const users: number[] = [];
  for (let u = 0; u < holdout.nUsers; u++) if (csr.indptr[u + 1]! > csr.indptr[u]!) users.push(u);
  if (users.length <= max) return users;
  return createRng(seed)
    .shuffle(users)
    .slice(0, max)
    .sort((a, b) => a - b);
}
