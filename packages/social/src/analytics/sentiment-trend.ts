import { sentimentClass } from '../sentiment/sentiment.js';
import { assertTimestamps, type Interval, intervalNumber, intervalStart } from './time.js';

/** A scored review/comment; `key` is what to trend by (an item id, a category…). */
export interface ScoredText {
  readonly key: string;
  readonly timestamp: number;
  /** VADER compound in [−1, 1]; unsupported (non-English) texts should simply not be passed. */
  readonly compound: number;
}

export interface SentimentTrendPoint {
  readonly key: string;
  /** First millisecond of the interval. */
  readonly start: number;
  readonly n: number;
  readonly meanCompound: number;
  /** Counts by the ±0.05 compound thresholds. */
  readonly positive: number;
  readonly neutral: number;
  readonly negative: number;
  /** (positive − negative) / n, in [−1, 1]. */
  readonly netSentiment: number;
}

/** Sentiment per key per interval (UTC), sorted by key then time; empty intervals are omitted. */
export function sentimentTrend(
  texts: readonly ScoredText[],
  options: { readonly interval?: Interval } = {},
): SentimentTrendPoint[] {
  const interval = options.interval ?? 'day';
  assertTimestamps(texts, 'texts');
  const cells = new Map<
    string,
    Map<number, { n: number; sum: number; pos: number; neu: number; neg: number }>
  >();
  for (const t of texts) {
    let byInterval = cells.get(t.key);
    if (byInterval === undefined) {
      byInterval = new Map();
      cells.set(t.key, byInterval);
    }
    const i = intervalNumber(t.timestamp, interval);
    let c = byInterval.get(i);
    if (c === undefined) {
      c = { n: 0, sum: 0, pos: 0, neu: 0, neg: 0 };
      byInterval.set(i, c);
    }
    c.n++;
    c.sum += t.compound;
    const cls = sentimentClass(t.compound);
    if (cls === 'positive') c.pos++;
    else if (cls === 'negative') c.neg++;
    else c.neu++;
  }
  const points: SentimentTrendPoint[] = [];
  for (const key of [...cells.keys()].sort()) {
    const byInterval = cells.get(key)!;
    for (const i of [...byInterval.keys()].sort((a, b) => a - b)) {
      const c = byInterval.get(i)!;
      points.push({
        key,
        start: intervalStart(i, interval),
        n: c.n,
        meanCompound: c.sum / c.n,
        positive: c.pos,
        neutral: c.neu,
        negative: c.neg,
        netSentiment: (c.pos - c.neg) / c.n,
      });
    }
  }
  return points;
}
