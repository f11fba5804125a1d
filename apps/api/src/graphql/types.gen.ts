import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CatalogItem } from '../serving/catalog.js';
import type { UserRow, ApiKeyRow, ModelRow, ExperimentRow, TrainingJobRow } from '../graphql/mappers.js';
import type { RequestContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** ISO-8601 date-time string. */
  DateTime: { input: Date | string; output: Date | string; }
  /** Arbitrary JSON value. */
  JSON: { input: unknown; output: unknown; }
};

export type ActivePoint = {
  __typename?: 'ActivePoint';
  activeUsers: Scalars['Int']['output'];
  events: Scalars['Int']['output'];
  start: Scalars['DateTime']['output'];
};

export type AdminRole =
  | 'admin'
  | 'owner'
  | 'viewer';

export type AdminUser = {
  __typename?: 'AdminUser';
  createdAt: Scalars['DateTime']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lastLoginAt?: Maybe<Scalars['DateTime']['output']>;
  role: AdminRole;
};

export type ApiKey = {
  __typename?: 'ApiKey';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  prefix: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  scopes: Array<ApiKeyScope>;
};

export type ApiKeyScope =
  | 'admin'
  | 'ingest'
  | 'read';

export type BayesianEstimate = {
  __typename?: 'BayesianEstimate';
  chanceToWin: Scalars['Float']['output'];
  ciHigh: Scalars['Float']['output'];
  ciLow: Scalars['Float']['output'];
  effect: Scalars['Float']['output'];
  riskControl: Scalars['Float']['output'];
  riskTreatment: Scalars['Float']['output'];
};

export type Caller = {
  __typename?: 'Caller';
  email?: Maybe<Scalars['String']['output']>;
  kind: Scalars['String']['output'];
  role?: Maybe<AdminRole>;
  scopes?: Maybe<Array<ApiKeyScope>>;
  tenantId: Scalars['ID']['output'];
};

export type CreatedAdminUser = {
  __typename?: 'CreatedAdminUser';
  adminUser: AdminUser;
  /** True when the server generated the password. */
  generated: Scalars['Boolean']['output'];
  /** The password to hand to the new admin. Shown once: it is stored only as a hash. */
  password: Scalars['String']['output'];
};

export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  apiKey: ApiKey;
  /** The whole key. Shown once: store it now. */
  secret: Scalars['String']['output'];
};

export type DeadLetter = {
  __typename?: 'DeadLetter';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  message: Scalars['String']['output'];
  payload: Scalars['String']['output'];
  reasonCode: Scalars['String']['output'];
  source: Scalars['String']['output'];
};

export type EffectEstimate = {
  __typename?: 'EffectEstimate';
  ciHigh: Scalars['Float']['output'];
  ciLow: Scalars['Float']['output'];
  effect: Scalars['Float']['output'];
  pValue: Scalars['Float']['output'];
};

export type Engagement = {
  __typename?: 'Engagement';
  dau: Scalars['Int']['output'];
  funnel: Array<FunnelStep>;
  lifecycle: Array<LifecycleRow>;
  mau: Scalars['Int']['output'];
  retention: Array<RetentionRow>;
  series: Array<ActivePoint>;
  /** DAU / MAU. */
  stickiness: Scalars['Float']['output'];
  wau: Scalars['Int']['output'];
};

export type EventInput = {
  /** Client id for idempotency; the server assigns a ULID when absent. */
  eventId?: InputMaybe<Scalars['ID']['input']>;
  itemId?: InputMaybe<Scalars['ID']['input']>;
  props?: InputMaybe<Scalars['JSON']['input']>;
  /** Client time: ISO-8601 with a zone, or epoch milliseconds as digits ("1764504000000"); default now. */
  ts?: InputMaybe<Scalars['String']['input']>;
  type: Scalars['String']['input'];
  userId: Scalars['ID']['input'];
};

export type EventResult = {
  __typename?: 'EventResult';
  code?: Maybe<Scalars['String']['output']>;
  eventId?: Maybe<Scalars['ID']['output']>;
  index: Scalars['Int']['output'];
  message?: Maybe<Scalars['String']['output']>;
  status: EventStatus;
};

export type EventStatus =
  | 'ACCEPTED'
  | 'REJECTED';

export type Experiment = {
  __typename?: 'Experiment';
  coverage: Scalars['Float']['output'];
  createdAt: Scalars['DateTime']['output'];
  guardrails: Array<Scalars['String']['output']>;
  hashVersion: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  key: Scalars['String']['output'];
  /**
   * Per day since the start (the last `days` days at most): each variant's cumulative relative lift
   * over control on a metric (default: the first primary metric), with its always-valid (sequential)
   * interval, so every day may be read. Null for a draft.
   */
  liftSeries?: Maybe<LiftSeries>;
  metrics: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** Results at this moment; the sequential intervals are valid at every look. */
  results?: Maybe<ExperimentResults>;
  seed: Scalars['String']['output'];
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: ExperimentStatus;
  stoppedAt?: Maybe<Scalars['DateTime']['output']>;
  variants: Array<Variant>;
};


export type ExperimentLiftSeriesArgs = {
  alpha?: InputMaybe<Scalars['Float']['input']>;
  days?: InputMaybe<Scalars['Int']['input']>;
  metric?: InputMaybe<Scalars['String']['input']>;
};


export type ExperimentResultsArgs = {
  alpha?: InputMaybe<Scalars['Float']['input']>;
};

export type ExperimentInput = {
  /** Share of users in the experiment, 0–1. */
  coverage?: InputMaybe<Scalars['Float']['input']>;
  guardrails?: InputMaybe<Array<Scalars['String']['input']>>;
  key: Scalars['String']['input'];
  /** Primary metrics: ctr, conversion, revenue_per_user, mean_rating, clicks_per_user, ndcg, mrr (ranking quality of served lists from clicked positions). */
  metrics?: InputMaybe<Array<Scalars['String']['input']>>;
  name: Scalars['String']['input'];
  /** Hash seed; defaults to the key. */
  seed?: InputMaybe<Scalars['String']['input']>;
  variants: Array<VariantInput>;
};

export type ExperimentResults = {
  __typename?: 'ExperimentResults';
  lookedAt: Scalars['DateTime']['output'];
  metrics: Array<MetricResult>;
  srmPValue: Scalars['Float']['output'];
  srmWarning: Scalars['Boolean']['output'];
  units: Array<VariantUnits>;
  verdict: Scalars['String']['output'];
};

