import type { InteractionMatrix } from '../data/interactions.js';
import type { Recommender } from '../models/contract.js';
import { topK } from '../models/topk.js';
import { averagePrecisionAtK, hitAtK, mrrAtK, ndcgAtK, precisionAtK, recallAtK } from './ranking-metrics.js';
import { mae, rmse } from './rating-metrics.js';

export interface RatingScores {
  rmse: number;
  mae: number;
}

/** Predicts every test rating (grouped by user, one scoring call each) and compares. */
export function evaluateRatings(model: Recommender, test: InteractionMatrix): RatingScores {
  const csr = test.byUser;
  const predicted = new Float32Array(test.nnz);
  for (let u = 0; u < test.nUsers; u++) {
    const start = csr.indptr[u];
    const end = csr.indptr[u + 1];
    if (start === end) continue;
    predicted.set(model.scoreItems(u, csr.indices.subarray(start, end)), start);
  }
  return { rmse: rmse(predicted, csr.values), mae: mae(predicted, csr.values) };
}

export interface TopNScores {
  ndcg10: number;
  recall10: number;
  mrr10: number;
  hit10: number;
  precision10: number;
  map10: number;
  users: number;
  /** Top-K lists per evaluated user, for coverage and novelty. */
  lists: Int32Array[];
}

/**
 * Full-ranking evaluation: for each user with test items, rank every item except those the user has in any
 * of `seen` (train, and valid when testing), take the top K, and average the per-user metrics.
 */
export function evaluateTopN(
  model: Recommender,
  test: InteractionMatrix,
  seen: readonly InteractionMatrix[],
  k = 10,
): TopNScores {
  const csr = test.byUser;
  const sums = { ndcg10: 0, recall10: 0, mrr10: 0, hit10: 0, precision10: 0, map10: 0 };
  const lists: Int32Array[] = [];
  const scores = new Float32Array(test.nItems);
  let users = 0;
  for (let u = 0; u < test.nUsers; u++) {
    const start = csr.indptr[u];
    const end = csr.indptr[u + 1];
    if (start === end) continue;
    model.scoreAll(u, scores);
    for (const m of seen) {
      const s = m.byUser;
      for (let j = s.indptr[u]; j < s.indptr[u + 1]; j++) scores[s.indices[j]] = Number.NEGATIVE_INFINITY;
    }
    const ranked = topK(scores, k).items;
    const relevant = new Set(csr.indices.subarray(start, end));
    sums.ndcg10 += ndcgAtK(ranked, relevant, k);
    sums.recall10 += recallAtK(ranked, relevant, k);
    sums.mrr10 += mrrAtK(ranked, relevant, k);
    sums.hit10 += hitAtK(ranked, relevant, k);
    sums.precision10 += precisionAtK(ranked, relevant, k);
    sums.map10 += averagePrecisionAtK(ranked, relevant, k);
    lists.push(ranked);
    users++;
  }
  const mean = (s: number) => (users ? s / users : 0);
  return {
    ndcg10: mean(sums.ndcg10),
    recall10: mean(sums.recall10),
    mrr10: mean(sums.mrr10),
    hit10: mean(sums.hit10),
    precision10: mean(sums.precision10),
    map10: mean(sums.map10),
    users,
    lists,
  };
}
