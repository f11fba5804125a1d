import type { Recommender, UserHistory } from '@tessera/models';

/** What a loaded model offers serving beyond the `Recommender` contract, found once per model. */
export interface ModelAids {
  /** A score buffer reused by every request (scoring is synchronous, so never shared mid-use). */
  scores: Float32Array;
  /**
   * score(single-item history h, item k) as a dot product of a cached vector and k's factors, when
   * that identity was checked on this model; null otherwise (use `scoreItems`).
   */
  singleItemScores: ((h: number, items: ArrayLike<number>) => Float32Array) | null;
}

interface FactorModel {
  foldIn(history: UserHistory): Float32Array;
  itemVector(i: number): Float32Array;
}

const aids = new WeakMap<Recommender, ModelAids>();
/** Single-item fold-ins kept per model; 10k items × 32 factors is 1.3 MB. */
const MAX_CACHED_VECTORS = 50_000;

export function modelAids(model: Recommender): ModelAids {
  let found = aids.get(model);
  if (!found) {
    found = { scores: new Float32Array(model.itemIds.length), singleItemScores: factorShortcut(model) };
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
  const scores = (h: number, items: ArrayLike<number>) => {
    const v = vectorOf(h);
    const out = new Float32Array(items.length);
    for (let j = 0; j < items.length; j++) {
      const y = factor.itemVector(items[j]!);
      let s = 0;
      for (let a = 0; a < v.length; a++) s += v[a]! * y[a]!;
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
