import { describe, expect, it } from 'vitest';
import { vaderScores } from '../sentiment/vader.js';
import { sentimentTrend } from './sentiment-trend.js';
import { MS_PER_DAY } from './time.js';

const D0 = Date.UTC(2026, 4, 4); // a Monday

describe('sentimentTrend', () => {
  it('aggregates planted compounds per key and day', () => {
    const points = sentimentTrend([
      { key: 'b', timestamp: D0 + 5, compound: 0.5 },
      { key: 'a', timestamp: D0 + MS_PER_DAY, compound: -0.6 },
      { key: 'a', timestamp: D0 + 1, compound: 0.8 },
      { key: 'a', timestamp: D0 + 2, compound: 0.01 },
      { key: 'a', timestamp: D0 + 3, compound: -0.2 },
    ]);
    expect(points.map((p) => [p.key, p.start, p.n, p.positive, p.neutral, p.negative])).toEqual([
      ['a', D0, 3, 1, 1, 1],
      ['a', D0 + MS_PER_DAY, 1, 0, 0, 1],
      ['b', D0, 1, 1, 0, 0],
    ]);
    expect(points[0]!.meanCompound).toBeCloseTo(0.61 / 3, 12);
    expect(points[0]!.netSentiment).toBe(0);
  });

  it('shows a planted shift from praise to complaints week over week', () => {
    const reviews = [
      ...['Love it!', 'Great quality', 'Works perfectly :)'].map((t, k) => ({ t, day: k })),
      ...['Broke after a week', 'Terrible support', 'Awful, do not buy'].map((t, k) => ({ t, day: 7 + k })),
    ];
    const points = sentimentTrend(
      reviews.map(({ t, day }) => ({
        key: 'item1',
        timestamp: D0 + day * MS_PER_DAY,
        compound: vaderScores(t).compound,
      })),
      { interval: 'week' },
    );
    expect(points).toHaveLength(2);
    expect(points[0]!.meanCompound).toBeGreaterThan(0.3);
    expect(points[1]!.meanCompound).toBeLessThan(-0.3);
    expect(points[1]!.start).toBe(D0 + 7 * MS_PER_DAY);
  });
});
