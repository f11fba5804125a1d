import { sql } from 'drizzle-orm';
import {
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantPolicies } from './policy.js';
import { tenantIdColumn as tenantId, verticalEnum } from './tenancy.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const modelStatuses = ['training', 'candidate', 'active', 'retired'] as const;
export type ModelStatus = (typeof modelStatuses)[number];
export const modelStatusEnum = pgEnum('model_status', modelStatuses);

export const models = pgTable(
  'models',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull().defaultRandom(),
    vertical: verticalEnum('vertical').notNull(),
    algorithm: text('algorithm').notNull(),
    version: integer('version').notNull(),
    status: modelStatusEnum('status').notNull().default('training'),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull().default({}),
    backend: text('backend'),
    trainSeconds: real('train_seconds'),
    dataFrom: timestamp('data_from', { withTimezone: true }),
    dataTo: timestamp('data_to', { withTimezone: true }),
    artifact: bytea('artifact'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('models_version_key').on(t.tenantId, t.algorithm, t.version),
    // At most one active version per tenant and algorithm, enforced by the database.
    uniqueIndex('models_one_active_key').on(t.tenantId, t.algorithm).where(sql`status = 'active'`),
    ...tenantPolicies('models', t.tenantId),
  ],
).enableRLS();

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];
export const jobStatusEnum = pgEnum('job_status', jobStatuses);

/** Claimed by trainers with FOR UPDATE SKIP LOCKED under the platform role. */
export const trainingJobs = pgTable(
  'training_jobs',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull().defaultRandom(),
    algorithm: text('algorithm').notNull(),
    reason: text('reason').notNull(),
    status: jobStatusEnum('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    error: text('error'),
    modelId: uuid('model_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('training_jobs_queue_idx').on(t.status, t.runAfter),
    ...tenantPolicies('training_jobs', t.tenantId),
  ],
).enableRLS();
