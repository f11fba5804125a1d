import { SocialError } from '../errors.js';
import { type ActivityEvent, activeIntervalsByUser } from './activity.js';
import { dayNumber, MS_PER_DAY } from './time.js';

export interface ActiveUsersPoint {
  /** First millisecond of the UTC day. */
  readonly dayStart: number;
  /** Distinct users active that day, in the 7 days ending that day, and in the 30 days ending that day. */
  readonly dau: number;
  readonly wau: number;
  readonly mau: number;
  /** DAU / MAU (0 when MAU is 0): the share of the month's users who come back on a given day. */
  readonly stickiness: number;
}

/** One point per UTC day from `from` to `to` (inclusive, any millisecond inside the day). */
export function activeUsers(
  events: readonly ActivityEvent[],
  range: { readonly from: number; readonly to: number },
): ActiveUsersPoint[] {
  const first = dayNumber(range.from);
  const last = dayNumber(range.to);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last < first) {
    throw new SocialError('BAD_ARGUMENT', 'activeUsers needs finite from ≤ to', 'pass epoch milliseconds');
  }
  // Users per day, for the 29 days before `from` too (they count in the first MAU).
  const usersByDay = new Map<number, string[]>();
  for (const [user, days] of activeIntervalsByUser(events, 'day')) {
    for (const d of days) {
      if (d < first - 29 || d > last) continue;
      let list = usersByDay.get(d);
      if (list === undefined) {
        list = [];
        usersByDay.set(d, list);
      }
      list.push(user);
    }
  }
  // Sliding windows: active-day counts per user; a user leaves the window when the count drops to 0.
  const week = new Map<string, number>();
  const month = new Map<string, number>();
  const add = (w: Map<string, number>, day: number, delta: number) => {
    for (const u of usersByDay.get(day) ?? []) {
      const c = (w.get(u) ?? 0) + delta;
      if (c === 0) w.delete(u);
      else w.set(u, c);
    }
  };
  const points: ActiveUsersPoint[] = [];
  for (let d = first - 29; d <= last; d++) {
    add(week, d, 1);
    add(month, d, 1);
    add(week, d - 7, -1);
    add(month, d - 30, -1);
    if (d < first) continue;
    const dau = usersByDay.get(d)?.length ?? 0;
    points.push({
      dayStart: d * MS_PER_DAY,
      dau,
      wau: week.size,
      mau: month.size,
      stickiness: month.size ? dau / month.size : 0,
    });
  }
  return points;
}
