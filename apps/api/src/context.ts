import type { Db, TenantId, Tx } from '@tessera/db';
import { withTenant } from '@tessera/db';
import type { Logger } from 'pino';
import { authorize, type Caller, type Permission } from './auth/caller.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { Services } from './services.js';

/**
 * Everything a resolver may use. Resolvers never read headers: the caller was resolved once
 * here, and tenant-scoped work goes through `scoped`, which runs inside `withTenant` with the
 * permission checked first.
 */
export interface RequestContext {
  requestId: string;
  caller: Caller | null;
  log: Logger;
  services: Services;
  loaders: Loaders;
  /** Checks the permission, then runs `work` in the caller's tenant scope. */
  scoped<T>(
    permission: Permission,
    work: (tx: Tx, tenantId: TenantId, caller: Caller) => Promise<T>,
  ): Promise<T>;
  /** Checks the permission and returns the caller (for work that manages its own transactions). */
  require(permission: Permission): Caller;
}

export function createContext(
  services: Services,
  caller: Caller | null,
  requestId: string,
  log: Logger,
): RequestContext {
  const db: Db = services.db;
  const scoped: RequestContext['scoped'] = (permission, work) => {
    const who = authorize(caller, permission);
    return withTenant(db, who.tenantId, (tx) => work(tx, who.tenantId, who));
  };
  return {
    requestId,
    caller,
    log,
    services,
    loaders: createLoaders({ scoped }),
    require: (permission) => authorize(caller, permission),
    scoped,
  };
}
