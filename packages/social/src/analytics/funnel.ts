import { SocialError } from '../errors.js';
import type { ActivityEvent } from './activity.js';
import { assertTimestamps, MS_PER_DAY } from './time.js';

export interface FunnelOptions {
  /** Ordered event types. Default view → click → purchase. */
  readonly steps?: readonly string[];
  /** Every step must happen within this long after the first step. Default 7 days. */
  readonly windowMs?: number;
  /** Count (user, item) pairs instead of users: a click must follow a view of the same item. Default false. */
  readonly perItem?: boolean;
}

export interface FunnelStep {
  readonly step: string;
  /** Users (or user–item pairs) that reached this step in order within the window. */
  readonly count: number;
  readonly conversionFromPrevious: number;
  readonly conversionFromStart: number;
}

/**
 * Ordered, windowed funnel (the algorithm of ClickHouse's windowFunnel): per subject, events are scanned
 * in time order keeping, for each step, the latest start time of a chain that reached it; keeping the
 * latest start leaves the most room in the window, so one O(n) pass finds the deepest step reached.
 * Steps may share a timestamp but not precede the previous step.
 */
export function funnel(events: readonly ActivityEvent[], options: FunnelOptions = {}): FunnelStep[] {
  const steps = options.steps ?? ['view', 'click', 'purchase'];
  const windowMs = options.windowMs ?? 7 * MS_PER_DAY;
  if (steps.length === 0 || !(windowMs >= 0)) {
    throw new SocialError(
      'BAD_ARGUMENT',
      'funnel needs at least one step and windowMs ≥ 0',
      "e.g. { steps: ['view', 'click'] }",
    );
  }
  assertTimestamps(events, 'events');
  const stepsOfType = new Map<string, number[]>();
  // Descending, so one event never advances two steps of the same type at once.
  steps.forEach((type, j) => {
    stepsOfType.set(type, [j, ...(stepsOfType.get(type) ?? [])]);
  });
  const bySubject = new Map<string, { t: number; j: number[] }[]>();
  for (const e of events) {
    const js = e.type === undefined ? undefined : stepsOfType.get(e.type);
    if (js === undefined) continue;
    if (options.perItem && e.itemId === undefined) {
      throw new SocialError(
        'BAD_ARGUMENT',
        `a ${e.type} event of ${e.userId} has no itemId`,
        'perItem funnels need itemId on every step event',
      );
    }
    const key = options.perItem ? `${e.userId}\u0000${e.itemId}` : e.userId;
    let list = bySubject.get(key);
    if (list === undefined) {
      list = [];
      bySubject.set(key, list);
    }
    list.push({ t: e.timestamp, j: js });
  }
  const reached = new Int32Array(steps.length);
  const latestStart = new Float64Array(steps.length);
  for (const list of bySubject.values()) {
    list.sort((a, b) => a.t - b.t || a.j[a.j.length - 1]! - b.j[b.j.length - 1]!);
    latestStart.fill(Number.NEGATIVE_INFINITY);
    let depth = 0;
    for (const { t, j: js } of list) {
      for (const j of js) {
        if (j === 0) latestStart[0] = t;
        else if (latestStart[j - 1]! > Number.NEGATIVE_INFINITY && t - latestStart[j - 1]! <= windowMs)
          latestStart[j] = Math.max(latestStart[j]!, latestStart[j - 1]!);
        else continue;
        depth = Math.max(depth, j + 1);
      }
    }
    for (let j = 0; j < depth; j++) reached[j]!++;
  }
  return steps.map((step, j) => ({
    step,
    count: reached[j]!,
    conversionFromPrevious:
      j === 0 ? (reached[0] ? 1 : 0) : reached[j - 1] ? reached[j]! / reached[j - 1]! : 0,
    conversionFromStart: reached[0] ? reached[j]! / reached[0]! : 0,
  }));
}
