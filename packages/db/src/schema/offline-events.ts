import { jsonb, pgTable, primaryKey, real, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Offline event store, range-partitioned by `ts` (monthly, plus a default partition).
 * PostgreSQL requires the partition key in every unique key of a partitioned table, so
 * the dedup key (tenant_id, event_id) lives in `event_keys`; `events` is keyed by
 * (tenant_id, ts, event_id), which also serves a tenant's time-range scans (migration 0009).
 * This table is created by the hand-written migration `0002_events_partitioned.sql` (drizzle-kit cannot emit PARTITION BY) and is left out of
 * drizzle-kit's schema list in drizzle.config.ts.
 */
export const events = pgTable(
  'events',
  {
    tenantId: uuid('tenant_id').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    userId: text('user_id').notNull(),
    itemId: text('item_id'),
    ts: timestamp('ts', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    props: jsonb('props').$type<Record<string, unknown>>().notNull().default({}),
    schemaVersion: smallint('schema_version').notNull(),
    sentiment: real('sentiment'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.ts, t.eventId] })],
);
