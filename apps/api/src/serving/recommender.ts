import { randomUUID } from 'node:crypto';
import { type Db, queryRows, servedLists, sql, type TenantId, type Tx, withTenant } from '@tessera/db';
import {
  type Candidate,
  type CandidateSource,
  type PipelineUser,
  runPipeline,
  type Vertical,
} from '@tessera/pipelines';
import type { CatalogCache, CatalogItem } from './catalog.js';
import type { ActiveModel, ModelCache } from './model-cache.js';
import type { PopularityCache } from './popularity.js';

export interface RecommendRequest {
  tenantId: TenantId;
  vertical: Vertical;
  settings: Record<string, unknown>;
  userId: string;
  count: number;
  contextItemId?: string | null | undefined;
  categories?: readonly string[] | null | undefined;
  excludeItemIds?: readonly string[] | null | undefined;
  includeConsumed?: boolean | null | undefined;
  /** An experiment's model for this user: a specific version, or `null` for no model (popularity only). */
  model?: ActiveModel | null | undefined;
}

export interface RecommendationResult {
  requestId: string;
  userId: string;
  items: { itemId: string; item: CatalogItem; score: number; reasons: string[] }[];
  modelId: string | null;
  modelVersion: string | null;
  coldStart: boolean;
}

interface UserState {
  user: PipelineUser;
  segment: string | null;
  history: { itemId: string; strength: number }[];
  social: Map<string, number>;
}

const HISTORY_DEPTH = 200;

/**
 * The serving path of ARCHITECTURE §8: candidates (model, similar, trending, popular, social) →
 * the vertical's pipeline (filters, ranking, diversity, explanations). One transaction of reads
 * per request; catalog, model and popularity come from in-memory caches.
 */
export class RecommendationService {
  constructor(
    private readonly db: Db,
    private readonly catalogs: CatalogCache,
    private readonly popularity: PopularityCache,
    private readonly models: ModelCache,
  ) {}

  async recommend(request: RecommendRequest): Promise<RecommendationResult> {
    const [catalog, active, trending, popular] = await Promise.all([
      this.catalogs.get(request.tenantId),
      request.model !== undefined ? request.model : this.models.get(request.tenantId),
      this.popularity.trending(request.tenantId, 'WEEK'),
      this.popularity.popularity(request.tenantId),
    ]);
    return withTenant(this.db, request.tenantId, async (tx) => {
      const state = await readUserState(tx, request.userId);
      const consumed = new Set(state.history.filter((h) => h.strength > 0).map((h) => h.itemId));
      const candidates = new Map<string, Candidate & { sources: CandidateSource[] }>();
      const add = (
        itemId: string,
        source: CandidateSource,
        patch: Partial<Omit<Candidate, 'sources'>> = {},
      ) => {
        const existing = candidates.get(itemId);
        if (existing) {
          if (!existing.sources.includes(source)) existing.sources.push(source);
          Object.assign(existing, maxPatch(existing, patch));
        } else {
          candidates.set(itemId, {
            itemId,
            personal: 0,
            popularity: 0,
            recency: 0,
            social: 0,
            sources: [source],
            ...patch,
          });
        }
      };

      const pool = Math.max(request.count * 5, 50);
      if (active && state.history.length > 0) addModelCandidates(active, state, catalog.byId, pool, add);
      if (active && request.contextItemId)
        addSimilarCandidates(active, request.contextItemId, catalog.byId, pool, add);
      rankToCandidates(trending.ids.slice(0, pool), 'trending', add);
      rankToCandidates(popular.ids.slice(0, pool), 'popular', add);
      if (state.segment)
        rankToCandidates(
          (await this.popularity.segment(request.tenantId, state.segment)).ids.slice(0, pool),
          'segment',
          add,
        );
      const maxSocial = Math.max(1, ...state.social.values());
      for (const [itemId, n] of state.social) add(itemId, 'social', { social: n / maxSocial });
      if (candidates.size < request.count) {
        // A young tenant with little activity: fall back to the catalog itself.
        for (const item of catalog.byId.values()) if (candidates.size < pool) add(item.id, 'popular');
      }

      const now = Date.now();
      for (const c of candidates.values()) {
        c.sentiment = catalog.sentiment.get(c.itemId);
        const created = catalog.byId.get(c.itemId)?.createdAt.getTime();
        if (created !== undefined) c.recency = Math.max(0, 1 - (now - created) / (30 * 86_400_000));
      }
      const excluded = new Set(request.excludeItemIds ?? []);
      const categories = request.categories?.length ? new Set(request.categories) : null;
      const eligible = [...candidates.values()].filter((c) => {
        if (excluded.has(c.itemId)) return false;
        const item = catalog.byId.get(c.itemId);
        return (
          item !== undefined && (!categories || (item.category !== null && categories.has(item.category)))
        );
      });

      const ranked = runPipeline({
        vertical: request.vertical,
        settings: request.settings,
        user: state.user,
        candidates: eligible,
        items: catalog.byId,
        consumed,
        count: request.count,
        includeConsumed: request.includeConsumed ?? undefined,
      });
      const requestId = randomUUID();
      const result: RecommendationResult = {
        requestId,
        userId: request.userId,
        items: ranked.map((r) => ({ ...r, item: catalog.byId.get(r.itemId)! })),
        modelId: active?.id ?? null,
        modelVersion: active ? `${active.algorithm}@${active.version}` : null,
        coldStart: state.history.length === 0,
      };
      if (request.vertical === 'finance') {
        // Finance lists are auditable: what was served, by which model, and why.
        await tx.insert(servedLists).values({
          tenantId: request.tenantId,
          requestId,
          userId: request.userId,
          modelId: active?.id ?? null,
          items: ranked.map((r) => ({ itemId: r.itemId, score: r.score, reasons: r.reasons })),
        });
      }
      return result;
    });
  }

