import { describe, expect, it } from 'vitest';
import { poisson, seededRandom } from '../testing/random.js';
import { MS_PER_HOUR } from './time.js';
import { type ItemEvent, trendingItems } from './trending.js';

const NOW = Date.UTC(2026, 10, 28, 12);
const BASELINE_START = NOW - 6 * MS_PER_HOUR - 168 * MS_PER_HOUR;

/** Poisson events for one item: `rate(hourStart)` events per hour from the baseline start to now. */
function hourlyEvents(
  itemId: string,
  random: () => number,
  rate: (hourStart: number) => number,
): ItemEvent[] {
  const events: ItemEvent[] = [];
  for (let t = BASELINE_START; t < NOW; t += MS_PER_HOUR) {
    const n = poisson(random, rate(t));
    for (let k = 0; k < n; k++) events.push({ itemId, timestamp: t + random() * MS_PER_HOUR });
  }
  return events;
}

describe('trendingItems', () => {
  it('measures a constant rate as that rate, with a z-score near 0', () => {
    const events: ItemEvent[] = [];
    // One event every 10 minutes, offset by 5 minutes, for the whole baseline and recent window.
    for (let t = NOW - 5 * 60_000; t >= BASELINE_START; t -= 10 * 60_000)
      events.push({ itemId: 'steady', timestamp: t });
    const [steady] = trendingItems(events, { now: NOW });
    expect(steady!.velocity).toBeCloseTo(6, 1);
    expect(steady!.baselineMean).toBe(6);
    expect(Math.abs(steady!.zScore)).toBeLessThan(0.1);
  });

  it('ranks a planted surge above items that are merely popular', () => {
    const random = seededRandom(42);
    const events: ItemEvent[] = [];
    for (let i = 0; i < 30; i++) {
      const rate = 2 + random() * 18;
      events.push(...hourlyEvents(`item${i}`, random, () => rate));
    }
    events.push(...hourlyEvents('popular', random, () => 60));
    // 3 events/hour for a week, then 18/hour over the last 3 hours.
    events.push(...hourlyEvents('surge', random, (t) => (t >= NOW - 3 * MS_PER_HOUR ? 18 : 3)));
    const ranked = trendingItems(events, { now: NOW });
    expect(ranked[0]!.itemId).toBe('surge');
    expect(ranked[0]!.zScore).toBeGreaterThan(3);
    const popular = ranked.find((r) => r.itemId === 'popular')!;
    expect(popular.velocity).toBeGreaterThan(ranked[0]!.velocity);
    expect(Math.abs(popular.zScore)).toBeLessThan(2.5);
    expect(trendingItems(events, { now: NOW, limit: 3 })).toHaveLength(3);
  });

  it('weights events, ignores the future and the distant past, and filters thin items', () => {
    const events: ItemEvent[] = [
      { itemId: 'a', timestamp: NOW - 1000, weight: 5 },
      { itemId: 'a', timestamp: NOW + 1000 },
      { itemId: 'b', timestamp: NOW - 1000 },
      { itemId: 'old', timestamp: BASELINE_START - 1 },
    ];
    const ranked = trendingItems(events, { now: NOW });
    expect(ranked.map((r) => r.itemId)).toEqual(['a', 'b']);
    expect(ranked[0]!.velocity).toBeCloseTo(5 * ranked[1]!.velocity, 9);
    expect(trendingItems(events, { now: NOW, minRecentEvents: 2 })).toEqual([]);
  });

  it('rejects bad options and timestamps with codes', () => {
    expect(() => trendingItems([], { now: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'BAD_ARGUMENT' }),
    );
    expect(() => trendingItems([{ itemId: 'a', timestamp: Number.NaN }], { now: NOW })).toThrow(
      /events\[0\]/,
    );
  });
});
