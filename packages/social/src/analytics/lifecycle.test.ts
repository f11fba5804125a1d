import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from './activity.js';
import { lifecycle } from './lifecycle.js';
import { MS_PER_DAY } from './time.js';

const WEEK0 = Date.UTC(2026, 0, 5); // a Monday
const weeks = (userId: string, active: number[]): ActivityEvent[] =>
  active.map((w) => ({ userId, timestamp: WEEK0 + (w * 7 + 3) * MS_PER_DAY }));

describe('lifecycle', () => {
  it('classifies planted users into new, returning, resurrected and dormant', () => {
    const events = [
      ...weeks('steady', [0, 1, 2, 3]),
      ...weeks('gap', [0, 2]),
      ...weeks('late', [2, 3]),
      ...weeks('leaver', [0]),
      ...weeks('twice', [0, 2, 3]),
    ];
    const points = lifecycle(events);
    const rows = points.map((p) => [p.new, p.returning, p.resurrected, p.dormant]);
    expect(rows).toEqual([
      [4, 0, 0, 0], // week 0: steady, gap, leaver, twice are new
      [0, 1, 0, 3], // week 1: steady returns; gap, leaver, twice go dormant
      [1, 1, 2, 0], // week 2: late new; steady returns; gap and twice resurrected
      [0, 3, 0, 1], // week 3: steady, late, twice return; gap goes dormant
    ]);
    expect(points[0]!.start).toBe(WEEK0);
    expect(points[2]!.active).toBe(4);
    expect(points[1]!.quickRatio).toBe(0);
    expect(points[0]!.quickRatio).toBeNull();
  });

  it('returns nothing for no events', () => {
    expect(lifecycle([])).toEqual([]);
  });
});