export type ExperimentStatus =
  | 'draft'
  | 'running'
  | 'stopped';

export type Features = {
  __typename?: 'Features';
  clicks: Scalars['Int']['output'];
  comments: Scalars['Int']['output'];
  /** Clicks over exposures; null before any exposure. */
  ctr?: Maybe<Scalars['Float']['output']>;
  exposures: Scalars['Int']['output'];
  firstSeen?: Maybe<Scalars['DateTime']['output']>;
  follows: Scalars['Int']['output'];
  lastSeen?: Maybe<Scalars['DateTime']['output']>;
  likes: Scalars['Int']['output'];
  purchases: Scalars['Int']['output'];
  ratingMean?: Maybe<Scalars['Float']['output']>;
  ratings: Scalars['Int']['output'];
  revenue: Scalars['Float']['output'];
  reviews: Scalars['Int']['output'];
  sentimentMean?: Maybe<Scalars['Float']['output']>;
  shares: Scalars['Int']['output'];
  views: Scalars['Int']['output'];
};

export type FunnelStep = {
  __typename?: 'FunnelStep';
  conversionFromPrevious: Scalars['Float']['output'];
  conversionFromStart: Scalars['Float']['output'];
  step: Scalars['String']['output'];
  users: Scalars['Int']['output'];
};

export type Influencer = {
  __typename?: 'Influencer';
  followers: Scalars['Int']['output'];
  rank: Scalars['Int']['output'];
  score: Scalars['Float']['output'];
  userId: Scalars['ID']['output'];
};

export type Interval =
  | 'DAY'
  | 'HOUR'
  | 'WEEK';

export type Item = {
  __typename?: 'Item';
  active: Scalars['Boolean']['output'];
  attributes: Scalars['JSON']['output'];
  category?: Maybe<Scalars['String']['output']>;
  features?: Maybe<Features>;
  id: Scalars['ID']['output'];
  title: Scalars['String']['output'];
  window: WindowCounts;
};


export type ItemWindowArgs = {
  window: Window;
};

export type ItemInput = {
  active?: InputMaybe<Scalars['Boolean']['input']>;
  assetClass?: InputMaybe<Scalars['String']['input']>;
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  category?: InputMaybe<Scalars['String']['input']>;
  contraindications?: InputMaybe<Array<Scalars['String']['input']>>;
  difficulty?: InputMaybe<Scalars['Float']['input']>;
  genres?: InputMaybe<Array<Scalars['String']['input']>>;
  id: Scalars['ID']['input'];
  prerequisites?: InputMaybe<Array<Scalars['String']['input']>>;
  price?: InputMaybe<Scalars['Float']['input']>;
  riskLevel?: InputMaybe<Scalars['Int']['input']>;
  title: Scalars['String']['input'];
};

export type JobStatus =
  | 'failed'
  | 'queued'
  | 'running'
  | 'succeeded';

export type LifecycleRow = {
  __typename?: 'LifecycleRow';
  dormant: Scalars['Int']['output'];
  new: Scalars['Int']['output'];
  resurrected: Scalars['Int']['output'];
  returning: Scalars['Int']['output'];
  start: Scalars['DateTime']['output'];
};

export type LiftPoint = {
  __typename?: 'LiftPoint';
  ciHigh?: Maybe<Scalars['Float']['output']>;
  ciLow?: Maybe<Scalars['Float']['output']>;
  controlN: Scalars['Int']['output'];
  /** End of the day (exclusive) up to which the data is counted. */
  day: Scalars['DateTime']['output'];
  effect?: Maybe<Scalars['Float']['output']>;
  /** Why there is no estimate for this day, when there is none. */
  error?: Maybe<Scalars['String']['output']>;
  n: Scalars['Int']['output'];
  variant: Scalars['String']['output'];
};

export type LiftSeries = {
  __typename?: 'LiftSeries';
  metric: Scalars['String']['output'];
  points: Array<LiftPoint>;
};

export type MetricResult = {
  __typename?: 'MetricResult';
  guardrail: Scalars['Boolean']['output'];
  metric: Scalars['String']['output'];
  variants: Array<VariantMetric>;
};

export type Model = {
  __typename?: 'Model';
  algorithm: Scalars['String']['output'];
  backend?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  dataFrom?: Maybe<Scalars['DateTime']['output']>;
  dataTo?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  metrics: Scalars['JSON']['output'];
  params: Scalars['JSON']['output'];
  promotedAt?: Maybe<Scalars['DateTime']['output']>;
  status: ModelStatus;
  trainSeconds?: Maybe<Scalars['Float']['output']>;
  version: Scalars['Int']['output'];
};

export type ModelStatus =
  | 'active'
  | 'candidate'
  | 'retired'
  | 'training';

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Owner only. Adds an admin. Without `password` a one-time password is generated; either way the
   * password is returned once in the answer and stored only as a scrypt hash.
   */
  createAdminUser: CreatedAdminUser;
  /** Creates an API key; the secret is returned once and never again. */
  createApiKey: CreatedApiKey;
  /** Creates a draft; the first variant is the control. */
  createExperiment: Experiment;
  /** Makes a version active (the previous active one of that algorithm retires); also rolls back. */
  promoteModel: Model;
  /** Owner only. Removes the admin and ends their sessions; the last owner cannot be removed. */
  removeAdminUser: AdminUser;
  revokeApiKey: ApiKey;
  startExperiment: Experiment;
  stopExperiment: Experiment;
  /**
   * Validates and accepts events; each gets its own result. With an idempotencyKey (a UUID or ULID
   * per request, 1–100 of letters, digits, _ : -), events without an eventId get `<key>.<position>.<digest>`,
   * so retrying the same request after a timeout or an UNAVAILABLE error stores each event once.
   */
  trackEvents: TrackEventsResult;
  /** Queues a retraining job for the tenant (the trainer picks it up). */
  trainModel: TrainingJob;
  /** Owner only. The tenant's last owner cannot be demoted. */
  updateAdminUserRole: AdminUser;
  /** Admin or owner. Replaces the rule overrides (absent fields fall back to the vertical's defaults). */
  updateTenantSettings: RuleSettings;
  upsertItems: UpsertResult;
  upsertUsers: UpsertResult;
};


export type MutationCreateAdminUserArgs = {
  email: Scalars['String']['input'];
  password?: InputMaybe<Scalars['String']['input']>;
  role: AdminRole;
};


