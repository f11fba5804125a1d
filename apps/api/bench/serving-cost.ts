/**
 * bench:serving-cost — CPU time of the in-memory part of one recommendation (candidates, scoring,
 * pipeline, exposure envelope), without HTTP or PostgreSQL, on the same synthetic tenant shape as
 * bench:api (Zipf-like items, each user with a taste for 2 of 20 categories) and an ALS model.
 * CPU time (process.cpuUsage), not wall time, so other work on the machine barely moves it.
 * Flags: --users --items --interactions --requests. Prints one JSON object last.
 */
import { validateClientEvent } from '@tessera/events';
import { createModel, createRng, InteractionBuilder, loadModel } from '@tessera/models';
import { runPipeline } from '@tessera/pipelines';
import { exposureEnvelope } from '../src/ingest/exposure.js';
import type { Catalog, CatalogItem } from '../src/serving/catalog.js';
import { modelAids } from '../src/serving/model-aids.js';
import type { ActiveModel } from '../src/serving/model-cache.js';
import { rankForUser } from '../src/serving/rank.js';
import { topKIndices } from '../src/serving/top-k.js';
import type { UserState } from '../src/serving/user-state.js';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const nUsers = Number(args.get('users') ?? 20_000);
const nItems = Number(args.get('items') ?? 10_000);
const nInteractions = Number(args.get('interactions') ?? 200_000);
const nRequests = Number(args.get('requests') ?? 3_000);
const log = (line: string) => process.stderr.write(`[bench:serving-cost] ${line}\n`);

/** Mean CPU microseconds per call of `work(k)` over `n` calls. */
function cpuMicros(n: number, work: (k: number) => unknown): number {
  const before = process.cpuUsage();
  for (let k = 0; k < n; k++) work(k);
  const used = process.cpuUsage(before);
  return Number(((used.user + used.system) / n).toFixed(1));
}

