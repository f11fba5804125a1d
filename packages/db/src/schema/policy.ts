import { sql } from 'drizzle-orm';
import { type AnyPgColumn, pgPolicy, pgRole } from 'drizzle-orm/pg-core';

/** The role every request runs as: owns nothing, cannot bypass row-level security. */
export const appRole = pgRole('tessera_app').existing();
/** Cross-tenant platform work (trainer scheduling, ingest of many tenants): explicit and separate. */
export const platformRole = pgRole('tessera_platform').existing();

/**
 * The two policies every tenant-owned table carries. `app_current_tenant()` reads the
 * transaction-local `app.tenant_id` and yields NULL when it was never set, so a query that
 * forgot `withTenant` sees nothing instead of everything.
 */
export function tenantPolicies(table: string, tenantColumn: AnyPgColumn) {
  return [
    pgPolicy(`${table}_tenant_isolation`, {
      for: 'all',
      to: appRole,
      using: sql`${tenantColumn} = app_current_tenant()`,
      withCheck: sql`${tenantColumn} = app_current_tenant()`,
    }),
    pgPolicy(`${table}_platform_access`, {
      for: 'all',
      to: platformRole,
      using: sql`true`,
      withCheck: sql`true`,
    }),
  ];
}