export type MutationCreateApiKeyArgs = {
  name: Scalars['String']['input'];
  scopes: Array<ApiKeyScope>;
};


export type MutationCreateExperimentArgs = {
  input: ExperimentInput;
};


export type MutationPromoteModelArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRemoveAdminUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationStartExperimentArgs = {
  id: Scalars['ID']['input'];
};


export type MutationStopExperimentArgs = {
  id: Scalars['ID']['input'];
};


export type MutationTrackEventsArgs = {
  events: Array<EventInput>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};


export type MutationTrainModelArgs = {
  algorithm?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateAdminUserRoleArgs = {
  id: Scalars['ID']['input'];
  role: AdminRole;
};


export type MutationUpdateTenantSettingsArgs = {
  rules: RuleSettingsInput;
};


export type MutationUpsertItemsArgs = {
  items: Array<ItemInput>;
};


export type MutationUpsertUsersArgs = {
  users: Array<UserInput>;
};

export type Query = {
  __typename?: 'Query';
  /** The tenant's dashboard admins; every role may list them (API keys need the admin scope). */
  adminUsers: Array<AdminUser>;
  apiKeys: Array<ApiKey>;
  /** Active users, stickiness, retention cohorts, lifecycle and the view → click → purchase funnel. */
  engagement: Engagement;
  experiment?: Maybe<Experiment>;
  experiments: Array<Experiment>;
  /** Users ranked by PageRank on the follow graph plus re-share edges (props.parentShareId of a share). */
  influencers: Array<Influencer>;
  item?: Maybe<Item>;
  /** Who is calling: an API key or a dashboard admin. */
  me: Caller;
  models: Array<Model>;
  /** Top items for a user, with reasons. Unknown users get cold-start results. */
  recommendations: RecommendationList;
  /** The tenant's recommendation rules: its overrides, the vertical's defaults, and what applies. */
  ruleSettings: RuleSettings;
  /** Mean review/comment sentiment per interval, for one item or a category (or the whole tenant). */
  sentimentTrend: Array<SentimentPoint>;
  /** Items similar to an item, by the active model or by attributes when the item is new. */
  similarItems: Array<ScoredItem>;
  /** Social activity in the window: counts, sentiment, trending items and share virality. */
  socialAnalytics: SocialAnalytics;
  /** Ingest health of the caller's tenant: recent throughput and dead-lettered events with reasons. */
  streamHealth: StreamHealth;
  /** The caller's tenant. */
  tenant: Tenant;
  trainingJobs: Array<TrainingJob>;
  /** Items whose activity in the window is highest, optionally within a category. */
  trending: Array<ScoredItem>;
  user?: Maybe<User>;
};


export type QueryEngagementArgs = {
  interval?: InputMaybe<Interval>;
  window?: InputMaybe<Window>;
};


export type QueryExperimentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryExperimentsArgs = {
  status?: InputMaybe<ExperimentStatus>;
};


export type QueryInfluencersArgs = {
  count?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryItemArgs = {
  id: Scalars['ID']['input'];
};


export type QueryModelsArgs = {
  status?: InputMaybe<ModelStatus>;
};


export type QueryRecommendationsArgs = {
  context?: InputMaybe<RecommendationContext>;
  count?: InputMaybe<Scalars['Int']['input']>;
  filters?: InputMaybe<RecommendationFilters>;
  userId: Scalars['ID']['input'];
};


export type QuerySentimentTrendArgs = {
  category?: InputMaybe<Scalars['String']['input']>;
  interval?: InputMaybe<Interval>;
  itemId?: InputMaybe<Scalars['ID']['input']>;
  window?: InputMaybe<Window>;
};


export type QuerySimilarItemsArgs = {
  count?: InputMaybe<Scalars['Int']['input']>;
  itemId: Scalars['ID']['input'];
};


export type QuerySocialAnalyticsArgs = {
  window?: InputMaybe<Window>;
};


export type QueryStreamHealthArgs = {
  window?: InputMaybe<Window>;
};


export type QueryTrainingJobsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<JobStatus>;
};


export type QueryTrendingArgs = {
  category?: InputMaybe<Scalars['String']['input']>;
  count?: InputMaybe<Scalars['Int']['input']>;
  window?: InputMaybe<Window>;
};


export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};

export type Recommendation = {
  __typename?: 'Recommendation';
  item?: Maybe<Item>;
  itemId: Scalars['ID']['output'];
  reasons: Array<Scalars['String']['output']>;
  score: Scalars['Float']['output'];
};

export type RecommendationContext = {
  /** For item pages: the item being viewed. */
  itemId?: InputMaybe<Scalars['ID']['input']>;
  /** Where the list is shown, e.g. home, item-page; recorded with the exposure. */
  surface?: InputMaybe<Scalars['String']['input']>;
};

export type RecommendationFilters = {
  categories?: InputMaybe<Array<Scalars['String']['input']>>;
  excludeItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Include items the user already consumed (default: the vertical decides). */
  includeConsumed?: InputMaybe<Scalars['Boolean']['input']>;
};

export type RecommendationList = {
  __typename?: 'RecommendationList';
  coldStart: Scalars['Boolean']['output'];
  experiment?: Maybe<Scalars['String']['output']>;
  items: Array<Recommendation>;
  modelId?: Maybe<Scalars['ID']['output']>;
  /** Algorithm and version of the model that ranked the list; null when only popularity was used. */
  modelVersion?: Maybe<Scalars['String']['output']>;
  requestId: Scalars['ID']['output'];
  userId: Scalars['ID']['output'];
  variant?: Maybe<Scalars['String']['output']>;
};

export type RetentionRow = {
  __typename?: 'RetentionRow';
  cohort: Scalars['DateTime']['output'];
  rates: Array<Scalars['Float']['output']>;
  size: Scalars['Int']['output'];
};

export type RuleSettings = {
  __typename?: 'RuleSettings';
  defaults: RuleValues;
  /** Defaults with the overrides applied: what recommendations use. */
  effective: RuleValues;
  /** What the tenant set (tenants.settings.rules); absent keys use the defaults. */
  overrides: Scalars['JSON']['output'];
  vertical: Vertical;
};

export type RuleSettingsInput = {
  defaultLevel?: InputMaybe<Scalars['Float']['input']>;
  defaultRiskTolerance?: InputMaybe<Scalars['Int']['input']>;
  diversityLambda?: InputMaybe<Scalars['Float']['input']>;
  maxDifficultyGap?: InputMaybe<Scalars['Float']['input']>;
  maxPerAssetClass?: InputMaybe<Scalars['Int']['input']>;
  weights?: InputMaybe<ScoreWeightsInput>;
};

