import type { sql } from '@tessera/db';

export type Fragment = ReturnType<typeof sql>;

/** A time for a `timestamptz` array: NaN (an unknown time) becomes NULL, which least()/greatest() ignore. */
export function timeOrNull(ms: number): number | null {
  return Number.isFinite(ms) ? ms : null;
}
