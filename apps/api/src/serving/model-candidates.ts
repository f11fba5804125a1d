import type { UserRef } from '@tessera/models';
import type { Because } from '@tessera/pipelines';
import { type CatalogItem, catalogItemsOf } from './catalog.js';
import { type ModelAids, modelAids } from './model-aids.js';
import type { ActiveModel } from './model-cache.js';
import type { AddCandidate } from './rank.js';
import { topKIndices } from './top-k.js';
import type { UserState } from './user-state.js';

/** How many of the most recent liked items compete to explain each personal candidate. */
const EXPLAINERS = 3;

/**
 * Personal candidates: the model's top `pool` for the user's current history, each explained by the
 * recent item that alone would score it highest. A user with an interaction newer than the model is
 * folded in (so a click a moment ago already counts, no retrain needed); one the model has seen
 * whole is scored from the trained state, which skips the fold-in solve (most users, most of the
 * time, between two trainings).
 */
export function addModelCandidates(
  active: ActiveModel,
  state: UserState,
  catalog: ReadonlyMap<string, CatalogItem>,
  pool: number,
  add: AddCandidate,
): void {
  const items: number[] = [];
  const values: number[] = [];
  for (const h of state.history) {
    const index = active.itemIndex.get(h.itemId);
    if (index !== undefined && h.strength > 0) {
      items.push(index);
      values.push(h.strength);
    }
  }
  if (items.length === 0) return;
  // model.recommend(history, pool, items), on a reused buffer and a cheaper top-k.
  const aids = modelAids(active.model);
  const trained = trainedUser(active, state);
  const user = trained ?? { items, values };
  const top =
    (trained !== undefined ? active.trainedTop?.top(trained, pool, items) : null) ??
    (aids.dotProduct
      ? aids.dotProduct.top(aids.dotProduct.vectorOf(user), pool, items)
      : exhaustiveTop(active, user, aids.scores, items, pool));
  if (top.items.length === 0) return;
  const max = top.scores[0]!;
  const min = top.scores[top.items.length - 1]!;
  const span = max - min || 1;
  // Explained lazily: only the handful of candidates that are served ask which recent item explains
  // them best, instead of every candidate of the pool (3 × 50 scores per list, ~7% of a request).
  const because = explainer(active, items.slice(0, EXPLAINERS), catalog, aids.singleItemScores);
  const entries = catalogItemsOf(catalog, active.model.itemIds);
  for (let k = 0; k < top.items.length; k++) {
    const index = top.items[k]!;
    add(
      active.model.itemIds[index]!,
      'model',
      { personal: (top.scores[k]! - min) / span, because },
      entries.items[index],
      entries.createdMs[index],
    );
  }
}

/**
 * The title of the recent item that alone would score a candidate highest (the first of them on a
 * tie), looked up when the candidate is explained.
 */
function explainer(
  active: ActiveModel,
  explainers: number[],
  catalog: ReadonlyMap<string, CatalogItem>,
  singleItemScores: ModelAids['singleItemScores'],
): Because {
  return (itemId) => {
    const index = active.itemIndex.get(itemId);
    if (index === undefined) return undefined;
    const target = [index];
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < explainers.length; e++) {
      const h = explainers[e]!;
      const score = (
        singleItemScores ? singleItemScores(h, target) : active.model.scoreItems({ items: [h] }, target)
      )[0]!;
      if (e === 0 || score > bestScore) {
        best = e;
        bestScore = score;
      }
    }
    const id = active.model.itemIds[explainers[best]!];
    return id ? catalog.get(id)?.title : undefined;
  };
}

function exhaustiveTop(
  active: ActiveModel,
  user: UserRef,
  buffer: Float32Array,
  own: number[],
  pool: number,
) {
  const scores = active.model.scoreAll(user, buffer);
  for (const i of own) scores[i] = Number.NEGATIVE_INFINITY;
  return topKIndices(scores, pool);
}

/** The user's index in the model when the model was trained on all of their current history. */
export function trainedUser(active: ActiveModel, state: UserState): number | undefined {
  const newest = state.newestInteractionAt;
  if (active.dataTo === null || newest === null || newest > active.dataTo) return undefined;
  return active.userIndex.get(state.user.id);
}

/** Items like the one being viewed (the request's context), explained by it. */
export function addSimilarCandidates(
  active: ActiveModel,
  itemId: string,
  catalog: ReadonlyMap<string, CatalogItem>,
  pool: number,
  add: AddCandidate,
): void {
  const index = active.itemIndex.get(itemId);
  if (index === undefined) return;
  const top = active.model.recommend({ items: [index] }, pool, [index]);
  const title = catalog.get(itemId)?.title;
  const max = top.scores[0] ?? 1;
  for (let k = 0; k < top.items.length; k++) {
    add(active.model.itemIds[top.items[k]!]!, 'similar', {
      personal: max > 0 ? top.scores[k]! / max : 0,
      because: title,
    });
  }
}
