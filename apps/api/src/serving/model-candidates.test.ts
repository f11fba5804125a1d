import { buildInteractions, createModel, createRng } from '@tessera/models';
import type { Because } from '@tessera/pipelines';
import { describe, expect, it } from 'vitest';
import type { CatalogItem } from './catalog.js';
import { type ActiveModel, activate } from './model-cache.js';
import { addModelCandidates, trainedUser } from './model-candidates.js';
import type { UserState } from './user-state.js';

async function trainedModel(dataTo: number | null): Promise<ActiveModel> {
  const rng = createRng(3);
  const userIds: string[] = [];
  const itemIds: string[] = [];
  for (let k = 0; k < 4000; k++) {
    const u = rng.int(300);
    userIds.push(`u${u}`);
    itemIds.push(`i${(u % 6) * 20 + rng.int(20)}`);
  }
  const trained = createModel('als', { factors: 16, iterations: 3, seed: 1 } as never);
  await trained.fit(buildInteractions({ userIds, itemIds }));
  return activate({ id: 'm', algorithm: 'als', version: 1, data_to: dataTo }, trained.save());
}

function stateOf(userId: string, history: string[], newestInteractionAt: number | null): UserState {
  return {
    user: { id: userId, conditions: null, riskTolerance: null, level: null, completedItems: null },
    segment: null,
    history: history.map((itemId) => ({ itemId, strength: 1 })),
    newestInteractionAt,
    social: new Map(),
  };
}

function modelCandidates(active: ActiveModel, state: UserState): string[] {
  const out: string[] = [];
  addModelCandidates(active, state, new Map<string, CatalogItem>(), 20, (itemId) => out.push(itemId));
  return out;
}

/** The expected top 20 of the given scores, the user's own items excluded. */
function topOf(active: ActiveModel, scores: Float32Array, own: string[]): string[] {
  const skip = new Set(own.map((id) => active.itemIndex.get(id)!));
  return [...scores.keys()]
    .filter((i) => !skip.has(i))
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, 20)
    .map((i) => active.model.itemIds[i]!);
}

describe('addModelCandidates', () => {
  const T = Date.parse('2026-11-01T00:00:00Z');

  it('scores a user the model has seen whole from the trained state, and folds in one with newer interactions', async () => {
    const active = await trainedModel(T);
    const history = ['i0', 'i3', 'i7', 'i11'];
    const u = active.userIndex.get('u0')!;
    const fromTrained = topOf(active, active.model.scoreAll(u), history);
    const fromFoldIn = topOf(
      active,
      active.model.scoreAll({ items: history.map((id) => active.itemIndex.get(id)!) }),
      history,
    );
    // The two paths must disagree somewhere, or this test could not tell them apart.
    expect(fromTrained).not.toEqual(fromFoldIn);

    expect(trainedUser(active, stateOf('u0', history, T - 60_000))).toBe(u);
    expect(modelCandidates(active, stateOf('u0', history, T - 60_000))).toEqual(fromTrained);
    expect(trainedUser(active, stateOf('u0', history, T + 1))).toBeUndefined();
    expect(modelCandidates(active, stateOf('u0', history, T + 1))).toEqual(fromFoldIn);
  });

  it('folds in users the model never saw, and everyone when the model does not say what it was trained on', async () => {
    const dated = await trainedModel(T);
    expect(trainedUser(dated, stateOf('stranger', ['i0'], T - 60_000))).toBeUndefined();
    const undated = await trainedModel(null);
    expect(trainedUser(undated, stateOf('u0', ['i0'], T - 60_000))).toBeUndefined();
    expect(modelCandidates(undated, stateOf('stranger', ['i0'], null))).toHaveLength(20);
  });

  it('explains each candidate by the recent item that alone scores it highest, found only when asked', async () => {
    const active = await trainedModel(T);
    const history = ['i0', 'i21', 'i47', 'i65'];
    const catalog = new Map<string, CatalogItem>(
      active.model.itemIds.map((id) => [id, { id, title: `Title of ${id}` } as CatalogItem]),
    );
    const explained: { itemId: string; because: Because }[] = [];
    addModelCandidates(active, stateOf('u1', history, T + 1), catalog, 20, (itemId, _source, patch) =>
      explained.push({ itemId, because: patch!.because as Because }),
    );
    expect(explained).toHaveLength(20);
    const explainers = history.slice(0, 3).map((id) => active.itemIndex.get(id)!);
    const winners = new Set<string>();
    for (const { itemId, because } of explained) {
      expect(typeof because).toBe('function');
      const target = [active.itemIndex.get(itemId)!];
      const exact = explainers.map((h) => active.model.scoreItems({ items: [h] }, target)[0]!);
      const best = exact.indexOf(Math.max(...exact));
      const title = `Title of ${active.model.itemIds[explainers[best]!]}`;
      expect(because(itemId)).toBe(title);
      winners.add(title);
    }
    // More than one recent item wins somewhere, or the test could not tell a wrong pick from a right one.
    expect(winners.size).toBeGreaterThan(1);
  });
});
