import { SocialError } from '../errors.js';
import { assertTimestamps, type Interval, intervalNumber } from './time.js';

/** Anything a user did; engagement metrics only need who and when (funnels also read `type`). */
export interface ActivityEvent {
  readonly userId: string;
  readonly timestamp: number;
  readonly type?: string;
  readonly itemId?: string;
}

/**
 * Each user's distinct active interval numbers, ascending. The shared first step of active-user counts,
 * retention and lifecycle: O(events) plus a sort of each user's few intervals.
 */
export function activeIntervalsByUser(
  events: readonly ActivityEvent[],
  interval: Interval,
): Map<string, number[]> {
  assertTimestamps(events, 'events');
  // Arrays plus one sort-and-dedupe pass: about half the time of a Set per user in bench:analytics.
  const byUser = new Map<string, number[]>();
  for (const e of events) {
    if (typeof e.userId !== 'string' || e.userId === '') {
      throw new SocialError('BAD_ARGUMENT', 'an event has no userId', 'every activity event needs a userId');
    }
    const i = intervalNumber(e.timestamp, interval);
    const list = byUser.get(e.userId);
    if (list === undefined) byUser.set(e.userId, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  }
  for (const list of byUser.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a - b);
    let w = 1;
    for (let r = 1; r < list.length; r++) if (list[r] !== list[w - 1]) list[w++] = list[r]!;
    list.length = w;
  }
  return byUser;
}
