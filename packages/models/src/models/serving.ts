import { ModelError } from '../errors.js';
import type { Recommender } from './contract.js';

export interface ScoredItem {
  itemId: string;
  score: number;
}

/** External-id lookups for a model's index spaces, built once per model and cached. */
const lookups = new WeakMap<Recommender, { users: Map<string, number>; items: Map<string, number> }>();

function lookupOf(model: Recommender) {
  let l = lookups.get(model);
  if (!l) {
    l = {
      users: new Map(model.userIds.map((id, k) => [id, k])),
      items: new Map(model.itemIds.map((id, k) => [id, k])),
    };
    lookups.set(model, l);
  }
  return l;
}

/** Item indices of the given external item ids; unknown ids are skipped. */
export function itemIndices(model: Recommender, itemIds: readonly string[]): Int32Array {
  const { items } = lookupOf(model);
  return Int32Array.from(itemIds.map((id) => items.get(id) ?? -1).filter((k) => k >= 0));
}

/**
 * Top-k items for a tenant user by external ids. A user known to the model is scored from the trained state;
 * pass `history` (item ids, optional strengths) to fold in recent interactions or to serve a user the model has
 * never seen. Items in `excludeItemIds` (and in the history) are never returned.
 */
export function recommendByIds(
  model: Recommender,
  userId: string,
  k: number,
  options: {
    history?: { itemIds: readonly string[]; values?: readonly number[] };
    excludeItemIds?: readonly string[];
  } = {},
): ScoredItem[] {
  const { users, items } = lookupOf(model);
  const exclude = itemIndices(model, options.excludeItemIds ?? []);
  let user: number | { items: Int32Array; values?: Float32Array };
  if (options.history) {
    const idx: number[] = [];
    const vals: number[] = [];
    options.history.itemIds.forEach((id, j) => {
      const i = items.get(id);
      if (i === undefined) return;
      idx.push(i);
      vals.push(options.history?.values?.[j] ?? 1);
    });
    user = { items: Int32Array.from(idx), values: Float32Array.from(vals) };
  } else {
    const u = users.get(userId);
    if (u === undefined) {
      throw new ModelError(
        'UNKNOWN_USER',
        `user "${userId}" is not in the model`,
        'pass their history to fold them in',
      );
    }
    user = u;
  }
  const allExcluded = typeof user === 'number' ? exclude : Int32Array.from([...exclude, ...user.items]);
  const top = model.recommend(user, k, allExcluded);
  return Array.from(top.items, (i, r) => ({ itemId: model.itemIds[i], score: top.scores[r] }));
}
