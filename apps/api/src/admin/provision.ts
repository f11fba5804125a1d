import {
  type AdminRole,
  type ApiKeyScope,
  adminUsers,
  apiKeys,
  type Db,
  tenants,
  type Vertical,
  withPlatform,
  withTenant,
} from '@tessera/db';
import { hashPassword, newApiKey } from '../auth/secrets.js';

export interface ProvisionedTenant {
  tenantId: string;
  slug: string;
  keys: Record<ApiKeyScope, string>;
}

/** Creates a tenant with one API key per scope: the platform operation behind sign-up and the demo. */
export async function provisionTenant(
  db: Db,
  input: { slug: string; name: string; vertical: Vertical; settings?: Record<string, unknown> },
): Promise<ProvisionedTenant> {
  const [tenant] = await withPlatform(db, (tx) =>
    tx
      .insert(tenants)
      .values({
        slug: input.slug,
        name: input.name,
        vertical: input.vertical,
        settings: input.settings ?? {},
      })
      .returning(),
  );
  const tenantId = tenant!.id;
  const keys = {} as Record<ApiKeyScope, string>;
  await withTenant(db, tenantId, async (tx) => {
    for (const scope of ['ingest', 'read', 'admin'] as const) {
      const { key, prefix, secretHash } = newApiKey();
      await tx
        .insert(apiKeys)
        .values({ tenantId, prefix, secretHash, name: `${scope} key`, scopes: [scope] });
      keys[scope] = key;
    }
  });
  return { tenantId, slug: input.slug, keys };
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
