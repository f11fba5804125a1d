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
  const sets = new Map<string, Set<number>>();
  for (const e of events) {
    if (typeof e.userId !== 'string' || e.userId === '') {
      throw new SocialError('BAD_ARGUMENT', 'an event has no userId', 'every activity event needs a userId');
    }
    let s = sets.get(e.userId);
    if (s === undefined) {
      s = new Set();
      sets.set(e.userId, s);
    }
    s.add(intervalNumber(e.timestamp, interval));
  }
  const result = new Map<string, number[]>();
  for (const [user, s] of sets)
    result.set(
      user,
      [...s].sort((a, b) => a - b),
    );
  return result;
}
