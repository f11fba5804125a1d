import { SocialError } from '../errors.js';
import { assertTimestamps, MS_PER_HOUR } from './time.js';

/** One engagement with an item (view, like, share…), optionally weighted by type. */
export interface ItemEvent {
  readonly itemId: string;
  readonly timestamp: number;
  /** Default 1; e.g. 1 view, 3 like, 5 share. */
  readonly weight?: number;
}

export interface TrendingOptions {
  /** Evaluation time, epoch ms. Events after it are ignored. */
  readonly now: number;
  /** Bucket for the baseline rate (and unit of `velocity`). Default 1 h. */
  readonly bucketMs?: number;
  /** Half-life of the decay applied to recent events. Default 1 h. */
  readonly halfLifeMs?: number;
  /** Recent window measured by the decayed velocity. Default 6 h. */
  readonly recentMs?: number;
  /** Baseline buckets before the recent window. Default 168 (one week of hours). */
  readonly baselineBuckets?: number;
  /** Floor of the baseline standard deviation, in events per bucket. Default 1. */
  readonly minStd?: number;
  /** Items need at least this many recent events to be listed. Default 1. */
  readonly minRecentEvents?: number;
  /** Keep the top N by z-score. Default: all. */
  readonly limit?: number;
}

export interface TrendingItem {
  readonly itemId: string;
  /** Time-decayed event rate in the recent window, per bucket. */
  readonly velocity: number;
  /** Mean and standard deviation of the item's per-bucket rate over its baseline. */
  readonly baselineMean: number;
  readonly baselineStd: number;
  /** (velocity − baselineMean) / max(baselineStd, √baselineMean, minStd). */
  readonly zScore: number;
  readonly recentEvents: number;
}

interface Accumulator {
  decayed: number;
  recentEvents: number;
  buckets: Float64Array;
}

/**
 * Items whose recent activity is unusual for *them*: a decayed velocity compared with the item's own
 * baseline. Velocity = Σ w·2^(−age/h) · bucket / ∫₀^R 2^(−t/h) dt, which equals the true rate per bucket
 * when the rate is constant. The std is floored at √mean (Poisson noise) and `minStd`, so flat or empty
 * histories do not give infinite z-scores. Sorted by z-score, highest first.
 */
export function trendingItems(events: readonly ItemEvent[], options: TrendingOptions): TrendingItem[] {
  const { now } = options;
  const bucketMs = options.bucketMs ?? MS_PER_HOUR;
  const halfLifeMs = options.halfLifeMs ?? MS_PER_HOUR;
  const recentMs = options.recentMs ?? 6 * MS_PER_HOUR;
  const baselineBuckets = options.baselineBuckets ?? 168;
  const minStd = options.minStd ?? 1;
  if (!Number.isFinite(now) || !(bucketMs > 0 && halfLifeMs > 0 && recentMs > 0 && baselineBuckets >= 2)) {
    throw new SocialError(
      'BAD_ARGUMENT',
      'trendingItems needs a finite now, positive durations and baselineBuckets ≥ 2',
      'e.g. { now: Date.now() }',
    );
  }
  assertTimestamps(events, 'events');
  const recentStart = now - recentMs;
  const baselineStart = recentStart - baselineBuckets * bucketMs;
  const byItem = new Map<string, Accumulator>();
  for (const e of events) {
    if (e.timestamp > now || e.timestamp < baselineStart) continue;
    let acc = byItem.get(e.itemId);
    if (acc === undefined) {
      acc = { decayed: 0, recentEvents: 0, buckets: new Float64Array(baselineBuckets) };
      byItem.set(e.itemId, acc);
    }
    const w = e.weight ?? 1;
    if (e.timestamp >= recentStart) {
      acc.decayed += w * 2 ** (-(now - e.timestamp) / halfLifeMs);
      acc.recentEvents++;
    } else {
      acc.buckets[Math.floor((e.timestamp - baselineStart) / bucketMs)]! += w;
    }
  }
  const decayIntegral = (halfLifeMs / Math.LN2) * (1 - 2 ** (-recentMs / halfLifeMs));
  const result: TrendingItem[] = [];
  for (const [itemId, acc] of byItem) {
    if (acc.recentEvents < (options.minRecentEvents ?? 1)) continue;
    const mean = acc.buckets.reduce((a, b) => a + b, 0) / baselineBuckets;
    const variance = acc.buckets.reduce((a, b) => a + (b - mean) ** 2, 0) / (baselineBuckets - 1);
    const velocity = (acc.decayed * bucketMs) / decayIntegral;
    const spread = Math.max(Math.sqrt(variance), Math.sqrt(mean), minStd);
    result.push({
      itemId,
      velocity,
      baselineMean: mean,
      baselineStd: Math.sqrt(variance),
      zScore: (velocity - mean) / spread,
      recentEvents: acc.recentEvents,
    });
  }
  result.sort((a, b) => b.zScore - a.zScore || b.velocity - a.velocity);
  return options.limit === undefined ? result : result.slice(0, options.limit);
}
