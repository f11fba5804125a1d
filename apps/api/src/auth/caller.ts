import {
  type AdminRole,
  type ApiKeyScope,
  asTenantId,
  type Db,
  queryRows,
  sql,
  type TenantId,
  withTenant,
} from '@tessera/db';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { parseApiKey, sameDigest, sha256 } from './secrets.js';

export type Caller =
  | { kind: 'apiKey'; tenantId: TenantId; keyId: string; scopes: readonly ApiKeyScope[] }
  | { kind: 'admin'; tenantId: TenantId; adminId: string; email: string; role: AdminRole };

/** What an operation needs; each maps to API-key scopes and dashboard roles below. */
export type Permission = 'read' | 'ingest' | 'write' | 'manageKeys';

const scopeFor: Record<Permission, ApiKeyScope[]> = {
  read: ['read', 'admin'],
  ingest: ['ingest', 'admin'],
  write: ['admin'],
  manageKeys: ['admin'],
};
const rolesFor: Record<Permission, AdminRole[]> = {
  read: ['viewer', 'admin', 'owner'],
  ingest: ['admin', 'owner'],
  write: ['admin', 'owner'],
  manageKeys: ['owner'],
};

export function can(caller: Caller, permission: Permission): boolean {
  return caller.kind === 'apiKey'
    ? caller.scopes.some((scope) => scopeFor[permission].includes(scope))
    : rolesFor[permission].includes(caller.role);
}

export function authorize(caller: Caller | null, permission: Permission): Caller {
  if (!caller) {
    throw new TesseraError(ErrorCodes.Unauthenticated, 'missing or invalid credentials', {
      hint: 'send `Authorization: Bearer <API key>` or log in to the dashboard',
    });
  }
  if (!can(caller, permission)) {
    const held = caller.kind === 'apiKey' ? `scopes ${caller.scopes.join(', ')}` : `role ${caller.role}`;
    throw new TesseraError(
      ErrorCodes.Forbidden,
      `this operation needs ${permission} permission; the caller has ${held}`,
      {
        hint:
          permission === 'ingest'
            ? 'use a key with the ingest scope'
            : 'use a key or account with more rights',
      },
    );
  }
  return caller;
}

interface CachedKey {
  caller: Extract<Caller, { kind: 'apiKey' }> | null;
  at: number;
}

/**
 * Resolves callers from credentials. API-key lookups are cached for a few seconds so the hot path
 * skips a query; revocation through this process takes effect at once (`forgetKey`), elsewhere
 * within the cache's lifetime.
 */
export class Authenticator {
  private readonly keys = new Map<string, CachedKey>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly cacheMs = 5_000,
  ) {}

  async fromHeaders(authorization: string | undefined, cookie: string | undefined): Promise<Caller | null> {
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match) {
        throw new TesseraError(ErrorCodes.Unauthenticated, 'Authorization header must be `Bearer <API key>`');
      }
      return this.fromApiKey(match[1]!);
    }
    const token = readCookie(cookie, SESSION_COOKIE);
    return token ? this.fromSession(token) : null;
  }

  async fromApiKey(key: string): Promise<Caller> {
    const digest = sha256(key);
    const cached = this.keys.get(digest);
    let caller = cached && Date.now() - cached.at < this.cacheMs ? cached.caller : undefined;
    if (caller === undefined) {
      caller = await this.lookupKey(key, digest);
      if (this.keys.size > 50_000) this.keys.clear();
      this.keys.set(digest, { caller, at: Date.now() });
    }
    if (!caller) {
      throw new TesseraError(ErrorCodes.Unauthenticated, 'API key is unknown or revoked', {
        hint: 'create a new key in the dashboard (Settings → API keys)',
      });
    }
    this.touch(caller.tenantId, caller.keyId);
    return caller;
  }

  forgetKey(keyId: string): void {
    for (const [digest, entry] of this.keys) if (entry.caller?.keyId === keyId) this.keys.delete(digest);
  }

  async fromSession(token: string): Promise<Caller | null> {
    const rows = await queryRows<{ tenant_id: string; admin_id: string; email: string; role: AdminRole }>(
      this.db,
      sql`select * from auth_admin_session(${sha256(token)})`,
    );
    const row = rows[0];
    if (!row) {
      throw new TesseraError(ErrorCodes.Unauthenticated, 'session expired or unknown', {
        hint: 'log in again',
      });
    }
    return {
      kind: 'admin',
      tenantId: asTenantId(row.tenant_id),
      adminId: row.admin_id,
      email: row.email,
      role: row.role,
    };
  }

  private async lookupKey(key: string, digest: string): Promise<CachedKey['caller']> {
    const parsed = parseApiKey(key);
    if (!parsed) return null;
    const rows = await queryRows<{
      tenant_id: string;
      key_id: string;
      secret_hash: string;
      scopes: ApiKeyScope[];
      revoked: boolean;
    }>(this.db, sql`select * from auth_api_key(${parsed.prefix})`);
    const row = rows[0];
    if (!row || row.revoked || !sameDigest(row.secret_hash, digest)) return null;
    return { kind: 'apiKey', tenantId: asTenantId(row.tenant_id), keyId: row.key_id, scopes: row.scopes };
  }

  /** Records last use at most once a minute per key, off the request path. */
  private touch(tenantId: TenantId, keyId: string): void {
    const last = this.lastUsedWritten.get(keyId) ?? 0;
    if (Date.now() - last < 60_000) return;
    this.lastUsedWritten.set(keyId, Date.now());
    withTenant(this.db, tenantId, (tx) =>
      tx.execute(sql`update api_keys set last_used_at = now() where id = ${keyId}`),
    ).catch(() => this.lastUsedWritten.delete(keyId));
  }
}

export const SESSION_COOKIE = 'tessera_session';

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