/** The knobs of the vertical pipelines (packages/pipelines VerticalSettings). */
export type RuleValues = {
  __typename?: 'RuleValues';
  /** education: level assumed for a learner with none on file. */
  defaultLevel: Scalars['Float']['output'];
  /** finance: risk tolerance (1–5) assumed for a user with none on file. */
  defaultRiskTolerance: Scalars['Int']['output'];
  /** MMR trade-off: 1 = pure relevance, 0 = pure diversity. */
  diversityLambda: Scalars['Float']['output'];
  /** education: how far an item's difficulty may be from the learner's level. */
  maxDifficultyGap: Scalars['Float']['output'];
  /** finance: at most this many items per asset class in one list. */
  maxPerAssetClass: Scalars['Int']['output'];
  weights: ScoreWeights;
};

export type ScoreWeights = {
  __typename?: 'ScoreWeights';
  personal: Scalars['Float']['output'];
  popularity: Scalars['Float']['output'];
  recency: Scalars['Float']['output'];
  social: Scalars['Float']['output'];
};

export type ScoreWeightsInput = {
  personal?: InputMaybe<Scalars['Float']['input']>;
  popularity?: InputMaybe<Scalars['Float']['input']>;
  recency?: InputMaybe<Scalars['Float']['input']>;
  social?: InputMaybe<Scalars['Float']['input']>;
};

export type ScoredItem = {
  __typename?: 'ScoredItem';
  item?: Maybe<Item>;
  itemId: Scalars['ID']['output'];
  score: Scalars['Float']['output'];
};

export type SentimentPoint = {
  __typename?: 'SentimentPoint';
  count: Scalars['Int']['output'];
  mean: Scalars['Float']['output'];
  negative: Scalars['Int']['output'];
  neutral: Scalars['Int']['output'];
  positive: Scalars['Int']['output'];
  start: Scalars['DateTime']['output'];
};

export type SocialAnalytics = {
  __typename?: 'SocialAnalytics';
  comments: Scalars['Int']['output'];
  follows: Scalars['Int']['output'];
  likes: Scalars['Int']['output'];
  reviews: Scalars['Int']['output'];
  sentimentMean?: Maybe<Scalars['Float']['output']>;
  shares: Scalars['Int']['output'];
  /**
   * Items whose activity rose most against their own recent baseline. Served from a snapshot the
   * stream-worker recomputes every few minutes (default 5) with the same query, used while at most
   * 10 minutes old (else computed live): events of the last few minutes may not be counted yet.
   */
  trending: Array<TrendingItem>;
  virality: Virality;
  window: Window;
};


export type SocialAnalyticsTrendingArgs = {
  count?: InputMaybe<Scalars['Int']['input']>;
};

export type StreamHealth = {
  __typename?: 'StreamHealth';
  byType: Array<TypeCount>;
  deadLetterCount: Scalars['Int']['output'];
  deadLetters: Array<DeadLetter>;
  /** Events stored in the window, and per second. */
  events: Scalars['Int']['output'];
  eventsPerSecond: Scalars['Float']['output'];
  freshnessSeconds?: Maybe<Scalars['Float']['output']>;
  /** Newest stored event's receipt time; how far ingestion lags behind now. */
  lastReceivedAt?: Maybe<Scalars['DateTime']['output']>;
  window: Window;
};


export type StreamHealthDeadLettersArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};

export type Tenant = {
  __typename?: 'Tenant';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  settings: Scalars['JSON']['output'];
  slug: Scalars['String']['output'];
  vertical: Vertical;
};

export type TrackEventsResult = {
  __typename?: 'TrackEventsResult';
  accepted: Scalars['Int']['output'];
  rejected: Scalars['Int']['output'];
  results: Array<EventResult>;
};

export type TrainingJob = {
  __typename?: 'TrainingJob';
  algorithm: Scalars['String']['output'];
  attempts: Scalars['Int']['output'];
  claimedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  error?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  modelId?: Maybe<Scalars['ID']['output']>;
  reason: Scalars['String']['output'];
  status: JobStatus;
};

export type TrendingItem = {
  __typename?: 'TrendingItem';
  /** Mean engagement over the four preceding windows. */
  baseline: Scalars['Float']['output'];
  /** Engagement in the window. */
  current: Scalars['Float']['output'];
  item?: Maybe<Item>;
  itemId: Scalars['ID']['output'];
  /** (current − baseline) / sqrt(variance + baseline + 1): a smoothed z-score. */
  zScore: Scalars['Float']['output'];
};

export type TypeCount = {
  __typename?: 'TypeCount';
  count: Scalars['Int']['output'];
  type: Scalars['String']['output'];
};

export type UpsertResult = {
  __typename?: 'UpsertResult';
  upserted: Scalars['Int']['output'];
};

export type User = {
  __typename?: 'User';
  attributes: Scalars['JSON']['output'];
  features?: Maybe<Features>;
  followers: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  segment?: Maybe<Scalars['String']['output']>;
  window: WindowCounts;
};


export type UserWindowArgs = {
  window: Window;
};

export type UserInput = {
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  completedItems?: InputMaybe<Array<Scalars['ID']['input']>>;
  conditions?: InputMaybe<Array<Scalars['String']['input']>>;
  id: Scalars['ID']['input'];
  level?: InputMaybe<Scalars['Float']['input']>;
  riskTolerance?: InputMaybe<Scalars['Int']['input']>;
  segment?: InputMaybe<Scalars['String']['input']>;
};

export type Variant = {
  __typename?: 'Variant';
  key: Scalars['String']['output'];
  modelId?: Maybe<Scalars['ID']['output']>;
  strategy?: Maybe<Scalars['String']['output']>;
  weight: Scalars['Float']['output'];
};

export type VariantInput = {
  key: Scalars['String']['input'];
  /** Serve this model version to the variant. */
  modelId?: InputMaybe<Scalars['ID']['input']>;
  /** Or a named strategy: `popularity` serves trending and popular items only. */
  strategy?: InputMaybe<Scalars['String']['input']>;
  weight: Scalars['Float']['input'];
};

