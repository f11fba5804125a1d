import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantPolicies } from './policy.js';
import { tenants } from './tenancy.js';

export const experimentStatuses = ['draft', 'running', 'stopped'] as const;
export type ExperimentStatus = (typeof experimentStatuses)[number];
export const experimentStatusEnum = pgEnum('experiment_status', experimentStatuses);

export interface ExperimentVariant {
  key: string;
  weight: number;
  /** A model version to serve, or a named strategy. */
  modelId?: string;
  strategy?: string;
}

export const experiments = pgTable(
  'experiments',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    status: experimentStatusEnum('status').notNull().default('draft'),
    seed: text('seed').notNull(),
    hashVersion: integer('hash_version').notNull().default(2),
    coverage: real('coverage').notNull().default(1),
    variants: jsonb('variants').$type<ExperimentVariant[]>().notNull(),
    metrics: jsonb('metrics').$type<string[]>().notNull().default([]),
    guardrails: jsonb('guardrails').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('experiments_status_idx').on(t.tenantId, t.status),
    ...tenantPolicies('experiments', t.tenantId),
  ],
).enableRLS();

/** Every served recommendation list, for audit (finance) and ranking metrics of experiments. */
export const servedLists = pgTable(
  'served_lists',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    requestId: text('request_id').notNull(),
    userId: text('user_id').notNull(),
    modelId: uuid('model_id'),
    experimentId: uuid('experiment_id'),
    variant: text('variant'),
    items: jsonb('items').$type<{ itemId: string; score: number; reasons: string[] }[]>().notNull(),
    servedAt: timestamp('served_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.requestId] }),
    index('served_lists_user_idx').on(t.tenantId, t.userId, t.servedAt),
    ...tenantPolicies('served_lists', t.tenantId),
  ],
).enableRLS();
