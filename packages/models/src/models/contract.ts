import type { InteractionMatrix } from '../data/interactions.js';

/** A user's interactions given directly (item indices and strengths), e.g. for a user unseen at training. */
export interface UserHistory {
  items: ArrayLike<number>;
  /** Strengths (ratings or confidences); default 1 each. */
  values?: ArrayLike<number>;
}

/** A trained user's index, or their current history (scored by fold-in, no retrain). */
export type UserRef = number | UserHistory;

/** The best `k` items, best first. */
export interface TopK {
  items: Int32Array;
  scores: Float32Array;
}

export interface FitConfig {
  /** Called with short progress lines (epoch, loss); keep it cheap. */
  onProgress?: (message: string) => void;
}

export interface FitReport {
  algorithm: string;
  trainSeconds: number;
  /** On `valid`, when given: RMSE for rating models (lower is better), NDCG@10 for ranking models. */
  validation?: { metric: 'rmse' | 'ndcg@10'; value: number };
}

/**
 * The model contract (after Gorse): fit on a train matrix, score, save to bytes; `loadModel` restores.
 * Item and user arguments are indices into the `itemIds`/`userIds` of the training matrix.
 */
export interface Recommender {
  readonly algorithm: string;
  /** Whether scores are predicted ratings (`rating`) or only rank items (`ranking`). */
  readonly task: 'rating' | 'ranking';
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  fit(train: InteractionMatrix, valid?: InteractionMatrix, config?: FitConfig): Promise<FitReport>;
  /** Score of every item for the user (length `itemIds.length`); higher is better. */
  scoreAll(user: UserRef, out?: Float32Array): Float32Array;
  /** Scores of the given items, in order. */
  scoreItems(user: UserRef, items: ArrayLike<number>): Float32Array;
  /** Top `k` items not in `exclude` (item indices, e.g. what the user already saw). */
  recommend(user: UserRef, k: number, exclude?: ArrayLike<number>): TopK;
  /** Versioned, checksummed bytes; `loadModel` turns them back into an identical model. */
  save(): Uint8Array;
}

/** Factorization models can turn a history into a user vector in milliseconds (fold-in). */
export interface FoldIn {
  foldIn(history: UserHistory): Float32Array;
}