export type VariantMetric = {
  __typename?: 'VariantMetric';
  bayesian?: Maybe<BayesianEstimate>;
  control: Scalars['Boolean']['output'];
  error?: Maybe<Scalars['String']['output']>;
  /** Relative effect vs control, fixed-horizon Welch test. */
  frequentist?: Maybe<EffectEstimate>;
  n: Scalars['Int']['output'];
  /** Relative effect vs control, always-valid confidence sequence. */
  sequential?: Maybe<EffectEstimate>;
  value?: Maybe<Scalars['Float']['output']>;
  variant: Scalars['String']['output'];
};

export type VariantUnits = {
  __typename?: 'VariantUnits';
  users: Scalars['Int']['output'];
  variant: Scalars['String']['output'];
};

export type Vertical =
  | 'education'
  | 'entertainment'
  | 'finance'
  | 'medical';

export type Virality = {
  __typename?: 'Virality';
  cascades: Scalars['Int']['output'];
  /** Re-shares caused per share. */
  kFactor: Scalars['Float']['output'];
  maxDepth: Scalars['Int']['output'];
  meanDepth: Scalars['Float']['output'];
  totalShares: Scalars['Int']['output'];
};

/** A feature window, bucket-aligned: 1h and 24h from hourly buckets, 7d and 30d from daily ones. */
export type Window =
  | 'DAY'
  | 'HOUR'
  | 'MONTH'
  | 'WEEK';

export type WindowCounts = {
  __typename?: 'WindowCounts';
  clicks: Scalars['Int']['output'];
  comments: Scalars['Int']['output'];
  exposures: Scalars['Int']['output'];
  likes: Scalars['Int']['output'];
  purchases: Scalars['Int']['output'];
  shares: Scalars['Int']['output'];
  views: Scalars['Int']['output'];
  window: Window;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  ActivePoint: ResolverTypeWrapper<ActivePoint>;
  AdminRole: AdminRole;
  AdminUser: ResolverTypeWrapper<AdminUser>;
  ApiKey: ResolverTypeWrapper<ApiKeyRow>;
  ApiKeyScope: ApiKeyScope;
  BayesianEstimate: ResolverTypeWrapper<BayesianEstimate>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Caller: ResolverTypeWrapper<Caller>;
  CreatedAdminUser: ResolverTypeWrapper<CreatedAdminUser>;
  CreatedApiKey: ResolverTypeWrapper<Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversTypes['ApiKey'] }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeadLetter: ResolverTypeWrapper<DeadLetter>;
  EffectEstimate: ResolverTypeWrapper<EffectEstimate>;
  Engagement: ResolverTypeWrapper<Engagement>;
  EventInput: EventInput;
  EventResult: ResolverTypeWrapper<EventResult>;
  EventStatus: EventStatus;
  Experiment: ResolverTypeWrapper<ExperimentRow>;
  ExperimentInput: ExperimentInput;
  ExperimentResults: ResolverTypeWrapper<ExperimentResults>;
  ExperimentStatus: ExperimentStatus;
  Features: ResolverTypeWrapper<Features>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  FunnelStep: ResolverTypeWrapper<FunnelStep>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Influencer: ResolverTypeWrapper<Influencer>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Interval: Interval;
  Item: ResolverTypeWrapper<CatalogItem>;
  ItemInput: ItemInput;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  JobStatus: JobStatus;
  LifecycleRow: ResolverTypeWrapper<LifecycleRow>;
  LiftPoint: ResolverTypeWrapper<LiftPoint>;
  LiftSeries: ResolverTypeWrapper<LiftSeries>;
  MetricResult: ResolverTypeWrapper<MetricResult>;
  Model: ResolverTypeWrapper<ModelRow>;
  ModelStatus: ModelStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Recommendation: ResolverTypeWrapper<Omit<Recommendation, 'item'> & { item?: Maybe<ResolversTypes['Item']> }>;
  RecommendationContext: RecommendationContext;
  RecommendationFilters: RecommendationFilters;
  RecommendationList: ResolverTypeWrapper<Omit<RecommendationList, 'items'> & { items: Array<ResolversTypes['Recommendation']> }>;
  RetentionRow: ResolverTypeWrapper<RetentionRow>;
  RuleSettings: ResolverTypeWrapper<RuleSettings>;
  RuleSettingsInput: RuleSettingsInput;
  RuleValues: ResolverTypeWrapper<RuleValues>;
  ScoreWeights: ResolverTypeWrapper<ScoreWeights>;
  ScoreWeightsInput: ScoreWeightsInput;
  ScoredItem: ResolverTypeWrapper<Omit<ScoredItem, 'item'> & { item?: Maybe<ResolversTypes['Item']> }>;
  SentimentPoint: ResolverTypeWrapper<SentimentPoint>;
  SocialAnalytics: ResolverTypeWrapper<Omit<SocialAnalytics, 'trending'> & { trending: Array<ResolversTypes['TrendingItem']> }>;
  StreamHealth: ResolverTypeWrapper<StreamHealth>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Tenant: ResolverTypeWrapper<Tenant>;
  TrackEventsResult: ResolverTypeWrapper<TrackEventsResult>;
  TrainingJob: ResolverTypeWrapper<TrainingJobRow>;
  TrendingItem: ResolverTypeWrapper<Omit<TrendingItem, 'item'> & { item?: Maybe<ResolversTypes['Item']> }>;
  TypeCount: ResolverTypeWrapper<TypeCount>;
  UpsertResult: ResolverTypeWrapper<UpsertResult>;
  User: ResolverTypeWrapper<UserRow>;
  UserInput: UserInput;
  Variant: ResolverTypeWrapper<Variant>;
  VariantInput: VariantInput;
  VariantMetric: ResolverTypeWrapper<VariantMetric>;
  VariantUnits: ResolverTypeWrapper<VariantUnits>;
  Vertical: Vertical;
  Virality: ResolverTypeWrapper<Virality>;
  Window: Window;
  WindowCounts: ResolverTypeWrapper<WindowCounts>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  ActivePoint: ActivePoint;
  AdminUser: AdminUser;
  ApiKey: ApiKeyRow;
  BayesianEstimate: BayesianEstimate;
  Boolean: Scalars['Boolean']['output'];
  Caller: Caller;
  CreatedAdminUser: CreatedAdminUser;
  CreatedApiKey: Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  DateTime: Scalars['DateTime']['output'];
  DeadLetter: DeadLetter;
  EffectEstimate: EffectEstimate;
  Engagement: Engagement;
  EventInput: EventInput;
  EventResult: EventResult;
  Experiment: ExperimentRow;
  ExperimentInput: ExperimentInput;
  ExperimentResults: ExperimentResults;
  Features: Features;
  Float: Scalars['Float']['output'];
  FunnelStep: FunnelStep;
  ID: Scalars['ID']['output'];
  Influencer: Influencer;
  Int: Scalars['Int']['output'];
  Item: CatalogItem;
  ItemInput: ItemInput;
  JSON: Scalars['JSON']['output'];
  LifecycleRow: LifecycleRow;
  LiftPoint: LiftPoint;
  LiftSeries: LiftSeries;
  MetricResult: MetricResult;
  Model: ModelRow;
  Mutation: Record<PropertyKey, never>;
  Query: Record<PropertyKey, never>;
  Recommendation: Omit<Recommendation, 'item'> & { item?: Maybe<ResolversParentTypes['Item']> };
  RecommendationContext: RecommendationContext;
  RecommendationFilters: RecommendationFilters;
  RecommendationList: Omit<RecommendationList, 'items'> & { items: Array<ResolversParentTypes['Recommendation']> };
  RetentionRow: RetentionRow;
  RuleSettings: RuleSettings;
  RuleSettingsInput: RuleSettingsInput;
  RuleValues: RuleValues;
  ScoreWeights: ScoreWeights;
  ScoreWeightsInput: ScoreWeightsInput;
  ScoredItem: Omit<ScoredItem, 'item'> & { item?: Maybe<ResolversParentTypes['Item']> };
  SentimentPoint: SentimentPoint;
  SocialAnalytics: Omit<SocialAnalytics, 'trending'> & { trending: Array<ResolversParentTypes['TrendingItem']> };
  StreamHealth: StreamHealth;
  String: Scalars['String']['output'];
  Tenant: Tenant;
  TrackEventsResult: TrackEventsResult;
  TrainingJob: TrainingJobRow;
  TrendingItem: Omit<TrendingItem, 'item'> & { item?: Maybe<ResolversParentTypes['Item']> };
  TypeCount: TypeCount;
  UpsertResult: UpsertResult;
  User: UserRow;
  UserInput: UserInput;
  Variant: Variant;
  VariantInput: VariantInput;
  VariantMetric: VariantMetric;
  VariantUnits: VariantUnits;
  Virality: Virality;
  WindowCounts: WindowCounts;
};

