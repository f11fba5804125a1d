import { parseArgs } from 'node:util';
import { type Db, isUniqueViolation, tenants, type Vertical, verticals, withPlatform } from '@tessera/db';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { newAdminCredentials } from './admin-users.js';
import { provisionTenant } from './provision.js';

export const adminCliUsage = `usage:
  tessera-admin create-tenant --slug SLUG --name NAME --vertical VERTICAL --owner-email EMAIL
      a tenant, one API key per scope (ingest, read, admin) and its first owner, printed once as
      JSON; the owner's password is TESSERA_OWNER_PASSWORD when set, else generated
  tessera-admin list-tenants
      every tenant, as JSON lines
Uses DATABASE_URL, as the apps do (their login role: infra/README.md, "Kubernetes").
VERTICAL: ${verticals.join(', ')}.`;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function usageError(message: string): TesseraError {
  return new TesseraError(ErrorCodes.BadUserInput, message, { hint: adminCliUsage });
}

export interface AdminCliIo {
  db: Db;
  env: Record<string, string | undefined>;
  print: (line: string) => void;
}

/**
 * The platform operator's commands for a deployed Tessera (sign-up and the demo seed call the same
 * provisioning). Throws TesseraError BAD_USER_INPUT, with the usage as its hint, on bad arguments.
 */
export async function runAdminCli(argv: string[], io: AdminCliIo): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'create-tenant') return createTenant(rest, io);
  if (command === 'list-tenants') {
    if (rest.length > 0) throw usageError(`list-tenants takes no arguments (got ${rest.join(' ')})`);
    const rows = await withPlatform(io.db, (tx) => tx.select().from(tenants).orderBy(tenants.createdAt));
    for (const { id, slug, name, vertical, createdAt } of rows)
      io.print(JSON.stringify({ tenantId: id, slug, name, vertical, createdAt }));
    return;
  }
  throw usageError(command ? `unknown command ${JSON.stringify(command)}` : 'no command given');
}

async function createTenant(argv: string[], io: AdminCliIo): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        slug: { type: 'string' },
        name: { type: 'string' },
        vertical: { type: 'string' },
        'owner-email': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const missing = ['slug', 'name', 'vertical', 'owner-email'].filter((key) => !values[key]);
  if (missing.length > 0) throw usageError(`create-tenant needs --${missing.join(', --')}`);
  const slug = values.slug as string;
  const name = (values.name as string).trim();
  const vertical = values.vertical as string;
  if (!SLUG.test(slug))
    throw usageError(
      `slug ${JSON.stringify(slug)} must be 1–63 lower-case letters, digits and inner hyphens (e.g. acme-health)`,
    );
  if (name.length === 0 || name.length > 200) throw usageError('name must have 1–200 characters');
  if (!(verticals as readonly string[]).includes(vertical))
    throw usageError(`vertical ${JSON.stringify(vertical)} is not one of ${verticals.join(', ')}`);
  // Checked and hashed before anything is written: a bad address or password leaves no tenant behind.
  const owner = await newAdminCredentials({
    email: values['owner-email'] as string,
    password: io.env.TESSERA_OWNER_PASSWORD || undefined,
  });

  let provisioned: Awaited<ReturnType<typeof provisionTenant>>;
  try {
    // One transaction: a taken slug or owner address leaves nothing behind.
    provisioned = await provisionTenant(io.db, { slug, name, vertical: vertical as Vertical, owner });
  } catch (error) {
    if (isUniqueViolation(error, 'tenants_slug_key'))
      throw new TesseraError(ErrorCodes.BadUserInput, `the slug ${slug} is already in use`, {
        hint: 'pick another slug; `tessera-admin list-tenants` shows the ones taken',
      });
    throw error;
  }
  io.print(
    JSON.stringify({
      tenantId: provisioned.tenantId,
      slug,
      name,
      vertical,
      keys: provisioned.keys,
      owner: { email: owner.email, ...(owner.generated ? { password: owner.password } : {}) },
      note: 'the keys and a generated password are shown only now: store them in your secret manager',
    }),
  );
}
