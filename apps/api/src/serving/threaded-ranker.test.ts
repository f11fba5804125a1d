import { buildInteractions, createModel, createRng } from '@tessera/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, CatalogItem } from './catalog.js';
import { type ActiveModel, activate } from './model-cache.js';
import { type RankInput, rankForUser } from './rank.js';
import { createThreadedRanker } from './threaded-ranker.js';
import type { UserState } from './user-state.js';

const T = Date.parse('2026-11-01T00:00:00Z');

function catalogOf(n: number, title = (i: number) => `Title ${i}`): Catalog {
  const byId = new Map<string, CatalogItem>();
  for (let i = 0; i < n; i++) {
    byId.set(`i${i}`, {
      tenantId: '00000000-0000-0000-0000-000000000000',
      id: `i${i}`,
      title: title(i),
      category: `c${i % 4}`,
      active: true,
      attributes: {},
      riskLevel: null,
      assetClass: null,
      contraindications: null,
      prerequisites: null,
      difficulty: null,
      genres: [`g${i % 3}`],
      price: null,
      createdAt: new Date(T - i * 3_600_000),
      updatedAt: new Date(T),
    });
  }
  return { byId, byCategory: new Map(), sentiment: new Map([['i3', 0.8]]) };
}

async function modelOf(seed: number, id: string): Promise<ActiveModel> {
  const rng = createRng(seed);
  const userIds: string[] = [];
  const itemIds: string[] = [];
  for (let k = 0; k < 3000; k++) {
    const u = rng.int(100);
    userIds.push(`u${u}`);
    itemIds.push(`i${(u % 4) + 4 * rng.int(20)}`);
  }
  const trained = createModel('als', { factors: 8, iterations: 3, seed } as never);
  await trained.fit(buildInteractions({ userIds, itemIds }));
  return activate({ id, algorithm: 'als', version: seed, data_to: T }, trained.save());
}

function stateOf(u: number): UserState {
  const history =
    u % 5 === 0
      ? []
      : [0, 1, 2].map((k) => ({ itemId: `i${(u % 4) + 4 * ((u + k * 7) % 20)}`, strength: 1 }));
  return {
    user: { id: `u${u}`, conditions: null, riskTolerance: null, level: null, completedItems: null },
    segment: u % 3 === 0 ? 'north' : null,
    history,
    newestInteractionAt: history.length ? (u % 2 ? T - 1 : T + 1) : null,
    social: new Map(u % 7 === 0 ? [['i9', 2]] : []),
  };
}

describe('createThreadedRanker', () => {
  const ranker = createThreadedRanker();
  let model: ActiveModel;
  let catalog: Catalog;
  const trending = { ids: ['i5', 'i6', 'i7', 'i8'], scores: [4, 3, 2, 1] };
  const popular = { ids: ['i1', 'i2', 'i3', 'i4', 'i10', 'i11'], scores: [6, 5, 4, 3, 2, 1] };
  const segment = { ids: ['i12', 'i13'], scores: [2, 1] };

  const inputFor = (u: number, overrides: Partial<RankInput> = {}): RankInput => {
    const state = stateOf(u);
    return {
      vertical: 'entertainment',
      settings: {},
      count: 10,
      catalog,
      model,
      state,
      trending,
      popular,
      segment: state.segment ? segment : null,
      now: T,
      ...(u % 4 === 1 ? { categories: ['c1', 'c2'] } : {}),
      ...(u % 4 === 2 ? { excludeItemIds: ['i2', 'i6', 'i14'], contextItemId: 'i18' } : {}),
      ...(u % 6 === 0 ? { includeConsumed: true } : {}),
      ...overrides,
    };
  };

  beforeAll(async () => {
    model = await modelOf(1, 'm1');
    catalog = catalogOf(80);
  });
  afterAll(() => ranker.close());

  it('ranks every kind of request exactly as inline ranking does, a burst of them in one message', async () => {
    const inputs = Array.from({ length: 60 }, (_, u) => inputFor(u));
    const threaded = await Promise.all(inputs.map((input) => ranker.rank('t1', input)));
    const inline = inputs.map((input) => rankForUser(input));
    expect(threaded).toEqual(inline);
    // Asked for in one turn of the event loop: one message to the thread (snapshots included), not 60.
    expect(ranker.stats).toEqual({ onThreads: 60, inlineAfterThreadLoss: 0, messages: 1 });
    expect(
      threaded.some((list) => list.some((r) => r.reasons.some((s) => s.startsWith('Because you liked')))),
    ).toBe(true);
  });

  it('uses a replaced catalog or model at once, and keeps tenants apart', async () => {
    const renamed = catalogOf(80, (i) => `Renamed ${i}`);
    const swapped = await modelOf(2, 'm2');
    const withNew = inputFor(1, { catalog: renamed, model: swapped, categories: null });
    const [fresh, otherTenant] = await Promise.all([
      ranker.rank('t1', withNew),
      ranker.rank('t2', inputFor(1, { categories: null })),
    ]);
    expect(fresh).toEqual(rankForUser(withNew));
    expect(fresh.flatMap((r) => r.reasons).join(' ')).toMatch(/Because you liked Renamed/);
    expect(otherTenant).toEqual(rankForUser(inputFor(1, { categories: null })));
    expect(otherTenant.flatMap((r) => r.reasons).join(' ')).not.toMatch(/Renamed/);
  });

  it('loses no request when its thread stops, and starts a fresh one for the next', async () => {
    const inputs = Array.from({ length: 20 }, (_, u) => inputFor(u));
    const answers = Promise.all(inputs.map((input) => ranker.rank('t1', input)));
    await ranker.restartThreads();
    expect(await answers).toEqual(inputs.map((input) => rankForUser(input)));
    const onThreads = ranker.stats.onThreads;
    expect(await ranker.rank('t1', inputFor(3))).toEqual(rankForUser(inputFor(3)));
    expect(ranker.stats.onThreads).toBe(onThreads + 1);
  });
});