  /** Items like the given one: by the active model's item space, else by shared attributes. */
  async similarItems(
    tenantId: TenantId,
    itemId: string,
    count: number,
  ): Promise<{ itemId: string; item: CatalogItem; score: number }[]> {
    const [catalog, active] = await Promise.all([this.catalogs.get(tenantId), this.models.get(tenantId)]);
    const anchor = catalog.byId.get(itemId);
    if (!anchor) return [];
    const index = active?.itemIndex.get(itemId);
    if (active && index !== undefined) {
      const top = active.model.recommend({ items: [index] }, count + 1, [index]);
      const out = [];
      for (let k = 0; k < top.items.length && out.length < count; k++) {
        const id = active.model.itemIds[top.items[k]!]!;
        const item = catalog.byId.get(id);
        if (item?.active) out.push({ itemId: id, item, score: top.scores[k]! });
      }
      if (out.length > 0) return out;
    }
    return attributeNeighbours(anchor, catalog.byId, count);
  }
}

async function readUserState(tx: Tx, userId: string): Promise<UserState> {
  const [row] = await queryRows<{
    segment: string | null;
    conditions: string[] | null;
    risk_tolerance: number | null;
    level: number | null;
    completed_items: string[] | null;
    history: { i: string; s: number }[] | null;
    social: { i: string; n: number }[] | null;
  }>(
    tx,
    sql`select u.segment, u.conditions, u.risk_tolerance, u.level, u.completed_items,
          (select json_agg(json_build_object('i', h.item_id, 's', h.strength)) from (
             select item_id, strength from interactions where user_id = ${userId}
             order by last_ts desc limit ${HISTORY_DEPTH}) h) as history,
          (select json_agg(json_build_object('i', s.item_id, 'n', s.n)) from (
             select i.item_id, count(*)::int as n from follows f
             join interactions i on i.user_id = f.followee_id and i.strength > 0 and i.last_ts > now() - interval '7 days'
             where f.follower_id = ${userId} group by i.item_id order by n desc limit 50) s) as social
        from (select 1) one left join users u on u.id = ${userId}`,
  );
  return {
    user: {
      id: userId,
      conditions: row?.conditions ?? null,
      riskTolerance: row?.risk_tolerance ?? null,
      level: row?.level ?? null,
      completedItems: row?.completed_items ?? null,
    },
    segment: row?.segment ?? null,
    history: (row?.history ?? []).map((h) => ({ itemId: h.i, strength: h.s })),
    social: new Map((row?.social ?? []).map((s) => [s.i, s.n])),
  };
}

type AddCandidate = (
  itemId: string,
  source: CandidateSource,
  patch?: Partial<Omit<Candidate, 'sources'>>,
) => void;

function addModelCandidates(
  active: ActiveModel,
  state: UserState,
  catalog: Map<string, CatalogItem>,
  pool: number,
  add: AddCandidate,
) {
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
  // Fold-in from the current history: a click a moment ago already counts, no retrain needed.
  const top = active.model.recommend({ items, values }, pool, items);
  if (top.items.length === 0) return;
  const max = top.scores[0]!;
  const min = top.scores[top.items.length - 1]!;
  const span = max - min || 1;
  const explainers = items.slice(0, 3);
  const explainScores = explainers.map((h) => active.model.scoreItems({ items: [h] }, top.items));
  for (let k = 0; k < top.items.length; k++) {
    let bestHistory = 0;
    for (let e = 1; e < explainers.length; e++)
      if (explainScores[e]![k]! > explainScores[bestHistory]![k]!) bestHistory = e;
    const becauseId = explainers.length > 0 ? active.model.itemIds[explainers[bestHistory]!] : undefined;
    add(active.model.itemIds[top.items[k]!]!, 'model', {
      personal: (top.scores[k]! - min) / span,
      because: becauseId ? catalog.get(becauseId)?.title : undefined,
    });
  }
}

function addSimilarCandidates(
  active: ActiveModel,
  itemId: string,
  catalog: Map<string, CatalogItem>,
  pool: number,
  add: AddCandidate,
) {
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

function rankToCandidates(ids: readonly string[], source: CandidateSource, add: AddCandidate) {
  ids.forEach((id, rank) => {
    add(id, source, { popularity: 1 - rank / Math.max(ids.length, 1) });
  });
}

function maxPatch(
  existing: Candidate,
  patch: Partial<Omit<Candidate, 'sources'>>,
): Partial<Omit<Candidate, 'sources'>> {
  return {
    personal: Math.max(existing.personal, patch.personal ?? 0),
    popularity: Math.max(existing.popularity, patch.popularity ?? 0),
    social: Math.max(existing.social, patch.social ?? 0),
    because: existing.because ?? patch.because,
  };
}

function attributeNeighbours(anchor: CatalogItem, catalog: Map<string, CatalogItem>, count: number) {
  const tags = (item: CatalogItem) =>
    new Set([...(item.genres ?? []).map((g) => `g:${g}`), ...(item.category ? [`c:${item.category}`] : [])]);
  const anchorTags = tags(anchor);
  const scored = [];
  for (const item of catalog.values()) {
    if (item.id === anchor.id || !item.active) continue;
    const other = tags(item);
    let shared = 0;
    for (const t of other) if (anchorTags.has(t)) shared++;
    const union = anchorTags.size + other.size - shared;
    if (shared > 0) scored.push({ itemId: item.id, item, score: shared / union });
  }
  return scored.sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : 1)).slice(0, count);
}