export type ActivePointResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ActivePoint'] = ResolversParentTypes['ActivePoint']> = {
  activeUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  events?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type AdminUserResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['AdminUser'] = ResolversParentTypes['AdminUser']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastLoginAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['AdminRole'], ParentType, ContextType>;
};

export type ApiKeyResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['ApiKeyScope']>, ParentType, ContextType>;
};

export type BayesianEstimateResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['BayesianEstimate'] = ResolversParentTypes['BayesianEstimate']> = {
  chanceToWin?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  ciHigh?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  ciLow?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  effect?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  riskControl?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  riskTreatment?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type CallerResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Caller'] = ResolversParentTypes['Caller']> = {
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['AdminRole']>, ParentType, ContextType>;
  scopes?: Resolver<Maybe<Array<ResolversTypes['ApiKeyScope']>>, ParentType, ContextType>;
  tenantId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type CreatedAdminUserResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CreatedAdminUser'] = ResolversParentTypes['CreatedAdminUser']> = {
  adminUser?: Resolver<ResolversTypes['AdminUser'], ParentType, ContextType>;
  generated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  password?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CreatedApiKeyResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CreatedApiKey'] = ResolversParentTypes['CreatedApiKey']> = {
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeadLetterResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['DeadLetter'] = ResolversParentTypes['DeadLetter']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  payload?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reasonCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type EffectEstimateResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['EffectEstimate'] = ResolversParentTypes['EffectEstimate']> = {
  ciHigh?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  ciLow?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  effect?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type EngagementResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Engagement'] = ResolversParentTypes['Engagement']> = {
  dau?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  funnel?: Resolver<Array<ResolversTypes['FunnelStep']>, ParentType, ContextType>;
  lifecycle?: Resolver<Array<ResolversTypes['LifecycleRow']>, ParentType, ContextType>;
  mau?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  retention?: Resolver<Array<ResolversTypes['RetentionRow']>, ParentType, ContextType>;
  series?: Resolver<Array<ResolversTypes['ActivePoint']>, ParentType, ContextType>;
  stickiness?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  wau?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type EventResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['EventResult'] = ResolversParentTypes['EventResult']> = {
  code?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  eventId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['EventStatus'], ParentType, ContextType>;
};

export type ExperimentResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Experiment'] = ResolversParentTypes['Experiment']> = {
  coverage?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  guardrails?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  hashVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  liftSeries?: Resolver<Maybe<ResolversTypes['LiftSeries']>, ParentType, ContextType, RequireFields<ExperimentLiftSeriesArgs, 'alpha' | 'days'>>;
  metrics?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  results?: Resolver<Maybe<ResolversTypes['ExperimentResults']>, ParentType, ContextType, RequireFields<ExperimentResultsArgs, 'alpha'>>;
  seed?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ExperimentStatus'], ParentType, ContextType>;
  stoppedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  variants?: Resolver<Array<ResolversTypes['Variant']>, ParentType, ContextType>;
};

export type ExperimentResultsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ExperimentResults'] = ResolversParentTypes['ExperimentResults']> = {
  lookedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['MetricResult']>, ParentType, ContextType>;
  srmPValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  srmWarning?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  units?: Resolver<Array<ResolversTypes['VariantUnits']>, ParentType, ContextType>;
  verdict?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type FeaturesResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Features'] = ResolversParentTypes['Features']> = {
  clicks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  comments?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ctr?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  exposures?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  firstSeen?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  follows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastSeen?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  likes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  purchases?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ratingMean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  ratings?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  revenue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  reviews?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sentimentMean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  shares?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  views?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FunnelStepResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['FunnelStep'] = ResolversParentTypes['FunnelStep']> = {
  conversionFromPrevious?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  conversionFromStart?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  step?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type InfluencerResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Influencer'] = ResolversParentTypes['Influencer']> = {
  followers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ItemResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item']> = {
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  category?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  features?: Resolver<Maybe<ResolversTypes['Features']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['WindowCounts'], ParentType, ContextType, RequireFields<ItemWindowArgs, 'window'>>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LifecycleRowResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['LifecycleRow'] = ResolversParentTypes['LifecycleRow']> = {
  dormant?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  new?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  resurrected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  returning?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type LiftPointResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['LiftPoint'] = ResolversParentTypes['LiftPoint']> = {
  ciHigh?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  ciLow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  controlN?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  day?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  effect?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  n?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  variant?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LiftSeriesResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['LiftSeries'] = ResolversParentTypes['LiftSeries']> = {
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  points?: Resolver<Array<ResolversTypes['LiftPoint']>, ParentType, ContextType>;
};

export type MetricResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['MetricResult'] = ResolversParentTypes['MetricResult']> = {
  guardrail?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  variants?: Resolver<Array<ResolversTypes['VariantMetric']>, ParentType, ContextType>;
};

export type ModelResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Model'] = ResolversParentTypes['Model']> = {
  algorithm?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  backend?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  dataFrom?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  dataTo?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  metrics?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  params?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  promotedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ModelStatus'], ParentType, ContextType>;
  trainSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createAdminUser?: Resolver<ResolversTypes['CreatedAdminUser'], ParentType, ContextType, RequireFields<MutationCreateAdminUserArgs, 'email' | 'role'>>;
  createApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'name' | 'scopes'>>;
  createExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationCreateExperimentArgs, 'input'>>;
  promoteModel?: Resolver<ResolversTypes['Model'], ParentType, ContextType, RequireFields<MutationPromoteModelArgs, 'id'>>;
  removeAdminUser?: Resolver<ResolversTypes['AdminUser'], ParentType, ContextType, RequireFields<MutationRemoveAdminUserArgs, 'id'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'id'>>;
  startExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationStartExperimentArgs, 'id'>>;
  stopExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationStopExperimentArgs, 'id'>>;
  trackEvents?: Resolver<ResolversTypes['TrackEventsResult'], ParentType, ContextType, RequireFields<MutationTrackEventsArgs, 'events'>>;
  trainModel?: Resolver<ResolversTypes['TrainingJob'], ParentType, ContextType, RequireFields<MutationTrainModelArgs, 'algorithm'>>;
  updateAdminUserRole?: Resolver<ResolversTypes['AdminUser'], ParentType, ContextType, RequireFields<MutationUpdateAdminUserRoleArgs, 'id' | 'role'>>;
  updateTenantSettings?: Resolver<ResolversTypes['RuleSettings'], ParentType, ContextType, RequireFields<MutationUpdateTenantSettingsArgs, 'rules'>>;
  upsertItems?: Resolver<ResolversTypes['UpsertResult'], ParentType, ContextType, RequireFields<MutationUpsertItemsArgs, 'items'>>;
  upsertUsers?: Resolver<ResolversTypes['UpsertResult'], ParentType, ContextType, RequireFields<MutationUpsertUsersArgs, 'users'>>;
};

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  adminUsers?: Resolver<Array<ResolversTypes['AdminUser']>, ParentType, ContextType>;
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  engagement?: Resolver<ResolversTypes['Engagement'], ParentType, ContextType, RequireFields<QueryEngagementArgs, 'interval' | 'window'>>;
  experiment?: Resolver<Maybe<ResolversTypes['Experiment']>, ParentType, ContextType, RequireFields<QueryExperimentArgs, 'id'>>;
  experiments?: Resolver<Array<ResolversTypes['Experiment']>, ParentType, ContextType, Partial<QueryExperimentsArgs>>;
  influencers?: Resolver<Array<ResolversTypes['Influencer']>, ParentType, ContextType, RequireFields<QueryInfluencersArgs, 'count'>>;
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType, RequireFields<QueryItemArgs, 'id'>>;
  me?: Resolver<ResolversTypes['Caller'], ParentType, ContextType>;
  models?: Resolver<Array<ResolversTypes['Model']>, ParentType, ContextType, Partial<QueryModelsArgs>>;
  recommendations?: Resolver<ResolversTypes['RecommendationList'], ParentType, ContextType, RequireFields<QueryRecommendationsArgs, 'count' | 'userId'>>;
  ruleSettings?: Resolver<ResolversTypes['RuleSettings'], ParentType, ContextType>;
  sentimentTrend?: Resolver<Array<ResolversTypes['SentimentPoint']>, ParentType, ContextType, RequireFields<QuerySentimentTrendArgs, 'interval' | 'window'>>;
  similarItems?: Resolver<Array<ResolversTypes['ScoredItem']>, ParentType, ContextType, RequireFields<QuerySimilarItemsArgs, 'count' | 'itemId'>>;
  socialAnalytics?: Resolver<ResolversTypes['SocialAnalytics'], ParentType, ContextType, RequireFields<QuerySocialAnalyticsArgs, 'window'>>;
  streamHealth?: Resolver<ResolversTypes['StreamHealth'], ParentType, ContextType, RequireFields<QueryStreamHealthArgs, 'window'>>;
  tenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType>;
  trainingJobs?: Resolver<Array<ResolversTypes['TrainingJob']>, ParentType, ContextType, RequireFields<QueryTrainingJobsArgs, 'limit'>>;
  trending?: Resolver<Array<ResolversTypes['ScoredItem']>, ParentType, ContextType, RequireFields<QueryTrendingArgs, 'count' | 'window'>>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserArgs, 'id'>>;
};

export type RecommendationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Recommendation'] = ResolversParentTypes['Recommendation']> = {
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  itemId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reasons?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type RecommendationListResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['RecommendationList'] = ResolversParentTypes['RecommendationList']> = {
  coldStart?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  experiment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['Recommendation']>, ParentType, ContextType>;
  modelId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  modelVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requestId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  variant?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type RetentionRowResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['RetentionRow'] = ResolversParentTypes['RetentionRow']> = {
  cohort?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  rates?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RuleSettingsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['RuleSettings'] = ResolversParentTypes['RuleSettings']> = {
  defaults?: Resolver<ResolversTypes['RuleValues'], ParentType, ContextType>;
  effective?: Resolver<ResolversTypes['RuleValues'], ParentType, ContextType>;
  overrides?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  vertical?: Resolver<ResolversTypes['Vertical'], ParentType, ContextType>;
};

export type RuleValuesResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['RuleValues'] = ResolversParentTypes['RuleValues']> = {
  defaultLevel?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  defaultRiskTolerance?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  diversityLambda?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  maxDifficultyGap?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  maxPerAssetClass?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  weights?: Resolver<ResolversTypes['ScoreWeights'], ParentType, ContextType>;
};

export type ScoreWeightsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ScoreWeights'] = ResolversParentTypes['ScoreWeights']> = {
  personal?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  popularity?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  recency?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  social?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ScoredItemResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ScoredItem'] = ResolversParentTypes['ScoredItem']> = {
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  itemId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type SentimentPointResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SentimentPoint'] = ResolversParentTypes['SentimentPoint']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mean?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  negative?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  neutral?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  positive?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type SocialAnalyticsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SocialAnalytics'] = ResolversParentTypes['SocialAnalytics']> = {
  comments?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  follows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  likes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reviews?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sentimentMean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  shares?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trending?: Resolver<Array<ResolversTypes['TrendingItem']>, ParentType, ContextType, RequireFields<SocialAnalyticsTrendingArgs, 'count'>>;
  virality?: Resolver<ResolversTypes['Virality'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['Window'], ParentType, ContextType>;
};

export type StreamHealthResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['StreamHealth'] = ResolversParentTypes['StreamHealth']> = {
  byType?: Resolver<Array<ResolversTypes['TypeCount']>, ParentType, ContextType>;
  deadLetterCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  deadLetters?: Resolver<Array<ResolversTypes['DeadLetter']>, ParentType, ContextType, RequireFields<StreamHealthDeadLettersArgs, 'limit'>>;
  events?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  eventsPerSecond?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  freshnessSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  lastReceivedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  window?: Resolver<ResolversTypes['Window'], ParentType, ContextType>;
};

export type TenantResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Tenant'] = ResolversParentTypes['Tenant']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  settings?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  vertical?: Resolver<ResolversTypes['Vertical'], ParentType, ContextType>;
};

export type TrackEventsResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TrackEventsResult'] = ResolversParentTypes['TrackEventsResult']> = {
  accepted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rejected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  results?: Resolver<Array<ResolversTypes['EventResult']>, ParentType, ContextType>;
};

export type TrainingJobResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TrainingJob'] = ResolversParentTypes['TrainingJob']> = {
  algorithm?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  claimedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  modelId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobStatus'], ParentType, ContextType>;
};

export type TrendingItemResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TrendingItem'] = ResolversParentTypes['TrendingItem']> = {
  baseline?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  itemId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  zScore?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type TypeCountResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TypeCount'] = ResolversParentTypes['TypeCount']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type UpsertResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['UpsertResult'] = ResolversParentTypes['UpsertResult']> = {
  upserted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  features?: Resolver<Maybe<ResolversTypes['Features']>, ParentType, ContextType>;
  followers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  segment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  window?: Resolver<ResolversTypes['WindowCounts'], ParentType, ContextType, RequireFields<UserWindowArgs, 'window'>>;
};

