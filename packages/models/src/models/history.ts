import type { Csr } from '../data/interactions.js';
import type { UserHistory } from './contract.js';

/** A user's items and strengths, from the stored training rows or as given. */
export function historyOf(
  user: number | UserHistory,
  rows: Csr,
): { items: ArrayLike<number>; values: ArrayLike<number> } {
  if (typeof user === 'number') {
    const start = rows.indptr[user];
    const end = rows.indptr[user + 1];
    return { items: rows.indices.subarray(start, end), values: rows.values.subarray(start, end) };
  }
  return { items: user.items, values: user.values ?? new Float32Array(user.items.length).fill(1) };
}
