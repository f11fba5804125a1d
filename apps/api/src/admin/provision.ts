import {
  type AdminRole,
  type ApiKeyScope,
  adminUsers,
  apiKeys,
  asTenantId,
  type Db,
  enterTenantScope,
  tenants,
  type Vertical,
  withPlatform,
  withTenant,
} from '@tessera/db';
import { hashPassword, newApiKey } from '../auth/secrets.js';
import { createAdminUser, type NewAdminCredentials } from './admin-users.js';

export interface ProvisionedTenant {
  tenantId: string;
  slug: string;
  keys: Record<ApiKeyScope, string>;
}

/**
 * Creates a tenant with one API key per scope, and its first owner when given: the platform
 * operation behind sign-up, the demo and `tessera-admin`. One transaction, so a failure (a taken
 * slug, an owner address in use) leaves nothing behind.
 */
export async function provisionTenant(
  db: Db,
  input: {
    slug: string;
    name: string;
    vertical: Vertical;
    settings?: Record<string, unknown>;
    owner?: NewAdminCredentials;
  },
): Promise<ProvisionedTenant> {
  // Platform work first (the tenant row), then the same transaction in the new tenant's scope.
  return withPlatform(db, async (tx) => {
    const [tenant] = await tx
      .insert(tenants)
      .values({
        slug: input.slug,
        name: input.name,
        vertical: input.vertical,
        settings: input.settings ?? {},
      })
      .returning({ id: tenants.id });
    const tenantId = asTenantId(tenant!.id);
    await enterTenantScope(tx, tenantId);
    const keys = {} as Record<ApiKeyScope, string>;
    for (const scope of ['ingest', 'read', 'admin'] as const) {
      const { key, prefix, secretHash } = newApiKey();
      await tx
        .insert(apiKeys)
        .values({ tenantId, prefix, secretHash, name: `${scope} key`, scopes: [scope] });
      keys[scope] = key;
    }
    if (input.owner) await createAdminUser(tx, tenantId, 'owner', input.owner);
    return { tenantId, slug: input.slug, keys };
  });
}

export async function addAdmin(
  db: Db,
  tenantId: string,
  email: string,
  password: string,
  role: AdminRole,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await withTenant(db, tenantId, (tx) =>
    tx.insert(adminUsers).values({ tenantId, email: email.toLowerCase(), passwordHash, role }),
  );
}
