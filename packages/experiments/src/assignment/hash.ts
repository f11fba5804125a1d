/**
 * GrowthBook-compatible deterministic hashing, so assignments agree with GrowthBook SDKs given the
 * same seed and user id.
 */

/** 32-bit FNV-1a over UTF-16 code units: h = 0x811c9dc5; for each unit h ^= c; h *= 16777619 (mod 2^32). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    // Multiplying by 16777619 = 2^24 + 403 via shifts keeps every step exact in 32 bits.
    h += (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24);
  }
  return h >>> 0;
}

/** Hash versions GrowthBook defines; any other version yields null. */
export type HashVersion = 1 | 2;

/**
 * Maps (seed, value) to [0, 1).
 * - version 2: (fnv1a32(String(fnv1a32(seed + value))) mod 10000) / 10000 — the double hash removes
 *   the correlation between experiments that share a seed prefix.
 * - version 1: (fnv1a32(value + seed) mod 1000) / 1000 — legacy.
 * Returns null for any other version so callers cannot silently mis-assign.
 */
export function hash(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}

/** A namespace slice: experiments sharing `id` get disjoint [start, end) ranges of users. */
export type Namespace = readonly [id: string, start: number, end: number];

/**
 * Whether a user falls in a namespace slice, as GrowthBook's `inNamespace`: the user's position is
 * hash('__' + id, userId, 1), so mutually exclusive experiments split one stable ordering.
 */
export function inNamespace(userId: string, namespace: Namespace): boolean {
  const x = hash(`__${namespace[0]}`, userId, 1)!;
  return x >= namespace[1] && x < namespace[2];
}
