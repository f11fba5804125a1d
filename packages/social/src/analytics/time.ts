import { SocialError } from '../errors.js';

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Calendar interval for cohorts and lifecycle; all intervals are UTC. */
export type Interval = 'day' | 'week' | 'month';

/** UTC day number (days since 1970-01-01). */
export function dayNumber(timestampMs: number): number {
  return Math.floor(timestampMs / MS_PER_DAY);
}

/**
 * Interval number of a timestamp. Weeks start on Monday: day 0 (1970-01-01) was a Thursday, so the
 * Monday-based week is ⌊(day + 3) / 7⌋. Months count from January 1970.
 */
export function intervalNumber(timestampMs: number, interval: Interval): number {
  const day = dayNumber(timestampMs);
  if (interval === 'day') return day;
  if (interval === 'week') return Math.floor((day + 3) / 7);
  const d = new Date(timestampMs);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

/** First millisecond of an interval number, the inverse of `intervalNumber`. */
export function intervalStart(index: number, interval: Interval): number {
  if (interval === 'day') return index * MS_PER_DAY;
  if (interval === 'week') return (index * 7 - 3) * MS_PER_DAY;
  return Date.UTC(1970 + Math.floor(index / 12), ((index % 12) + 12) % 12, 1);
}

/** Throws BAD_ARGUMENT unless every event has a finite timestamp, naming the first bad one. */
export function assertTimestamps(events: ReadonlyArray<{ readonly timestamp: number }>, what: string): void {
  for (let i = 0; i < events.length; i++) {
    if (!Number.isFinite(events[i]!.timestamp)) {
      throw new SocialError(
        'BAD_ARGUMENT',
        `${what}[${i}] has timestamp ${events[i]!.timestamp}`,
        'timestamps are epoch milliseconds (Date.getTime())',
      );
    }
  }
}
