import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { tenantPolicies } from './policy.js';
import { tenantIdColumn as tenantId } from './tenancy.js';

/** End users of a tenant's product; ids are the tenant's own strings. */
export const users = pgTable(
  'users',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    segment: text('segment'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    // Vertical fields: finance risk tolerance (1–5), medical conditions, education level.
    riskTolerance: integer('risk_tolerance'),
    conditions: text('conditions').array(),
    level: real('level'),
    completedItems: text('completed_items').array(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), ...tenantPolicies('users', t.tenantId)],
).enableRLS();

export const items = pgTable(
  'items',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    title: text('title').notNull(),
    category: text('category'),
    active: boolean('active').notNull().default(true),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    // Vertical fields (ARCHITECTURE §5).
    riskLevel: integer('risk_level'),
    assetClass: text('asset_class'),
    contraindications: text('contraindications').array(),
    prerequisites: text('prerequisites').array(),
    difficulty: real('difficulty'),
    genres: text('genres').array(),
    price: doublePrecision('price'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('items_category_idx').on(t.tenantId, t.category),
    ...tenantPolicies('items', t.tenantId),
  ],
).enableRLS();
