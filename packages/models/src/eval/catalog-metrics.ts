/** Catalog coverage = |⋃_u top-K(u)| / |catalog|. */
export function catalogCoverage(lists: readonly ArrayLike<number>[], nItems: number): number {
  const seen = new Uint8Array(nItems);
  let distinct = 0;
  for (const list of lists) {
    for (let r = 0; r < list.length; r++) {
      if (!seen[list[r]]) {
        seen[list[r]] = 1;
        distinct++;
      }
    }
  }
  return nItems ? distinct / nItems : 0;
}

/**
 * Novelty = mean over recommended items of −log2 p(i), where p(i) = (users who interacted with i) / nUsers
 * in the training data; unseen items count as p = 1/nUsers (maximally novel).
 */
export function novelty(
  lists: readonly ArrayLike<number>[],
  itemUserCounts: ArrayLike<number>,
  nUsers: number,
): number {
  let s = 0;
  let n = 0;
  for (const list of lists) {
    for (let r = 0; r < list.length; r++) {
      const p = Math.max(itemUserCounts[list[r]], 1) / nUsers;
      s += -Math.log2(p);
      n++;
    }
  }
  return n ? s / n : 0;
}
