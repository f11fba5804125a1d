import { SocialError } from '../errors.js';
import { type ActivityEvent, activeIntervalsByUser } from './activity.js';
import { type Interval, intervalNumber, intervalStart } from './time.js';

export interface RetentionOptions {
  /** Default 'week' (Monday-based, UTC). */
  readonly interval?: Interval;
  /** Periods after the cohort's first, so each row has up to periods + 1 cells. Default 8. */
  readonly periods?: number;
  /** Last interval that is complete; later cells are left out rather than shown as 0. Default: the latest event. */
  readonly asOf?: number;
}

export interface RetentionCohort {
  /** First millisecond of the cohort's interval. */
  readonly start: number;
  /** Users whose first activity fell in this interval. */
  readonly size: number;
  /** retained[k]: cohort users active in interval k after the first (retained[0] = size). */
  readonly retained: number[];
  /** retained[k] / size. */
  readonly rates: number[];
}

/**
 * Cohort retention matrix: users grouped by their first active interval, then counted in each later
 * interval ("bounded" retention: active in exactly that period). Rows for recent cohorts are shorter,
 * because periods after `asOf` have not been observed. First activity is the first in `events`, so pass
 * the full history of the users you measure.
 */
export function retentionCohorts(
  events: readonly ActivityEvent[],
  options: RetentionOptions = {},
): RetentionCohort[] {
  return retentionOfIntervals(activeIntervalsByUser(events, options.interval ?? 'week'), options);
}

/**
 * `retentionCohorts` from each user's distinct active interval numbers (of `options.interval`),
 * ascending: what `activeIntervalsByUser` returns.
 */
export function retentionOfIntervals(
  byUser: ReadonlyMap<string, readonly number[]>,
  options: RetentionOptions = {},
): RetentionCohort[] {
  const interval = options.interval ?? 'week';
  const periods = options.periods ?? 8;
  if (!Number.isInteger(periods) || periods < 0) {
    throw new SocialError(
      'BAD_ARGUMENT',
      `periods ${periods} is not a non-negative integer`,
      'e.g. periods: 8',
    );
  }
  let lastObserved = Number.NEGATIVE_INFINITY;
  for (const list of byUser.values()) lastObserved = Math.max(lastObserved, list[list.length - 1]!);
  if (options.asOf !== undefined) lastObserved = intervalNumber(options.asOf, interval);
  const cohorts = new Map<number, number[]>();
  for (const list of byUser.values()) {
    const first = list[0]!;
    if (first > lastObserved) continue;
    let row = cohorts.get(first);
    if (row === undefined) {
      row = new Array<number>(Math.min(periods, lastObserved - first) + 1).fill(0);
      cohorts.set(first, row);
    }
    for (const i of list) if (i - first < row.length) row[i - first]!++;
  }
  return [...cohorts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([first, retained]) => ({
      start: intervalStart(first, interval),
      size: retained[0]!,
      retained,
      rates: retained.map((r) => r / retained[0]!),
    }));
}
