import type { PipelineItem } from './types.js';

/** Jaccard similarity of two items' category and genres: the distance MMR diversifies on. */
export function attributeSimilarity(a: PipelineItem, b: PipelineItem): number {
  return tagSimilarity(tags(a), tags(b));
}

/** Both tag lists sorted and without repeats: their shared count in one merge pass. */
function tagSimilarity(left: readonly number[], right: readonly number[]): number {
  if (left.length === 0 || right.length === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const a = left[i]!;
    const b = right[j]!;
    if (a === b) {
      shared++;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return shared / (left.length + right.length - shared);
}

/**
 * Tags as small integers: MMR compares each pick with the whole pool, and comparing a few sorted
 * integers costs less than a Set lookup of a string per tag. The vocabulary (categories and
 * genres) is small and shared by every catalog.
 */
const tagIds = new Map<string, number>();

function tagId(tag: string): number {
  let id = tagIds.get(tag);
  if (id === undefined) {
    id = tagIds.size;
    tagIds.set(tag, id);
  }
  return id;
}

/**
 * Catalog items are long-lived objects read by every request, so an item's tags are built once and
 * kept with the item (held weakly: a reloaded catalog takes its tags with it).
 */
const tagCache = new WeakMap<PipelineItem, readonly number[]>();

function tags(item: PipelineItem): readonly number[] {
  let out = tagCache.get(item);
  if (out) return out;
  const ids = new Set<number>();
  if (item.category) ids.add(tagId(`c:${item.category}`));
  for (const g of item.genres ?? []) ids.add(tagId(`g:${g}`));
  // A plain array of small integers: read in place, where a typed array is one more hop per item.
  out = [...ids].sort((a, b) => a - b);
  tagCache.set(item, out);
  return out;
}

/** How many of the best-scored items MMR chooses `count` from. */
export function mmrPool(count: number): number {
  return Math.max(count * 5, 50);
}

export interface Scored {
  itemId: string;
  score: number;
  /** The item's catalog entry when the caller has it (saves a lookup in `items`). */
  item?: PipelineItem | undefined;
}

/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998): repeatedly pick
 * argmax_i λ·score_i − (1−λ)·max_{j∈S} sim(i, j), with an optional cap per group.
 */
export function mmr(
  ranked: readonly Scored[],
  items: ReadonlyMap<string, PipelineItem>,
  count: number,
  lambda: number,
  groupCap?: { key: (item: PipelineItem) => string | null | undefined; max: number },
): Scored[] {
  const pool = ranked.slice(0, mmrPool(count));
  // Each pool item's catalog entry, group and tags resolved once, not once per pick.
  const poolItems = pool.map((p) => p.item ?? items.get(p.itemId)!);
  const poolTags = poolItems.map(tags);
  const poolGroups = groupCap ? poolItems.map((item) => groupCap.key(item)) : null;
  const chosen: Scored[] = [];
  const perGroup = new Map<string, number>();
  const { maxSim, taken, masks: bits } = scratch(pool.length);
  const masks = tagMasks(poolTags, bits) ? bits : null;
  while (chosen.length < count) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < pool.length; i++) {
      if (taken[i]) continue;
      const group = poolGroups?.[i];
      if (groupCap && group && (perGroup.get(group) ?? 0) >= groupCap.max) continue;
      const value = lambda * pool[i]!.score - (1 - lambda) * maxSim[i]!;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    taken[best] = 1;
    chosen.push(pool[best]!);
    const group = poolGroups?.[best];
    if (group) perGroup.set(group, (perGroup.get(group) ?? 0) + 1);
    if (masks) {
      const picked = masks[best]!;
      for (let i = 0; i < pool.length; i++) {
        if (taken[i]) continue;
        const union = popcount(masks[i]! | picked);
        if (union === 0) continue;
        const sim = popcount(masks[i]! & picked) / union;
        if (sim > maxSim[i]!) maxSim[i] = sim;
      }
    } else {
      const pickedTags = poolTags[best]!;
      for (let i = 0; i < pool.length; i++) {
        if (!taken[i]) maxSim[i] = Math.max(maxSim[i]!, tagSimilarity(poolTags[i]!, pickedTags));
      }
    }
  }
  return chosen;
}

/**
 * MMR's per-call arrays, reused (it runs synchronously and to the end, so one set per thread
 * serves every call): allocating three typed arrays per list was a tenth of MMR.
 */
let buffers = { maxSim: new Float64Array(64), taken: new Uint8Array(64), masks: new Int32Array(64) };

function scratch(n: number) {
  if (buffers.maxSim.length < n)
    buffers = { maxSim: new Float64Array(n), taken: new Uint8Array(n), masks: new Int32Array(n) };
  buffers.maxSim.fill(0, 0, n);
  buffers.taken.fill(0, 0, n);
  return buffers;
}

/** Local bit of each global tag id while `tagMasks` runs (−1: none yet); grows with the vocabulary. */
let localBit = new Int32Array(64).fill(-1);

/**
 * The pool's tag sets as 32-bit masks over the tags that occur in the pool, so each of MMR's
 * similarity updates is two popcounts instead of a merge of two lists (same Jaccard value: |a∩b|
 * over |a∪b|, and 0 when both are empty, as `tagSimilarity` gives), written to `masks`. False when
 * the pool holds more than 32 distinct tags; MMR then merges.
 */
function tagMasks(poolTags: readonly (readonly number[])[], masks: Int32Array): boolean {
  if (localBit.length < tagIds.size) {
    const grown = new Int32Array(Math.max(tagIds.size, localBit.length * 2)).fill(-1);
    localBit = grown;
  }
  const seen: number[] = [];
  let fits = true;
  for (let i = 0; i < poolTags.length && fits; i++) {
    const list = poolTags[i]!;
    let mask = 0;
    for (let t = 0; t < list.length; t++) {
      const id = list[t]!;
      let bit = localBit[id]!;
      if (bit < 0) {
        if (seen.length === 32) {
          fits = false;
          break;
        }
        bit = seen.length;
        localBit[id] = bit;
        seen.push(id);
      }
      mask |= 1 << bit;
    }
    masks[i] = mask;
  }
  for (const id of seen) localBit[id] = -1;
  return fits;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
