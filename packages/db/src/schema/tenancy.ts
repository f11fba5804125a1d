import { sql } from 'drizzle-orm';
import {
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantPolicies } from './policy.js';

export const verticals = ['medical', 'finance', 'education', 'entertainment'] as const;
export type Vertical = (typeof verticals)[number];
export const verticalEnum = pgEnum('vertical', verticals);

export const apiKeyScopes = ['ingest', 'read', 'admin'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const adminRoles = ['owner', 'admin', 'viewer'] as const;
export type AdminRole = (typeof adminRoles)[number];
export const adminRoleEnum = pgEnum('admin_role', adminRoles);

export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    vertical: verticalEnum('vertical').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tenants_slug_key').on(t.slug), ...tenantPolicies('tenants', t.id)],
).enableRLS();

/** The `tenant_id` column of every tenant-owned table: required, and gone with its tenant. */
export const tenantIdColumn = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });

/**
 * `tenant_id` of the tables the stream-worker writes several rows to per event. A foreign key
 * costs a lookup (and a share lock on the tenant row) per inserted row, about a quarter of the
 * database's CPU per event in bench:write-batch; the worker checks tenants before writing instead, and the
 * `tenants_delete_ingest_rows` trigger (migration 0003) removes these rows with their tenant,
 * once per tenant rather than once per row.
 */
export const ingestTenantIdColumn = () => uuid('tenant_id').notNull();

/** API keys: only a SHA-256 of the secret is stored; the public prefix finds the row. */
export const apiKeys = pgTable(
  'api_keys',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    name: text('name').notNull(),
    scopes: text('scopes').array().$type<ApiKeyScope[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('api_keys_prefix_key').on(t.prefix),
    ...tenantPolicies('api_keys', t.tenantId),
  ],
).enableRLS();

export const adminUsers = pgTable(
  'admin_users',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: adminRoleEnum('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // An e-mail address logs into exactly one tenant, so login needs no tenant picker.
    uniqueIndex('admin_users_email_key').on(sql`lower(${t.email})`),
    ...tenantPolicies('admin_users', t.tenantId),
  ],
).enableRLS();

/** Dashboard sessions: the cookie holds a random token, the table its SHA-256. */
export const adminSessions = pgTable(
  'admin_sessions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    adminId: uuid('admin_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.tokenHash] }),
    uniqueIndex('admin_sessions_token_key').on(t.tokenHash),
    index('admin_sessions_expiry_idx').on(t.expiresAt),
    ...tenantPolicies('admin_sessions', t.tenantId),
  ],
).enableRLS();
