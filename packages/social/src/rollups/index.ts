// @tessera/social/rollups: the engagement analytics that read and write PostgreSQL (the package's
// main entry stays database-free).
export {
  type EngagementHistory,
  engagementHistory,
  type FunnelCounts,
  funnelCounts,
  type LifecycleRow,
} from './engagement-history.js';
export {
  defaultSnapshotMaxAgeSeconds,
  funnelKey,
  funnelWindowIntervals,
  historyKey,
  type InfluencerSnapshot,
  influencersKey,
  readSnapshot,
  refreshEngagementSnapshots,
  type TrendingSnapshot,
  trendingKey,
  trendingSnapshotMaxAgeSeconds,
} from './engagement-snapshots.js';
export {
  influencerRanking,
  influencerSnapshotSize,
  type RankedInfluencer,
} from './influence-ranking.js';
export {
  type SentimentPeriod,
  type SentimentScope,
  sentimentOverTime,
} from './sentiment-trend-query.js';
export { type SocialCounts, socialCounts } from './social-counts.js';
export { applySocialRollups, type StoredEvent } from './social-rollup-writer.js';
export {
  type TrendingItemRow,
  type TrendingWindow,
  trendingEngagementScore,
  trendingItems,
  trendingSnapshotSize,
  trendingWindows,
} from './trending-items.js';
export { type ViralitySummary, viralitySummary } from './virality-query.js';
