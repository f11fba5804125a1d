import type { Recommender, UserHistory, UserRef } from '@tessera/models';
import { factorTop, type TopByVector } from './factor-top.js';

/** What a loaded model offers serving beyond the `Recommender` contract, found once per model. */
export interface ModelAids {
  /** A score buffer reused by every request (scoring is synchronous, so never shared mid-use). */
  scores: Float32Array;
  /**
   * score(single-item history h, item k) as a dot product of a cached vector and k's factors, when
   * that identity was checked on this model; null otherwise (use `scoreItems`).
   */
  singleItemScores: ((h: number, items: ArrayLike<number>) => Float32Array) | null;
  /**
   * For a model whose every score is user vector · item vector (checked on probes): the user's
   * vector (trained, or folded in) and an exact top-k by it that skips scanning the whole catalog.
   * Null otherwise (use `scoreAll` and `topKIndices`).
   */
  dotProduct: { vectorOf(user: UserRef): Float32Array; top: TopByVector } | null;
}

interface FactorModel {
  foldIn(history: UserHistory): Float32Array;
  itemVector(i: number): Float32Array;
  userVector?(u: number): Float32Array;
  factorMatrices?(): { user: Float32Array; item: Float32Array };
}

const aids = new WeakMap<Recommender, ModelAids>();
/** Single-item fold-ins kept per model; 10k items × 32 factors is 1.3 MB. */
const MAX_CACHED_VECTORS = 50_000;

export function modelAids(model: Recommender): ModelAids {
  let found = aids.get(model);
  if (!found) {
    const singleItemScores = factorShortcut(model);
    found = {
      scores: new Float32Array(model.itemIds.length),
      singleItemScores,
      dotProduct: singleItemScores ? dotProductScoring(model as FactorModel & Recommender) : null,
    };
    aids.set(model, found);
  }
  return found;
}

/**
 * Explaining a candidate compares, for each of the user's recent items h, the score the model gives
 * it for a user whose whole history is h. For a pure factor model (ALS) that score is
 * foldIn([h])·y_k: fold h in once, keep the vector, and each later explanation is a 32-term dot
 * product instead of a fresh solve. The identity is checked on a few pairs before it is trusted, so
 * a model with biases or another scoring rule keeps the exact `scoreItems` path.
 */
function factorShortcut(model: Recommender): ModelAids['singleItemScores'] {
  const candidate = model as Partial<FactorModel> & Recommender;
  if (typeof candidate.foldIn !== 'function' || typeof candidate.itemVector !== 'function') return null;
  const factor = candidate as FactorModel & Recommender;
  const n = model.itemIds.length;
  if (n < 2) return null;
  const cache = new Map<number, Float32Array>();
  const vectorOf = (h: number) => {
    let v = cache.get(h);
    if (!v) {
      if (cache.size >= MAX_CACHED_VECTORS) cache.clear();
      v = factor.foldIn({ items: [h] });
      cache.set(h, v);
    }
    return v;
  };
  // Rows read in place from the item matrix when the model lends it: a view per item (itemVector)
  // was ~5% of the ranking thread (150 explanation scores per list).
  const matrix = factor.factorMatrices?.().item;
  const width = matrix && matrix.length % n === 0 ? matrix.length / n : 0;
  const scores = (h: number, items: ArrayLike<number>) => {
    const v = vectorOf(h);
    const out = new Float32Array(items.length);
    for (let j = 0; j < items.length; j++) {
      let s = 0;
      if (matrix && width === v.length) {
        const base = items[j]! * width;
        for (let a = 0; a < v.length; a++) s += v[a]! * matrix[base + a]!;
      } else {
        const y = factor.itemVector(items[j]!);
        for (let a = 0; a < v.length; a++) s += v[a]! * y[a]!;
      }
      out[j] = s;
    }
    return out;
  };
  try {
    const probe = [0, Math.floor(n / 2), n - 1];
    for (const h of probe) {
      const exact = model.scoreItems({ items: [h] }, probe);
      const fast = scores(h, probe);
      for (let j = 0; j < probe.length; j++) {
        if (Math.abs(exact[j]! - fast[j]!) > 1e-4 * Math.max(1, Math.abs(exact[j]!))) return null;
      }
    }
  } catch {
    return null;
  }
  return scores;
}

/**
 * Scores that are vector·y_i for trained users too (the single-item identity is checked already),
 * with the item matrix at hand for the kernel. Checked on a probe user before it is trusted.
 */
function dotProductScoring(model: FactorModel & Recommender): ModelAids['dotProduct'] {
  if (typeof model.userVector !== 'function' || typeof model.factorMatrices !== 'function') return null;
  const n = model.itemIds.length;
  const item = model.factorMatrices().item;
  const factors = item.length / n;
  if (!Number.isInteger(factors) || model.userIds.length === 0) return null;
  const top = factorTop(item, factors, n);
  if (!top) return null;
  const vectorOf = (user: UserRef) =>
    typeof user === 'number' ? model.userVector!(user) : model.foldIn(user);
  try {
    const probe = [0, Math.floor(n / 2), n - 1];
    const u = model.userIds.length - 1;
    const exact = model.scoreItems(u, probe);
    const vector = vectorOf(u);
    for (let j = 0; j < probe.length; j++) {
      const y = model.itemVector(probe[j]!);
      let s = 0;
      for (let a = 0; a < vector.length; a++) s += vector[a]! * y[a]!;
      if (Math.abs(exact[j]! - s) > 1e-4 * Math.max(1, Math.abs(exact[j]!))) return null;
    }
  } catch {
    return null;
  }
  return { vectorOf, top };
}
