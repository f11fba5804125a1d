import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/random.js';
import type { ActivityEvent } from './activity.js';
import { retentionCohorts } from './retention.js';
import { MS_PER_DAY } from './time.js';

const WEEK0 = Date.UTC(2026, 0, 5); // a Monday
const random = seededRandom(11);
/** An event at a random moment of week `w`. */
const inWeek = (userId: string, w: number): ActivityEvent => ({
  userId,
  timestamp: WEEK0 + (w * 7 + random() * 7) * MS_PER_DAY,
});

describe('retentionCohorts', () => {
  it('recovers a planted weekly cohort matrix', () => {
    const events: ActivityEvent[] = [];
    // Week-0 cohort: 100 users; 50 back in week 1, 25 in week 2, 10 in week 3.
    for (let u = 0; u < 100; u++) {
      events.push(inWeek(`a${u}`, 0), inWeek(`a${u}`, 0));
      if (u < 50) events.push(inWeek(`a${u}`, 1));
      if (u < 25) events.push(inWeek(`a${u}`, 2));
      if (u < 10) events.push(inWeek(`a${u}`, 3));
    }
    // Week-1 cohort: 40 users; 10 back in week 3 only (none in week 2).
    for (let u = 0; u < 40; u++) {
      events.push(inWeek(`b${u}`, 1));
      if (u < 10) events.push(inWeek(`b${u}`, 3));
    }
    const cohorts = retentionCohorts(events, { periods: 8 });
    expect(cohorts.map((c) => [c.start, c.size, c.retained])).toEqual([
      [WEEK0, 100, [100, 50, 25, 10]],
      [WEEK0 + 7 * MS_PER_DAY, 40, [40, 0, 10]],
    ]);
    expect(cohorts[0]!.rates).toEqual([1, 0.5, 0.25, 0.1]);
  });

  it('caps rows at `periods` and at `asOf`, and supports days and months', () => {
    const events = [0, 1, 2, 3, 4].map((w) => inWeek('u', w));
    expect(retentionCohorts(events, { periods: 2 })[0]!.retained).toEqual([1, 1, 1]);
    expect(retentionCohorts(events, { asOf: WEEK0 + 8 * MS_PER_DAY })[0]!.retained).toEqual([1, 1]);
    const daily = retentionCohorts(
      [
        { userId: 'u', timestamp: WEEK0 },
        { userId: 'u', timestamp: WEEK0 + 2 * MS_PER_DAY },
      ],
      {
        interval: 'day',
      },
    );
    expect(daily[0]!.retained).toEqual([1, 0, 1]);
    const monthly = retentionCohorts(
      [
        { userId: 'u', timestamp: Date.UTC(2026, 0, 31) },
        { userId: 'u', timestamp: Date.UTC(2026, 1, 1) },
      ],
      { interval: 'month' },
    );
    expect(monthly).toEqual([{ start: Date.UTC(2026, 0, 1), size: 1, retained: [1, 1], rates: [1, 1] }]);
  });

  it('rejects a bad period count with a code', () => {
    expect(() => retentionCohorts([], { periods: -1 })).toThrow(
      expect.objectContaining({ code: 'BAD_ARGUMENT' }),
    );
  });
});
