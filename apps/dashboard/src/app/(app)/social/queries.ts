export interface EngagementSummary {
  dau: number;
  mau: number;
  funnel: { step: string; conversionFromPrevious: number }[];
}

export const engagementSummaryQuery =
  '{ engagement(window: MONTH) { dau mau funnel { step conversionFromPrevious } } }';

export interface Engagement {
  dau: number;
  wau: number;
  mau: number;
  stickiness: number;
  series: { start: string; activeUsers: number; events: number }[];
  retention: { cohort: string; size: number; rates: number[] }[];
  funnel: { step: string; users: number; conversionFromPrevious: number; conversionFromStart: number }[];
}

export interface SentimentPoint {
  start: string;
  mean: number;
  count: number;
  positive: number;
  neutral: number;
  negative: number;
}

export interface Influencer {
  userId: string;
  score: number;
  rank: number;
  followers: number;
}

export interface SocialAnalytics {
  likes: number;
  shares: number;
  comments: number;
  reviews: number;
  follows: number;
  sentimentMean: number | null;
  trending: {
    itemId: string;
    current: number;
    baseline: number;
    zScore: number;
    item: { title: string } | null;
  }[];
  virality: { totalShares: number; cascades: number; kFactor: number; meanDepth: number; maxDepth: number };
}

export const socialQueries = {
  analytics: `{ socialAnalytics(window: WEEK) {
    likes shares comments reviews follows sentimentMean
    trending(count: 10) { itemId current baseline zScore item { title } }
    virality { totalShares cascades kFactor meanDepth maxDepth }
  } }`,
  engagement: `{ engagement(window: MONTH, interval: DAY) {
    dau wau mau stickiness
    series { start activeUsers events }
    retention { cohort size rates }
    funnel { step users conversionFromPrevious conversionFromStart }
  } }`,
  sentiment:
    '{ sentimentTrend(window: MONTH, interval: DAY) { start mean count positive neutral negative } }',
  influencers: '{ influencers(count: 10) { userId score rank followers } }',
};
