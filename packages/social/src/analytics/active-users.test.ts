import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/random.js';
import { activeUsers } from './active-users.js';
import type { ActivityEvent } from './activity.js';
import { MS_PER_DAY } from './time.js';

const DAY0 = Date.UTC(2026, 0, 5); // a Monday
const at = (userId: string, day: number, hour = 12): ActivityEvent => ({
  userId,
  timestamp: DAY0 + day * MS_PER_DAY + hour * 3_600_000,
});

describe('activeUsers', () => {
  it('counts planted daily, weekly and one-off users', () => {
    const events: ActivityEvent[] = [];
    for (let d = 0; d < 60; d++)
      for (let u = 0; u < 10; u++) events.push(at(`daily${u}`, d), at(`daily${u}`, d, 18));
    for (let d = 0; d < 60; d += 7) for (let u = 0; u < 20; u++) events.push(at(`monday${u}`, d));
    for (let u = 0; u < 5; u++) events.push(at(`once${u}`, 45));
    const [day49, day50] = activeUsers(events, {
      from: DAY0 + 49 * MS_PER_DAY,
      to: DAY0 + 50 * MS_PER_DAY + 5,
    });
    // Day 49 is a Monday: daily + monday users. The one-off users (day 45) are inside both windows.
    expect(day49).toMatchObject({ dayStart: DAY0 + 49 * MS_PER_DAY, dau: 30, wau: 35, mau: 35 });
    expect(day50).toMatchObject({ dau: 10, wau: 35, mau: 35 });
    expect(day50!.stickiness).toBeCloseTo(10 / 35, 12);
    const [day53] = activeUsers(events, { from: DAY0 + 53 * MS_PER_DAY, to: DAY0 + 53 * MS_PER_DAY });
    expect(day53).toMatchObject({ dau: 10, wau: 30, mau: 35 }); // day 45 fell out of the 7-day window
  });

  it('agrees with a brute-force count on random activity', () => {
    const random = seededRandom(3);
    const events = Array.from({ length: 3000 }, () => ({
      userId: `u${Math.floor(random() * 200)}`,
      timestamp: DAY0 + random() * 90 * MS_PER_DAY,
    }));
    const series = activeUsers(events, { from: DAY0 + 30 * MS_PER_DAY, to: DAY0 + 89 * MS_PER_DAY });
    expect(series).toHaveLength(60);
    const distinct = (lo: number, hi: number) =>
      new Set(events.filter((e) => e.timestamp >= lo && e.timestamp < hi).map((e) => e.userId)).size;
    for (const p of series) {
      const end = p.dayStart + MS_PER_DAY;
      expect([p.dau, p.wau, p.mau]).toEqual([
        distinct(p.dayStart, end),
        distinct(end - 7 * MS_PER_DAY, end),
        distinct(end - 30 * MS_PER_DAY, end),
      ]);
    }
  });

  it('rejects an inverted range with a code', () => {
    expect(() => activeUsers([], { from: DAY0, to: DAY0 - MS_PER_DAY })).toThrow(
      expect.objectContaining({ code: 'BAD_ARGUMENT' }),
    );
  });
});
