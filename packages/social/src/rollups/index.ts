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
} from './engagement-snapshots.js';
export {
  influencerRanking,
  influencerSnapshotSize,
  type RankedInfluencer,
} from './influence-ranking.js';
