import { type ActivityEvent, activeIntervalsByUser } from './activity.js';
import { type Interval, intervalStart } from './time.js';

export interface LifecyclePoint {
  /** First millisecond of the interval. */
  readonly start: number;
  /** First activity ever in this interval. */
  readonly new: number;
  /** Active in this interval and in the previous one. */
  readonly returning: number;
  /** Active now, inactive in the previous interval, active at some earlier time. */
  readonly resurrected: number;
  /** Active in the previous interval but not in this one (a positive count). */
  readonly dormant: number;
  /** new + returning + resurrected. */
  readonly active: number;
  /** Growth accounting quick ratio (new + resurrected) / dormant; null when nobody went dormant. */
  readonly quickRatio: number | null;
}

/**
 * Growth accounting per interval, from the first to the last interval with activity. Each user is in
 * exactly one of new/returning/resurrected in each interval they are active, and counts as dormant
 * once, in the first interval of each inactive stretch.
 */
export function lifecycle(
  events: readonly ActivityEvent[],
  options: { readonly interval?: Interval } = {},
): LifecyclePoint[] {
  const interval = options.interval ?? 'week';
  return lifecycleOfIntervals(activeIntervalsByUser(events, interval), interval);
}

/**
 * `lifecycle` from each user's distinct active interval numbers, ascending (what
 * `activeIntervalsByUser` returns), for callers that hold activity in that compact form.
 */
export function lifecycleOfIntervals(
  byUser: ReadonlyMap<string, readonly number[]>,
  interval: Interval,
): LifecyclePoint[] {
  if (byUser.size === 0) return [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const list of byUser.values()) {
    lo = Math.min(lo, list[0]!);
    hi = Math.max(hi, list[list.length - 1]!);
  }
  const span = hi - lo + 1;
  const counts = {
    new: new Int32Array(span),
    returning: new Int32Array(span),
    resurrected: new Int32Array(span),
    dormant: new Int32Array(span),
  };
  for (const list of byUser.values()) {
    counts.new[list[0]! - lo]!++;
    for (let k = 1; k < list.length; k++) {
      const gap = list[k]! - list[k - 1]!;
      if (gap === 1) counts.returning[list[k]! - lo]!++;
      else {
        counts.resurrected[list[k]! - lo]!++;
        counts.dormant[list[k - 1]! + 1 - lo]!++;
      }
    }
    const last = list[list.length - 1]!;
    if (last < hi) counts.dormant[last + 1 - lo]!++;
  }
  return Array.from({ length: span }, (_, k) => {
    const n = counts.new[k]!;
    const resurrected = counts.resurrected[k]!;
    const dormant = counts.dormant[k]!;
    return {
      start: intervalStart(lo + k, interval),
      new: n,
      returning: counts.returning[k]!,
      resurrected,
      dormant,
      active: n + counts.returning[k]! + resurrected,
      quickRatio: dormant === 0 ? null : (n + resurrected) / dormant,
    };
  });
}
