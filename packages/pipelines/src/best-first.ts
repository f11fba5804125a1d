import type { Scored } from './diversity.js';

const byScoreThenId = (a: Scored, b: Scored) => b.score - a.score || (a.itemId < b.itemId ? -1 : 1);

/**
 * The first `keep` of `scored` in (score desc, id asc) order: what a full sort and a slice give,
 * but only the entries at or above the keep-th best score are sorted (MMR looks at its pool alone,
 * and a request's candidates are several pools long: the full sort was a quarter of the pipeline).
 */
export function bestFirst<T extends Scored>(scored: T[], keep: number): T[] {
  if (scored.length <= keep) return scored.sort(byScoreThenId);
  const scores = new Float64Array(scored.length);
  for (let i = 0; i < scored.length; i++) scores[i] = scored[i]!.score;
  scores.sort();
  const threshold = scores[scored.length - keep]!;
  // NaN sorts last in a typed array and compares false: leave such a list to the plain sort.
  if (Number.isNaN(threshold) || Number.isNaN(scores[scored.length - 1]!))
    return scored.sort(byScoreThenId).slice(0, keep);
  const top: T[] = [];
  for (const entry of scored) if (entry.score >= threshold) top.push(entry);
  return top.sort(byScoreThenId).slice(0, keep);
}
