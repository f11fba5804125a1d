import { describe, expect, it } from 'vitest';
import { dayNumber, intervalNumber, intervalStart, MS_PER_DAY } from './time.js';

describe('calendar intervals (UTC)', () => {
  it('starts weeks on Monday', () => {
    const monday = Date.UTC(2026, 10, 23);
    const sunday = Date.UTC(2026, 10, 29, 23, 59);
    expect(new Date(monday).getUTCDay()).toBe(1);
    expect(intervalNumber(sunday, 'week')).toBe(intervalNumber(monday, 'week'));
    expect(intervalNumber(monday - 1, 'week')).toBe(intervalNumber(monday, 'week') - 1);
    expect(intervalStart(intervalNumber(sunday, 'week'), 'week')).toBe(monday);
  });

  it('maps every timestamp into the interval that starts at intervalStart', () => {
    for (const interval of ['day', 'week', 'month'] as const) {
      for (let t = Date.UTC(1969, 11, 1); t < Date.UTC(2027, 0, 1); t += 17.3 * MS_PER_DAY) {
        const i = intervalNumber(t, interval);
        expect(intervalStart(i, interval)).toBeLessThanOrEqual(t);
        expect(intervalStart(i + 1, interval)).toBeGreaterThan(t);
      }
    }
  });

  it('numbers days and months from 1970', () => {
    expect(dayNumber(0)).toBe(0);
    expect(dayNumber(-1)).toBe(-1);
    expect(intervalNumber(Date.UTC(1971, 1, 15), 'month')).toBe(13);
    expect(intervalStart(-1, 'month')).toBe(Date.UTC(1969, 11, 1));
  });
});
