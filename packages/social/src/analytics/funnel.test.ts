import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/random.js';
import type { ActivityEvent } from './activity.js';
import { funnel } from './funnel.js';
import { MS_PER_DAY } from './time.js';

const T0 = Date.UTC(2026, 2, 1);
const ev = (userId: string, type: string, hours: number, itemId = 'i1'): ActivityEvent => ({
  userId,
  type,
  itemId,
  timestamp: T0 + hours * 3_600_000,
});

describe('funnel', () => {
  it('recovers planted view → click → purchase conversions', () => {
    const random = seededRandom(5);
    const events: ActivityEvent[] = [];
    for (let u = 0; u < 200; u++) {
      const start = random() * 1000;
      events.push(ev(`u${u}`, 'view', start));
      if (u < 80) events.push(ev(`u${u}`, 'click', start + 1 + random() * 10));
      if (u < 20) events.push(ev(`u${u}`, 'purchase', start + 20 + random() * 10));
    }
    // Noise that must not count: purchase before any view; click 10 days after the view.
    events.push(ev('early', 'purchase', 0), ev('early', 'view', 5));
    events.push(ev('slow', 'view', 0), ev('slow', 'click', 240));
    const result = funnel(events.sort(() => random() - 0.5));
    expect(result.map((s) => [s.step, s.count])).toEqual([
      ['view', 202],
      ['click', 80],
      ['purchase', 20],
    ]);
    expect(result[1]!.conversionFromPrevious).toBeCloseTo(80 / 202, 12);
    expect(result[2]!.conversionFromPrevious).toBe(0.25);
    expect(result[2]!.conversionFromStart).toBeCloseTo(20 / 202, 12);
  });

  it('finds a later start that fits the window when the first one does not', () => {
    const events = [
      ev('u', 'view', 0),
      ev('u', 'view', 100),
      ev('u', 'click', 101),
      ev('u', 'purchase', 102),
    ];
    expect(funnel(events, { windowMs: 5 * 3_600_000 }).map((s) => s.count)).toEqual([1, 1, 1]);
    expect(funnel(events, { windowMs: 0.5 * 3_600_000 }).map((s) => s.count)).toEqual([1, 0, 0]);
  });

  it('per item, a click must follow a view of the same item', () => {
    const events = [
      ev('u', 'view', 0, 'a'),
      ev('u', 'click', 1, 'b'),
      ev('v', 'view', 0, 'a'),
      ev('v', 'click', 1, 'a'),
    ];
    expect(funnel(events, { perItem: true }).map((s) => s.count)).toEqual([2, 1, 0]);
    expect(funnel(events).map((s) => s.count)).toEqual([2, 2, 0]);
    expect(() => funnel([{ userId: 'u', type: 'view', timestamp: 0 }], { perItem: true })).toThrow(
      /has no itemId/,
    );
  });

  it('accepts custom steps, and the same timestamp for consecutive steps', () => {
    const events = [ev('u', 'signup', 0), ev('u', 'follow', 0), ev('u', 'share', 1)];
    const result = funnel(events, {
      steps: ['signup', 'follow', 'share'],
      windowMs: Number.POSITIVE_INFINITY,
    });
    expect(result.map((s) => s.count)).toEqual([1, 1, 1]);
    expect(funnel([ev('u', 'click', 0)], { windowMs: 7 * MS_PER_DAY }).map((s) => s.count)).toEqual([
      0, 0, 0,
    ]);
  });
});
