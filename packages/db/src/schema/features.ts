import { sql } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { tenantPolicies } from './policy.js';
import { ingestTenantIdColumn, tenantIdColumn as tenantId } from './tenancy.js';

const counter = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

/** One counter column per event type; the stream-worker adds deltas to them set-based. */
export const eventCounterColumns = [
  'views',
  'clicks',
  'likes',
  'shares',
  'comments',
  'reviews',
  'ratings',
  'purchases',
  'follows',
  'exposures',
  'customs',
] as const;
export type EventCounter = (typeof eventCounterColumns)[number];

const counters = () => ({
  views: counter('views'),
  clicks: counter('clicks'),
  likes: counter('likes'),
  shares: counter('shares'),
  comments: counter('comments'),
  reviews: counter('reviews'),
  ratings: counter('ratings'),
  purchases: counter('purchases'),
  follows: counter('follows'),
  exposures: counter('exposures'),
  customs: counter('customs'),
});

const aggregates = () => ({
  ...counters(),
  ratingSum: doublePrecision('rating_sum').notNull().default(0),
  revenue: doublePrecision('revenue').notNull().default(0),
  sentimentSum: doublePrecision('sentiment_sum').notNull().default(0),
  sentimentCount: integer('sentiment_count').notNull().default(0),
  firstSeen: timestamp('first_seen', { withTimezone: true }),
  lastSeen: timestamp('last_seen', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Lifetime per-user features; `followers` counts incoming follows; `last_active` is the time of
 * the user's latest event other than an exposure (being shown a list is not engagement), so
 * DAU/WAU/MAU over rolling windows are counts over this table, not distinct counts over events.
 * `previous_active` is the `last_active` that the latest update replaced: the stream-worker reads
 * it back in the same statement to tell which of a batch's days are a user's first activity.
 */
export const userFeatures = pgTable(
  'user_features',
  {
    tenantId: ingestTenantIdColumn(),
    userId: text('user_id').notNull(),
    ...aggregates(),
    followers: counter('followers'),
    lastActive: timestamp('last_active', { withTimezone: true }),
    previousActive: timestamp('previous_active', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), ...tenantPolicies('user_features', t.tenantId)],
).enableRLS();

/** Lifetime per-item features; an item's `exposures` counts the served lists it appeared in. */
export const itemFeatures = pgTable(
  'item_features',
  { tenantId: ingestTenantIdColumn(), itemId: text('item_id').notNull(), ...aggregates() },
  (t) => [primaryKey({ columns: [t.tenantId, t.itemId] }), ...tenantPolicies('item_features', t.tenantId)],
).enableRLS();

export const entityKinds = ['user', 'item'] as const;
export const entityKindEnum = pgEnum('entity_kind', entityKinds);
export const bucketGrains = ['hour', 'day'] as const;
export const bucketGrainEnum = pgEnum('bucket_grain', bucketGrains);

/**
 * Time-bucketed counters behind items' windowed features: 1h and 24h windows sum hourly
 * buckets, 7d and 30d windows sum daily ones, so a window read touches at most 31 rows plus the
 * hours since the tenant's seal (see featureBucketSeals and windowBuckets). Users have none
 * (migration 0015): their windows count their own events.
 */
export const featureBuckets = pgTable(
  'feature_buckets',
  {
    tenantId: ingestTenantIdColumn(),
    entityKind: entityKindEnum('entity_kind').notNull(),
    entityId: text('entity_id').notNull(),
    grain: bucketGrainEnum('grain').notNull(),
    bucketStart: timestamp('bucket_start', { withTimezone: true }).notNull(),
    ...counters(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.entityKind, t.entityId, t.grain, t.bucketStart] }),
    // Window scans (trending, popularity) read item buckets. Partial since users had buckets
    // too (before migration 0015): leaving their rows out saved an index insert per user bucket.
    index('feature_buckets_item_window_idx')
      .on(t.tenantId, t.grain, t.bucketStart)
      .where(sql`${t.entityKind} = 'item'`),
    ...tenantPolicies('feature_buckets', t.tenantId),
  ],
).enableRLS();

/**
 * Where each tenant's item day buckets are sealed (migration 0016). A day row before
 * `sealed_through` is the final sum of that day's hour rows (the stream-worker's bucket sealer
 * wrote it, and the worker adds a late event to both); the days from `sealed_through` on have no
 * day rows yet and are read from their hour rows. So the worker writes one bucket row per item
 * and hour, not two, and the sealer turns each day's hours into day rows once the day is over.
 * A tenant without a row has nothing sealed. The worker and the sealer serialise per tenant on
 * an advisory lock (see bucketSealLockKey).
 */
export const featureBucketSeals = pgTable(
  'feature_bucket_seals',
  {
    tenantId: tenantId().primaryKey(),
    sealedThrough: timestamp('sealed_through', { withTimezone: true }).notNull(),
    sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [...tenantPolicies('feature_bucket_seals', t.tenantId)],
).enableRLS();

/** Implicit-feedback strength per (user, item): the training input and candidate source. */
export const interactions = pgTable(
  'interactions',
  {
    tenantId: ingestTenantIdColumn(),
    userId: text('user_id').notNull(),
    itemId: text('item_id').notNull(),
    strength: real('strength').notNull().default(0),
    events: integer('events').notNull().default(0),
    lastTs: timestamp('last_ts', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.itemId] }),
    ...tenantPolicies('interactions', t.tenantId),
  ],
).enableRLS();

/** The social graph: follower → followee. */
export const follows = pgTable(
  'follows',
  {
    tenantId: tenantId(),
    followerId: text('follower_id').notNull(),
    followeeId: text('followee_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.followerId, t.followeeId] }),
    index('follows_followee_idx').on(t.tenantId, t.followeeId),
    ...tenantPolicies('follows', t.tenantId),
  ],
).enableRLS();
