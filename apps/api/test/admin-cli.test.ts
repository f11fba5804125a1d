import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { executeSql, queryRows, sql } from '@tessera/db';
import { connectAsServiceRole, type ServiceRoleConnection } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '../src/admin/tenant-cli.js';
import { type Harness, startHarness } from './harness.js';

interface Created {
  tenantId: string;
  slug: string;
  keys: { ingest: string; read: string; admin: string };
  owner: { email: string; password?: string };
}

/**
 * The operator's CLI, run as a deployment runs it: as the apps' login role (infra/README.md), which
 * inherits tessera_app only and owns nothing, not as the schema's owner.
 */
describe('tessera-admin, as the deployment login role', () => {
  let h: Harness;
  let service: ServiceRoleConnection;

  beforeAll(async () => {
    h = await startHarness();
    service = await connectAsServiceRole(h.database);
  });
  afterAll(async () => {
    await service?.drop();
    await h?.close();
  });

  async function cli(argv: string[], env: Record<string, string> = {}): Promise<string[]> {
    const lines: string[] = [];
    await runAdminCli(argv, { db: service.db, env, print: (line) => lines.push(line) });
    return lines;
  }
  const create = async (slug: string, email: string, env: Record<string, string> = {}) =>
    JSON.parse(
      (
        await cli(
          [
            'create-tenant',
            '--slug',
            slug,
            '--name',
            'Acme Health',
            '--vertical',
            'medical',
            '--owner-email',
            email,
          ],
          env,
        )
      )[0] as string,
    ) as Created;
  const tenantCount = async () =>
    (await queryRows<{ n: number }>(h.database.db, sql`select count(*)::int as n from tenants`))[0]?.n;

  it('runs as a role that owns nothing and sees no tenant outside a tenant or platform scope', async () => {
    await create('rls-probe', 'probe@rls.example');
    const [row] = await queryRows<{ who: string; owns: number; tenants: number }>(
      service.db,
      sql`select current_user as who,
        (select count(*)::int from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = current_user) as owns,
        (select count(*)::int from tenants) as tenants`,
    );
    // A forgotten withTenant matches no row: the platform's policies bind only after SET ROLE.
    expect(row).toEqual({ who: service.role, owns: 0, tenants: 0 });
    const platform = await service.db.transaction(async (tx) => {
      await executeSql(tx, sql`set local role tessera_platform`);
      return queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from tenants where slug = 'rls-probe'`,
      );
    });
    expect(platform[0]?.n).toBe(1);
  });

  it('creates a tenant whose keys and owner work through the API', async () => {
    const created = await create('acme-health', 'Owner@Acme.example');
    expect(created.slug).toBe('acme-health');
    expect(created.owner.email).toBe('owner@acme.example');
    expect(created.owner.password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const me = await h.gql('{ tenant { id name vertical } }', {}, created.keys.read);
    expect(me.body.errors).toBeUndefined();
    expect(me.body.data?.tenant).toEqual({ id: created.tenantId, name: 'Acme Health', vertical: 'medical' });

    const ingest = await fetch(`${h.server.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${created.keys.ingest}` },
      body: JSON.stringify([{ type: 'view', userId: 'u1', itemId: 'i1' }]),
    });
    expect(ingest.status).toBe(200);
    expect(((await ingest.json()) as { accepted: number }).accepted).toBe(1);

    const login = await fetch(`${h.server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: created.owner.email, password: created.owner.password }),
    });
    expect(login.status).toBe(200);
  });

  it('takes the owner password from TESSERA_OWNER_PASSWORD and prints none', async () => {
    const created = await create('set-password', 'owner@set.example', {
      TESSERA_OWNER_PASSWORD: 'a-long-enough-password',
    });
    expect(created.owner.password).toBeUndefined();
    const login = await fetch(`${h.server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@set.example', password: 'a-long-enough-password' }),
    });
    expect(login.status).toBe(200);
  });

  it('refuses a taken slug, and leaves no tenant behind when the owner address is taken', async () => {
    await create('taken', 'first@taken.example');
    await expect(create('taken', 'second@taken.example')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'the slug taken is already in use',
    });
    const before = await tenantCount();
    await expect(create('other-slug', 'first@taken.example')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'the e-mail address first@taken.example is already in use',
    });
    expect(await tenantCount()).toBe(before);
    const slugs = (await cli(['list-tenants'])).map((line) => (JSON.parse(line) as { slug: string }).slug);
    expect(slugs).toContain('taken');
    expect(slugs).not.toContain('other-slug');
  });

  /** A complete create-tenant command line with some flags replaced. */
  const createArgs = (flags: Record<string, string> = {}) =>
    Object.entries({
      slug: 'ok',
      name: 'n',
      vertical: 'medical',
      'owner-email': 'a@b.example',
      ...flags,
    }).flatMap(([flag, value]) => [`--${flag}`, value]);

  it.each([
    [[], 'no command given'],
    [['drop-everything'], 'unknown command "drop-everything"'],
    [['create-tenant', '--slug', 'x'], 'create-tenant needs --name, --vertical, --owner-email'],
    [['create-tenant', ...createArgs({ slug: 'Bad Slug' })], 'must be 1–63 lower-case letters'],
    [
      ['create-tenant', ...createArgs({ vertical: 'retail' })],
      'vertical "retail" is not one of medical, finance, education, entertainment',
    ],
    [['create-tenant', ...createArgs({ 'owner-email': 'not-an-address' })], 'is not a valid e-mail address'],
    [['create-tenant', '--slug', 'ok', '--colour', 'blue'], "Unknown option '--colour'"],
    [['list-tenants', 'extra'], 'list-tenants takes no arguments'],
  ])('rejects %j with a message and the usage, writing nothing', async (argv, message) => {
    const before = await tenantCount();
    const error = await cli(argv).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string; hint: string },
    );
    expect(error?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain(message);
    // Argument errors carry the usage; a bad address carries its own hint.
    expect(error?.hint).toContain(
      message.includes('e-mail') ? 'name@example.com' : 'tessera-admin create-tenant',
    );
    expect(await tenantCount()).toBe(before);
  });

  it('refuses a short TESSERA_OWNER_PASSWORD before writing anything', async () => {
    const before = await tenantCount();
    await expect(
      create('short-pw', 'o@short.example', { TESSERA_OWNER_PASSWORD: 'short' }),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await tenantCount()).toBe(before);
  });

  it('as a process: exit code 2 and the usage on stderr for bad arguments, 0 and JSON for a good one', () => {
    const entry = fileURLToPath(new URL('../src/admin-cli.ts', import.meta.url));
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--conditions=@tessera/source', '--import', 'tsx', entry, ...args], {
        env: { ...process.env, DATABASE_URL: service.url },
        encoding: 'utf8',
      });
    const bad = run(['create-tenant', '--slug', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('BAD_USER_INPUT: create-tenant needs --name');
    expect(bad.stderr).toContain('usage:');
    const good = run(['list-tenants']);
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('"slug":"acme-health"');
  });
});