export type VariantResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Variant'] = ResolversParentTypes['Variant']> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  modelId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  strategy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  weight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type VariantMetricResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['VariantMetric'] = ResolversParentTypes['VariantMetric']> = {
  bayesian?: Resolver<Maybe<ResolversTypes['BayesianEstimate']>, ParentType, ContextType>;
  control?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  frequentist?: Resolver<Maybe<ResolversTypes['EffectEstimate']>, ParentType, ContextType>;
  n?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sequential?: Resolver<Maybe<ResolversTypes['EffectEstimate']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  variant?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type VariantUnitsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['VariantUnits'] = ResolversParentTypes['VariantUnits']> = {
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  variant?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ViralityResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Virality'] = ResolversParentTypes['Virality']> = {
  cascades?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  kFactor?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  maxDepth?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanDepth?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  totalShares?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type WindowCountsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['WindowCounts'] = ResolversParentTypes['WindowCounts']> = {
  clicks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  comments?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  exposures?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  likes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  purchases?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  shares?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  views?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['Window'], ParentType, ContextType>;
};

export type Resolvers<ContextType = RequestContext> = {
  ActivePoint?: ActivePointResolvers<ContextType>;
  AdminUser?: AdminUserResolvers<ContextType>;
  ApiKey?: ApiKeyResolvers<ContextType>;
  BayesianEstimate?: BayesianEstimateResolvers<ContextType>;
  Caller?: CallerResolvers<ContextType>;
  CreatedAdminUser?: CreatedAdminUserResolvers<ContextType>;
  CreatedApiKey?: CreatedApiKeyResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeadLetter?: DeadLetterResolvers<ContextType>;
  EffectEstimate?: EffectEstimateResolvers<ContextType>;
  Engagement?: EngagementResolvers<ContextType>;
  EventResult?: EventResultResolvers<ContextType>;
  Experiment?: ExperimentResolvers<ContextType>;
  ExperimentResults?: ExperimentResultsResolvers<ContextType>;
  Features?: FeaturesResolvers<ContextType>;
  FunnelStep?: FunnelStepResolvers<ContextType>;
  Influencer?: InfluencerResolvers<ContextType>;
  Item?: ItemResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  LifecycleRow?: LifecycleRowResolvers<ContextType>;
  LiftPoint?: LiftPointResolvers<ContextType>;
  LiftSeries?: LiftSeriesResolvers<ContextType>;
  MetricResult?: MetricResultResolvers<ContextType>;
  Model?: ModelResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Recommendation?: RecommendationResolvers<ContextType>;
  RecommendationList?: RecommendationListResolvers<ContextType>;
  RetentionRow?: RetentionRowResolvers<ContextType>;
  RuleSettings?: RuleSettingsResolvers<ContextType>;
  RuleValues?: RuleValuesResolvers<ContextType>;
  ScoreWeights?: ScoreWeightsResolvers<ContextType>;
  ScoredItem?: ScoredItemResolvers<ContextType>;
  SentimentPoint?: SentimentPointResolvers<ContextType>;
  SocialAnalytics?: SocialAnalyticsResolvers<ContextType>;
  StreamHealth?: StreamHealthResolvers<ContextType>;
  Tenant?: TenantResolvers<ContextType>;
  TrackEventsResult?: TrackEventsResultResolvers<ContextType>;
  TrainingJob?: TrainingJobResolvers<ContextType>;
  TrendingItem?: TrendingItemResolvers<ContextType>;
  TypeCount?: TypeCountResolvers<ContextType>;
  UpsertResult?: UpsertResultResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  Variant?: VariantResolvers<ContextType>;
  VariantMetric?: VariantMetricResolvers<ContextType>;
  VariantUnits?: VariantUnitsResolvers<ContextType>;
  Virality?: ViralityResolvers<ContextType>;
  WindowCounts?: WindowCountsResolvers<ContextType>;
};

