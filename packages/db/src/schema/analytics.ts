import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantPolicies } from './policy.js';
import { ingestTenantIdColumn } from './tenancy.js';

/**
 * Engagement per tenant and UTC day, kept current by the stream-worker in the batch transaction:
 * `active_users` counts users with at least one non-exposure event that day (a user is added the
 * first time their day bucket gets one), `events` counts those events. The engagement series reads
 * ~30 rows here instead of millions of events. `rebuild_engagement_rollups(tenant)` recomputes it
 * (and `user_features.last_active`) from the events table.
 */
export const activityDays = pgTable(
  'activity_days',
  {
    tenantId: ingestTenantIdColumn(),
    dayStart: timestamp('day_start', { withTimezone: true }).notNull(),
    activeUsers: integer('active_users').notNull().default(0),
    events: bigint('events', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.dayStart] }), ...tenantPolicies('activity_days', t.tenantId)],
).enableRLS();

/**
 * Engagement results that need every user's history (retention cohorts, lifecycle, funnel),
 * computed periodically by the stream-worker per tenant and period unit and read by the API
 * while fresh; `payload` is the computed result as JSON.
 */
export const engagementSnapshots = pgTable(
  'engagement_snapshots',
  {
    tenantId: ingestTenantIdColumn(),
    unit: text('unit').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.unit] }),
    ...tenantPolicies('engagement_snapshots', t.tenantId),
  ],
).enableRLS();
