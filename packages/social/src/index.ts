// Public API of @tessera/social: pure, database-free social-signal analytics.

export { type ActiveUsersPoint, activeUsers } from './analytics/active-users.js';
export { type ActivityEvent, activeIntervalsByUser } from './analytics/activity.js';
export { type Cascade, type CascadeSummary, type ShareEvent, shareCascades } from './analytics/cascades.js';
export { type FunnelOptions, type FunnelStep, funnel } from './analytics/funnel.js';
export { type LifecyclePoint, lifecycle, lifecycleOfIntervals } from './analytics/lifecycle.js';
export {
  type RetentionCohort,
  type RetentionOptions,
  retentionCohorts,
  retentionOfIntervals,
} from './analytics/retention.js';
export { type ScoredText, type SentimentTrendPoint, sentimentTrend } from './analytics/sentiment-trend.js';
export {
  dayNumber,
  type Interval,
  intervalNumber,
  intervalStart,
  MS_PER_DAY,
  MS_PER_HOUR,
} from './analytics/time.js';
export {
  type ItemEvent,
  type TrendingItem,
  type TrendingOptions,
  trendingItems,
} from './analytics/trending.js';
export * from './errors.js';
export {
  evaluateSentiment,
  neutralPointOf,
  type SentimentEvaluation,
  type SentimentEvaluationOptions,
} from './evaluation/evaluate-sentiment.js';
export { type LabelledText, parseLabelledLines } from './evaluation/labelled-file.js';
export { macroF1, pearson } from './evaluation/metrics.js';
export type { Edge, IndexedGraph, IndexOptions } from './graph/graph.js';
export { indexGraph } from './graph/graph.js';
export {
  type Follow,
  type InfluenceOptions,
  type Influencer,
  influenceEdges,
  influencers,
} from './graph/influencers.js';
export { type NodeWeights, type PageRankOptions, pagerank } from './graph/pagerank.js';
export { detectLanguage, type LanguageCheck, type LanguageCode } from './sentiment/language.js';
export {
  type ScoredSentiment,
  type SentimentResult,
  sentiment,
  sentimentClass,
  type UnsupportedSentiment,
} from './sentiment/sentiment.js';
export { type SentimentScores, vaderScores } from './sentiment/vader.js';