async function main() {
  const random = createRng(7).next;
  const created = new Date(Date.now() - 10 * 86_400_000);
  const byId = new Map<string, CatalogItem>();
  for (let i = 0; i < nItems; i++) {
    byId.set(`i${i}`, {
      tenantId: '00000000-0000-0000-0000-000000000000',
      id: `i${i}`,
      title: `Item ${i}`,
      category: `c${i % 20}`,
      active: true,
      attributes: {},
      riskLevel: null,
      assetClass: null,
      contraindications: null,
      prerequisites: null,
      difficulty: null,
      genres: null,
      price: null,
      createdAt: created,
      updatedAt: created,
    });
  }
  const catalog: Catalog = { byId, byCategory: new Map(), sentiment: new Map() };
  const builder = new InteractionBuilder();
  const histories = new Map<number, { itemId: string; strength: number }[]>();
  const counts = new Float64Array(nItems);
  const seen = new Set<string>();
  for (let k = 0; k < nInteractions; k++) {
    const u = Math.floor(random() * nUsers);
    const category = ((u % 20) + (random() < 0.5 ? 0 : 7)) % 20;
    const item = Math.floor((nItems / 20) * random() ** 2) * 20 + category;
    if (seen.has(`${u}:${item}`)) continue;
    seen.add(`${u}:${item}`);
    builder.add(`u${u}`, `i${item}`, 1, 0);
    counts[item]!++;
    const list = histories.get(u) ?? [];
    list.push({ itemId: `i${item}`, strength: 1 });
    histories.set(u, list);
  }
  log(`training ALS (3 iterations) on ${seen.size} interactions…`);
  const trained = createModel('als', { seed: 1, iterations: 3 } as never);
  await trained.fit(builder.build());
  const artifact = trained.save();
  const model = loadModel(artifact);
  const active: ActiveModel = {
    artifact,
    id: 'bench',
    algorithm: 'als',
    version: 1,
    model,
    itemIndex: new Map(model.itemIds.map((id, i) => [id, i])),
    userIndex: new Map(model.userIds.map((id, i) => [id, i])),
    // --trained: every user as one the model saw whole (served from trained vectors, as most users
    // in bench:api); by default none, so every user is folded in, the costlier path.
    dataTo: args.has('trained') ? Date.now() : null,
  };
  const order = Array.from({ length: nItems }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]!);
  const ranked = {
    ids: order.slice(0, 500).map((i) => `i${i}`),
    scores: order.slice(0, 500).map((i) => counts[i]!),
  };
  const users = Array.from({ length: nRequests }, () => Math.floor(random() * nUsers));
  const states: UserState[] = users.map((u) => ({
    user: { id: `u${u}`, conditions: null, riskTolerance: null, level: null, completedItems: null },
    segment: null,
    history: histories.get(u) ?? [],
    newestInteractionAt: args.has('trained') && histories.has(u) ? 0 : null,
    social: new Map(),
  }));
  const input = (k: number) => ({
    vertical: 'entertainment' as const,
    settings: {},
    count: 10,
    catalog,
    model: active,
    state: states[k]!,
    trending: ranked,
    popular: ranked,
    segment: null,
    now: Date.now(),
  });
  const histories64 = states.map((s) => {
    const items = s.history.map((h) => active.itemIndex.get(h.itemId)!).filter((i) => i !== undefined);
    return { items, values: items.map(() => 1) };
  });

  const aids = modelAids(model);
  log(`factor shortcut for explanations: ${aids.singleItemScores ? 'yes' : 'no'}`);
  // Warm the JIT on every path first.
  for (let k = 0; k < Math.min(500, nRequests); k++) rankForUser(input(k));
  const lists = states.map((_, k) => rankForUser(input(k)));
  // --profile-rank: only rank, many times (run with --cpu-prof to see where the time goes).
  if (args.has('profile-rank')) {
    console.log(
      JSON.stringify({ rankForUser: cpuMicros(nRequests * 5, (k) => rankForUser(input(k % nRequests))) }),
    );
    return;
  }
  const result = {
    usPerRequest: {
      rankForUser: cpuMicros(nRequests, (k) => rankForUser(input(k))),
      // As bench:api's query asks: items and scores, no reasons.
      rankForUserUnexplained: cpuMicros(nRequests, (k) => rankForUser({ ...input(k), explain: false })),
      modelRecommend50: cpuMicros(nRequests, (k) =>
        model.recommend(histories64[k]!, 50, histories64[k]!.items),
      ),
      scoreAll: cpuMicros(nRequests, (k) => model.scoreAll(histories64[k]!, aids.scores)),
      topKIndices50: cpuMicros(nRequests, () => topKIndices(aids.scores, 50)),
      // The serving path's top 50 by the user's vector: full scores + scan, against a sampled threshold.
      top50Exhaustive: cpuMicros(nRequests, (k) => {
        const all = model.scoreAll(histories64[k]!, aids.scores);
        for (const i of histories64[k]!.items) all[i] = Number.NEGATIVE_INFINITY;
        return topKIndices(all, 50);
      }),
      top50Sampled: cpuMicros(nRequests, (k) =>
        aids.dotProduct?.top(aids.dotProduct.vectorOf(histories64[k]!), 50, histories64[k]!.items),
      ),
      explain3x50Exact: cpuMicros(nRequests, (k) => {
        const top = lists[k]!.map((r) => active.itemIndex.get(r.itemId)!);
        for (const h of histories64[k]!.items.slice(0, 3)) model.scoreItems({ items: [h] }, top);
      }),
      explain3x50Cached: cpuMicros(nRequests, (k) => {
        const top = lists[k]!.map((r) => active.itemIndex.get(r.itemId)!);
        for (const h of histories64[k]!.items.slice(0, 3)) aids.singleItemScores?.(h, top);
      }),
      pipeline: cpuMicros(nRequests, (k) =>
        runPipeline({
          vertical: 'entertainment',
          user: states[k]!.user,
          candidates: ranked.ids.slice(0, 100).map((itemId, r) => ({
            itemId,
            personal: 1 - r / 100,
            popularity: 0.5,
            recency: 0.5,
            social: 0,
            sources: ['popular' as const],
          })),
          items: byId,
          consumed: new Set(),
          count: 10,
        }),
      ),
      exposureValidated: cpuMicros(nRequests, (k) =>
        validateClientEvent(
          {
            type: 'exposure',
            userId: states[k]!.user.id,
            props: { requestId: `r${k}`, itemIds: lists[k]!.map((r) => r.itemId), modelId: 'bench' },
          },
          { tenantId: '00000000-0000-0000-0000-000000000000', now: new Date() },
        ),
      ),
      exposureDirect: cpuMicros(nRequests, (k) =>
        exposureEnvelope('00000000-0000-0000-0000-000000000000', states[k]!.user.id, {
          requestId: `r${k}`,
          itemIds: lists[k]!.map((r) => r.itemId),
          modelId: 'bench',
        }),
      ),
    },
    setup: { users: nUsers, items: nItems, interactions: seen.size, requests: nRequests, factors: 32 },
  };
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
