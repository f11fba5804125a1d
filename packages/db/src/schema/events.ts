import { bigserial, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantPolicies } from './policy.js';
import { ingestTenantIdColumn, tenants } from './tenancy.js';

/** Dedup ledger: one row per accepted event, whatever its partition. */
export const eventKeys = pgTable(
  'event_keys',
  {
    tenantId: ingestTenantIdColumn(),
    eventId: text('event_id').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.eventId] }), ...tenantPolicies('event_keys', t.tenantId)],
).enableRLS();

/** Rejected messages the worker could attribute to a tenant, for the dashboard's dead-letter browser. */
export const deadLetters = pgTable(
  'dead_letters',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: bigserial('id', { mode: 'number' }).notNull(),
    reasonCode: text('reason_code').notNull(),
    message: text('message').notNull(),
    payload: text('payload').notNull(),
    source: text('source').notNull(),
    sourcePartition: integer('source_partition'),
    sourceOffset: text('source_offset'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('dead_letters_recent_idx').on(t.tenantId, t.createdAt),
    ...tenantPolicies('dead_letters', t.tenantId),
  ],
).enableRLS();
