import { ErrorCodes, TesseraError } from '@tessera/errors';
import { sql } from 'drizzle-orm';
import { type Db, executeSql, queryRows, type Tx } from './client.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A tenant id that has been checked to be a UUID; tenant-requiring code takes this type. */
export type TenantId = string & { readonly __brand: 'TenantId' };

export function asTenantId(value: string): TenantId {
  if (!uuidPattern.test(value)) {
    throw new TesseraError(
      ErrorCodes.BadUserInput,
      `tenant id must be a UUID (got ${JSON.stringify(value)})`,
      {
        hint: 'use the id returned when the tenant was created',
      },
    );
  }
  return value.toLowerCase() as TenantId;
}

/**
 * Runs `work` in one transaction as the application role with `app.tenant_id` set, so
 * row-level security confines every statement to that tenant. Both settings are
 * transaction-local (`SET LOCAL` / `set_config(..., true)`) and vanish at commit, so a
 * pooled connection never carries one tenant's scope into another's request.
 */
export async function withTenant<T>(db: Db, tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  const id = asTenantId(tenantId);
  return db.transaction(async (tx) => {
    await enterTenantScope(tx as Tx, id);
    if (!knownTenants.fresh(id)) {
      const found = await queryRows(tx, sql`select 1 from tenants where id = ${id}`);
      if (found.length === 0) {
        throw new TesseraError(ErrorCodes.NotFound, `tenant ${id} does not exist`, {
          hint: 'create the tenant first, or check the id',
        });
      }
      knownTenants.remember(id);
    }
    return work(tx as Tx);
  });
}

/**
 * Switches an open transaction to `tenantId`'s scope for the rest of it: the application role
 * with `app.tenant_id` set, as withTenant does. For a transaction that must first do platform
 * work in the same commit (creating the tenant, then its keys).
 */
export async function enterTenantScope(tx: Tx, tenantId: TenantId): Promise<void> {
  // One round trip: `set_config('role', …)` is SET LOCAL ROLE in function form.
  await executeSql(
    tx,
    sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', 'tessera_app', true)`,
  );
}

/**
 * Tenants seen to exist recently, so a hot path does not re-check on every transaction. A tenant
 * deleted meanwhile is still safe: its rows cascade away and RLS shows nothing else.
 */
const knownTenants = {
  ttlMs: 60_000,
  seen: new Map<string, number>(),
  fresh(id: string): boolean {
    const at = this.seen.get(id);
    return at !== undefined && Date.now() - at < this.ttlMs;
  },
  remember(id: string): void {
    if (this.seen.size > 10_000) this.seen.clear();
    this.seen.set(id, Date.now());
  },
};

/** Cross-tenant platform work (scheduling, multi-tenant batches) under its own explicit role. */
export async function withPlatform<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await executeSql(tx as Tx, sql`set local role tessera_platform`);
    return work(tx as Tx);
  });
}
