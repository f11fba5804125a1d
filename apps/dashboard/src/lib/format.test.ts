import { describe, expect, it } from 'vitest';
import { fmtDate, fmtNumber, fmtPercent, headlineMetric } from './format.js';

describe('format helpers', () => {
  it('formats missing values as a dash', () => {
    expect(fmtNumber(null)).toBe('—');
    expect(fmtPercent(undefined)).toBe('—');
    expect(fmtDate(null)).toBe('—');
  });

  it('formats numbers, ratios and UTC dates', () => {
    expect(fmtNumber(1234.567)).toBe('1,234.57');
    expect(fmtPercent(0.1234)).toBe('12.3%');
    expect(fmtDate('2026-01-02T03:04:00Z')).toBe('Jan 2, 2026, 3:04 AM UTC');
  });

  it('leads with NDCG@10 when a model reports it, else the first numeric metric', () => {
    expect(headlineMetric({ rmse: 0.9, 'ndcg@10': 0.3 })).toEqual(['ndcg@10', 0.3]);
    expect(headlineMetric({ note: 'x', coverage: 0.5 })).toEqual(['coverage', 0.5]);
    expect(headlineMetric({})).toBeUndefined();
  });
});
