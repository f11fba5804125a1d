import {
  type Candidate,
  type CandidateSource,
  type RankedItem,
  runPipeline,
  type Vertical,
} from '@tessera/pipelines';
import { type Catalog, type CatalogItem, catalogItemsOf } from './catalog.js';
import type { ActiveModel } from './model-cache.js';
import { addModelCandidates, addSimilarCandidates } from './model-candidates.js';
import type { RankedIds } from './popularity.js';
import type { UserState } from './user-state.js';

/** Everything one list is computed from, already in memory: ranking itself never waits. */
export interface RankInput {
  vertical: Vertical;
  settings: Record<string, unknown>;
  count: number;
  contextItemId?: string | null | undefined;
  categories?: readonly string[] | null | undefined;
  excludeItemIds?: readonly string[] | null | undefined;
  includeConsumed?: boolean | null | undefined;
  /** Whether the picks' reasons are wanted (default true; see `PipelineInput.explain`). */
  explain?: boolean | undefined;
  catalog: Catalog;
  model: ActiveModel | null;
  state: UserState;
  trending: RankedIds;
  popular: RankedIds;
  segment: RankedIds | null;
  now: number;
}

export type MutableCandidate = Candidate & {
  sources: CandidateSource[];
  item: CatalogItem | undefined;
  /** The item's creation time when the caller had it at hand (NaN: read it from the item). */
  createdMs: number;
};
/** Adds or merges a candidate; `item` is its catalog entry where the caller has it (saves a lookup). */
export type AddCandidate = (
  itemId: string,
  source: CandidateSource,
  patch?: Partial<Omit<Candidate, 'sources' | 'item'>>,
  item?: CatalogItem,
  createdMs?: number,
) => void;

const RECENCY_SPAN_MS = 30 * 86_400_000;

/**
 * Candidates (model, similar, trending, popular, segment, social) → the vertical's pipeline
 * (filters, ranking, diversity, explanations). Pure and synchronous, so the bench can time it alone.
 */
export function rankForUser(input: RankInput): RankedItem[] {
  const { catalog, model, state, count } = input;
  const consumed = new Set<string>();
  for (const h of state.history) if (h.strength > 0) consumed.add(h.itemId);
  const candidates = new Map<string, MutableCandidate>();
  const add: AddCandidate = (itemId, source, patch, item, createdMs = Number.NaN) => {
    const existing = candidates.get(itemId);
    if (existing) {
      if (!existing.sources.includes(source)) existing.sources.push(source);
      if (patch) mergeMax(existing, patch);
      if (existing.item === undefined && item !== undefined) {
        existing.item = item;
        existing.createdMs = createdMs;
      }
    } else {
      // Every field written, in one order: one object shape for all candidates, so the pipeline's
      // reads of them stay monomorphic (a spread of the patch gave each patch's key order its own
      // shape, and `sentiment` added later another). `??` only where the spread kept the default:
      // no caller passes a field as undefined except `because`, which stays undefined either way.
      candidates.set(itemId, {
        itemId,
        personal: patch?.personal ?? 0,
        popularity: patch?.popularity ?? 0,
        recency: patch?.recency ?? 0,
        social: patch?.social ?? 0,
        sentiment: undefined,
        sources: [source],
        because: patch?.because,
        item,
        createdMs,
      });
    }
  };

  const pool = Math.max(count * 5, 50);
  if (model && state.history.length > 0) addModelCandidates(model, state, catalog.byId, pool, add);
  if (model && input.contextItemId) addSimilarCandidates(model, input.contextItemId, catalog.byId, pool, add);
  rankToCandidates(catalog.byId, input.trending.ids, pool, 'trending', add);
  rankToCandidates(catalog.byId, input.popular.ids, pool, 'popular', add);
  if (input.segment) rankToCandidates(catalog.byId, input.segment.ids, pool, 'segment', add);
  let maxSocial = 1;
  for (const n of state.social.values()) if (n > maxSocial) maxSocial = n;
  for (const [itemId, n] of state.social) add(itemId, 'social', { social: n / maxSocial });
  if (candidates.size < count) {
    // A young tenant with little activity: fall back to the catalog itself.
    for (const item of catalog.byId.values()) {
      if (candidates.size >= pool) break;
      add(item.id, 'popular', undefined, item);
    }
  }

  const excluded = input.excludeItemIds?.length ? new Set(input.excludeItemIds) : null;
  const categories = input.categories?.length ? new Set(input.categories) : null;
  const eligible: MutableCandidate[] = [];
  for (const c of candidates.values()) {
    if (excluded?.has(c.itemId)) continue;
    const item = c.item ?? catalog.byId.get(c.itemId);
    if (item === undefined) continue;
    c.item = item;
    if (categories && (item.category === null || !categories.has(item.category))) continue;
    c.sentiment = catalog.sentiment.get(c.itemId);
    const created = Number.isNaN(c.createdMs) ? item.createdAt.getTime() : c.createdMs;
    c.recency = Math.max(0, 1 - (input.now - created) / RECENCY_SPAN_MS);
    eligible.push(c);
  }

  return runPipeline({
    vertical: input.vertical,
    settings: input.settings,
    user: state.user,
    candidates: eligible,
    items: catalog.byId,
    consumed,
    count,
    includeConsumed: input.includeConsumed ?? undefined,
    explain: input.explain,
    distinct: true,
  });
}

function rankToCandidates(
  byId: ReadonlyMap<string, CatalogItem>,
  ids: readonly string[],
  pool: number,
  source: CandidateSource,
  add: AddCandidate,
) {
  const { items, createdMs } = catalogItemsOf(byId, ids);
  const n = Math.min(ids.length, pool);
  for (let rank = 0; rank < n; rank++)
    add(ids[rank]!, source, { popularity: 1 - rank / Math.max(n, 1) }, items[rank], createdMs[rank]);
}

function mergeMax(existing: MutableCandidate, patch: Partial<Omit<Candidate, 'sources' | 'item'>>): void {
  if (patch.personal !== undefined && patch.personal > existing.personal) existing.personal = patch.personal;
  if (patch.popularity !== undefined && patch.popularity > existing.popularity)
    existing.popularity = patch.popularity;
  if (patch.social !== undefined && patch.social > existing.social) existing.social = patch.social;
  if (existing.because === undefined && patch.because !== undefined) existing.because = patch.because;
}
