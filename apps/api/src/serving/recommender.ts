import { randomUUID } from 'node:crypto';
import { type Db, servedLists, type TenantId, withTenant } from '@tessera/db';
import type { Vertical } from '@tessera/pipelines';
import type { CatalogCache, CatalogItem } from './catalog.js';
import type { ActiveModel, ModelCache } from './model-cache.js';
import type { PopularityCache } from './popularity.js';
import { inlineRanker, type Ranker, type RankingStats } from './threaded-ranker.js';
import { type UserState, UserStateReader, type UserStateReaderOptions } from './user-state.js';
import { UserStateCache, type UserStateCacheOptions } from './user-state-cache.js';

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
  /**
   * Whether the caller shows the reasons (default true). Without them a list skips explaining its
   * picks; finance lists are explained regardless, for their audit record.
   */
  explain?: boolean | undefined;
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

/**
 * The serving path of ARCHITECTURE §8: candidates (model, similar, trending, popular, social) →
 * the vertical's pipeline (filters, ranking, diversity, explanations). The user's state is read per
 * request (batched with concurrent requests), or from the user-state cache where the server enabled
 * it; catalog, model and popularity come from in-memory caches.
 */
export class RecommendationService {
  private readonly userStates: UserStateReader;
  private cache: UserStateCache | null = null;

  constructor(
    private readonly db: Db,
    private readonly catalogs: CatalogCache,
    private readonly popularity: PopularityCache,
    private readonly models: ModelCache,
    options: UserStateReaderOptions = {},
    /** Where lists are ranked (inline by default; threads in production). */
    private readonly ranker: Ranker = inlineRanker,
  ) {
    this.userStates = new UserStateReader(db, options);
  }

  /**
   * From now on users' states come from an in-process cache kept correct by notifications
   * (user-state-cache.ts); the caller subscribes it (`changed`, `lost`, `listening`).
   */
  enableUserStateCache(options: UserStateCacheOptions = {}): UserStateCache {
    this.cache ??= new UserStateCache(this.db, this.userStates, options);
    return this.cache;
  }

  get userStateCache(): UserStateCache | null {
    return this.cache;
  }

  private userState(tenantId: string, userId: string): Promise<UserState> {
    return this.cache ? this.cache.get(tenantId, userId) : this.userStates.get(tenantId, userId);
  }

  /** Lists ranked on threads (and inline after a thread stopped); null when ranking inline. */
  get rankingStats(): Readonly<RankingStats> | null {
    return this.ranker.stats ?? null;
  }

  async recommend(request: RecommendRequest): Promise<RecommendationResult> {
    const [catalog, active, trending, popular, state] = await Promise.all([
      this.catalogs.get(request.tenantId),
      request.model !== undefined ? request.model : this.models.get(request.tenantId),
      this.popularity.trending(request.tenantId, 'WEEK'),
      this.popularity.popularity(request.tenantId),
      this.userState(request.tenantId, request.userId),
    ]);
    const segment = state.segment ? await this.popularity.segment(request.tenantId, state.segment) : null;
    const ranked = await this.ranker.rank(request.tenantId, {
      vertical: request.vertical,
      settings: request.settings,
      count: request.count,
      contextItemId: request.contextItemId,
      categories: request.categories,
      excludeItemIds: request.excludeItemIds,
      includeConsumed: request.includeConsumed,
      explain: request.vertical === 'finance' || (request.explain ?? true),
      catalog,
      model: active,
      state,
      trending,
      popular,
      segment,
      now: Date.now(),
    });
    const requestId = randomUUID();
    const result: RecommendationResult = {
      requestId,
      userId: request.userId,
      // Fields named, not spread: the spread's generic object copy was ~2% of the event loop.
      items: ranked.map((r) => ({
        itemId: r.itemId,
        score: r.score,
        reasons: r.reasons,
        item: catalog.byId.get(r.itemId)!,
      })),
      modelId: active?.id ?? null,
      modelVersion: active ? `${active.algorithm}@${active.version}` : null,
      coldStart: state.history.length === 0,
    };
    if (request.vertical === 'finance') {
      // Finance lists are auditable: what was served, by which model, and why.
      await withTenant(this.db, request.tenantId, (tx) =>
        tx.insert(servedLists).values({
          tenantId: request.tenantId,
          requestId,
          userId: request.userId,
          modelId: active?.id ?? null,
          items: ranked.map((r) => ({ itemId: r.itemId, score: r.score, reasons: r.reasons })),
        }),
      );
    }
    return result;
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
