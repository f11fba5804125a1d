import { sql } from 'drizzle-orm';
import { bigint, doublePrecision, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantPolicies } from './policy.js';
import { ingestTenantIdColumn } from './tenancy.js';

/**
 * Social rollups, kept exact by the stream-worker in the batch transaction (from the rows it
 * inserts into `events`, so replays add nothing) and rebuilt from the events by
 * `rebuild_social_rollups(tenant)`. Hours are UTC hours. A window query reads the whole hours it
 * covers here and only the partial first hour from `events`, so answers equal the raw scan.
 * Sentiment classes use the API's thresholds: positive ≥ 0.05, negative ≤ −0.05, neutral between.
 */
const sentimentColumns = {
  sentimentCount: bigint('sentiment_count', { mode: 'number' }).notNull().default(0),
  sentimentSum: doublePrecision('sentiment_sum').notNull().default(0),
  positive: bigint('positive', { mode: 'number' }).notNull().default(0),
  neutral: bigint('neutral', { mode: 'number' }).notNull().default(0),
  negative: bigint('negative', { mode: 'number' }).notNull().default(0),
};

/** Events per tenant, UTC hour and type, with the sentiment of those that carry one. */
export const eventHours = pgTable(
  'event_hours',
  {
    tenantId: ingestTenantIdColumn(),
    hourStart: timestamp('hour_start', { withTimezone: true }).notNull(),
    type: text('type').notNull(),
    events: bigint('events', { mode: 'number' }).notNull().default(0),
    ...sentimentColumns,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.hourStart, t.type] }),
    ...tenantPolicies('event_hours', t.tenantId),
  ],
).enableRLS();

/** Sentiment of one item's events per UTC hour (only events with an item and a sentiment). */
export const itemSentimentHours = pgTable(
  'item_sentiment_hours',
  {
    tenantId: ingestTenantIdColumn(),
    itemId: text('item_id').notNull(),
    hourStart: timestamp('hour_start', { withTimezone: true }).notNull(),
    ...sentimentColumns,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.itemId, t.hourStart] }),
    ...tenantPolicies('item_sentiment_hours', t.tenantId),
  ],
).enableRLS();

/**
 * Every share with its parent pointer (`props.parentShareId`) and, once the parent share is
 * stored, the parent's time: a re-share edge lies inside a window `ts > start` exactly when both
 * times do, so virality reads the few in-window edges instead of every share.
 */
export const shareLinks = pgTable(
  'share_links',
  {
    tenantId: ingestTenantIdColumn(),
    shareId: text('share_id').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull(),
    parentId: text('parent_id'),
    parentTs: timestamp('parent_ts', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.shareId] }),
    index('share_links_parent_idx').on(t.tenantId, t.parentId).where(sql`${t.parentId} is not null`),
    index('share_links_linked_idx').on(t.tenantId, t.ts, t.parentTs).where(sql`${t.parentTs} is not null`),
    ...tenantPolicies('share_links', t.tenantId),
  ],
).enableRLS();
