import { adminSessions, adminUsers, eq, withTenant } from '@tessera/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertStillOwner } from '../src/admin/admin-users.js';
import { addAdmin, type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type GraphQLBody, type Harness, startHarness } from './harness.js';

const PASSWORD = 'team-password-1';
const ADMIN_FIELDS = 'id email role createdAt lastLoginAt';

describe('admin users: listed by every role, managed by owners only', () => {
  let h: Harness;
  let a: ProvisionedTenant;
  let b: ProvisionedTenant;
  const cookies: Record<string, string> = {};

  async function login(email: string, password = PASSWORD): Promise<string> {
    const res = await fetch(`${h.server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(res.status, `login of ${email}`).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
  const as = (cookie: string, query: string, variables: Record<string, unknown> = {}) =>
    h.gql(query, variables, undefined, { cookie }).then((r) => r.body);
  const code = (body: GraphQLBody) => body.errors?.[0]?.extensions?.code;
  const list = async (cookie: string) =>
    (await as(cookie, `{ adminUsers { ${ADMIN_FIELDS} } }`)).data!.adminUsers as {
      id: string;
      email: string;
      role: string;
      lastLoginAt: string | null;
    }[];
  const idOf = async (email: string) => (await list(cookies.owner!)).find((u) => u.email === email)!.id;

  beforeAll(async () => {
    h = await startHarness();
    a = await provisionTenant(h.database.db, { slug: 'team-a', name: 'Team A', vertical: 'finance' });
    b = await provisionTenant(h.database.db, { slug: 'team-b', name: 'Team B', vertical: 'education' });
    for (const [email, role] of [
      ['owner@a.test', 'owner'],
      ['admin@a.test', 'admin'],
      ['viewer@a.test', 'viewer'],
    ] as const)
      await addAdmin(h.database.db, a.tenantId, email, PASSWORD, role);
    await addAdmin(h.database.db, b.tenantId, 'owner@b.test', PASSWORD, 'owner');
    cookies.owner = await login('owner@a.test');
    cookies.admin = await login('admin@a.test');
    cookies.viewer = await login('viewer@a.test');
    cookies.ownerB = await login('owner@b.test');
  });
  afterAll(async () => h?.close());

  it("lists the tenant's admins to every role, and to admin-scoped keys only", async () => {
    const seen = await list(cookies.viewer!);
    expect(seen.map((u) => [u.email, u.role])).toEqual([
      ['owner@a.test', 'owner'],
      ['admin@a.test', 'admin'],
      ['viewer@a.test', 'viewer'],
    ]);
    expect(seen.every((u) => u.lastLoginAt !== null)).toBe(true);
    expect((await h.gql('{ adminUsers { email } }', {}, a.keys.admin)).body.data?.adminUsers).toHaveLength(3);
    expect(code((await h.gql('{ adminUsers { email } }', {}, a.keys.read)).body)).toBe('FORBIDDEN');
    expect((await list(cookies.ownerB!)).map((u) => u.email)).toEqual(['owner@b.test']);
  });

  it('creates an admin with a generated one-time password that signs in and is stored as scrypt', async () => {
    const body = await as(
      cookies.owner!,
      `mutation { createAdminUser(email: "  New.Analyst@A.test ", role: viewer) { password generated adminUser { ${ADMIN_FIELDS} } } }`,
    );
    expect(body.errors).toBeUndefined();
    const created = body.data!.createAdminUser;
    expect(created.generated).toBe(true);
    expect(created.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(created.adminUser).toMatchObject({
      email: 'new.analyst@a.test',
      role: 'viewer',
      lastLoginAt: null,
    });
    const cookie = await login('new.analyst@a.test', created.password);
    expect((await as(cookie, '{ me { role email } }')).data?.me).toEqual({
      role: 'viewer',
      email: 'new.analyst@a.test',
    });
    const [stored] = await withTenant(h.database.db, a.tenantId, (tx) =>
      tx.select().from(adminUsers).where(eq(adminUsers.id, created.adminUser.id)),
    );
    expect(stored!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored!.passwordHash).not.toContain(created.password);
  });

  it('takes a chosen password, and refuses bad e-mails, short passwords and addresses in use anywhere', async () => {
    const chosen = await as(
      cookies.owner!,
      'mutation { createAdminUser(email: "chosen@a.test", role: admin, password: "a-long-chosen-pass") { password generated } }',
    );
    expect(chosen.data?.createAdminUser).toEqual({ password: 'a-long-chosen-pass', generated: false });
    await login('chosen@a.test', 'a-long-chosen-pass');
    const create = (email: string, password?: string) =>
      as(
        cookies.owner!,
        'mutation($e: String!, $p: String) { createAdminUser(email: $e, role: viewer, password: $p) { password } }',
        { e: email, p: password ?? null },
      );
    for (const bad of ['not-an-email', 'a@b', '', 'x@'.repeat(200)]) {
      const res = await create(bad);
      expect(code(res), bad).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/not a valid e-mail address/);
    }
    const short = await create('short@a.test', 'short');
    expect(code(short)).toBe('BAD_USER_INPUT');
    expect(short.errors?.[0]?.message).toMatch(/12–200 characters/);
    for (const taken of ['ADMIN@a.test', 'owner@b.test']) {
      const res = await create(taken);
      expect(code(res), taken).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/already in use/);
    }
    expect((await list(cookies.ownerB!)).map((u) => u.email)).toEqual(['owner@b.test']);
  });

  it('refuses every change from admins, viewers and API keys, and changes nothing', async () => {
    const target = await idOf('viewer@a.test');
    const before = await list(cookies.owner!);
    const attempts = [
      ['mutation { createAdminUser(email: "sneaky@a.test", role: owner) { password } }', {}],
      ['mutation($id: ID!) { updateAdminUserRole(id: $id, role: owner) { role } }', { id: target }],
      ['mutation($id: ID!) { removeAdminUser(id: $id) { id } }', { id: target }],
    ] as const;
    for (const [query, variables] of attempts) {
      expect(code(await as(cookies.admin!, query, variables)), `admin: ${query}`).toBe('FORBIDDEN');
      expect(code(await as(cookies.viewer!, query, variables)), `viewer: ${query}`).toBe('FORBIDDEN');
      const key = await h.gql(query, variables, a.keys.admin);
      expect(code(key.body), `admin key: ${query}`).toBe('FORBIDDEN');
      expect(key.body.errors?.[0]?.message).toMatch(/owner signed in to the dashboard/);
    }
    expect(await list(cookies.owner!)).toEqual(before);
  });

  it('changes a role, which applies to the live session at once', async () => {
    const id = await idOf('viewer@a.test');
    const res = await as(
      cookies.owner!,
      'mutation($id: ID!) { updateAdminUserRole(id: $id, role: admin) { email role } }',
      {
        id,
      },
    );
    expect(res.data?.updateAdminUserRole).toEqual({ email: 'viewer@a.test', role: 'admin' });
    expect((await as(cookies.viewer!, '{ me { role } }')).data?.me?.role).toBe('admin');
    await as(cookies.owner!, 'mutation($id: ID!) { updateAdminUserRole(id: $id, role: viewer) { role } }', {
      id,
    });
    expect((await as(cookies.viewer!, '{ me { role } }')).data?.me?.role).toBe('viewer');
  });

  it("treats another tenant's admin ids and malformed ids as not found", async () => {
    const foreign = (await list(cookies.ownerB!))[0]!.id;
    for (const id of [foreign, 'not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
      const update = await as(
        cookies.owner!,
        'mutation($id: ID!) { updateAdminUserRole(id: $id, role: viewer) { id } }',
        {
          id,
        },
      );
      expect(code(update), id).toBe('NOT_FOUND');
      expect(
        code(await as(cookies.owner!, 'mutation($id: ID!) { removeAdminUser(id: $id) { id } }', { id })),
        id,
      ).toBe('NOT_FOUND');
    }
    expect((await list(cookies.ownerB!))[0]).toMatchObject({ email: 'owner@b.test', role: 'owner' });
    expect((await as(cookies.ownerB!, '{ me { role } }')).data?.me?.role).toBe('owner');
  });

  it('never removes or demotes the last owner, even when two owners demote each other at once', async () => {
    const ownerId = await idOf('owner@a.test');
    const demote = (cookie: string, id: string) =>
      as(cookie, 'mutation($id: ID!) { updateAdminUserRole(id: $id, role: admin) { role } }', { id });
    const selfDemote = await demote(cookies.owner!, ownerId);
    expect(code(selfDemote)).toBe('BAD_USER_INPUT');
    expect(selfDemote.errors?.[0]?.message).toMatch(/last owner/);
    const selfRemove = await as(cookies.owner!, 'mutation($id: ID!) { removeAdminUser(id: $id) { id } }', {
      id: ownerId,
    });
    expect(selfRemove.errors?.[0]?.message).toMatch(/last owner and cannot be removed/);

    const secondId = await idOf('admin@a.test');
    await as(cookies.owner!, 'mutation($id: ID!) { updateAdminUserRole(id: $id, role: owner) { role } }', {
      id: secondId,
    });
    const [one, two] = await Promise.all([demote(cookies.owner!, secondId), demote(cookies.admin!, ownerId)]);
    expect([one, two].filter((r) => !r.errors)).toHaveLength(1);
    // The loser was demoted by the winner first, so it no longer acts as an owner at all; whether
    // its role was read before or after the winner's commit, it is refused for that, not let through.
    const [loser] = [one, two].filter((r) => r.errors);
    expect(code(loser!)).toBe('FORBIDDEN');
    expect(loser!.errors?.[0]?.message).toMatch(/no longer an owner|needs manageKeys permission/);
    const owners = (await list(cookies.viewer!)).filter((u) => u.role === 'owner');
    expect(owners).toHaveLength(1);
    // Put the tenant back as it was for the next test: owner@a.test the only owner.
    if (owners[0]!.email !== 'owner@a.test') {
      await as(cookies.admin!, 'mutation($id: ID!) { updateAdminUserRole(id: $id, role: owner) { role } }', {
        id: ownerId,
      });
      await demote(cookies.owner!, secondId);
    }
    expect((await list(cookies.viewer!)).filter((u) => u.role === 'owner').map((u) => u.email)).toEqual([
      'owner@a.test',
    ]);
  });

  it('re-checks inside the transaction that the caller is still an owner, so a stale role cannot act', async () => {
    const [ownerId, viewerId] = [await idOf('owner@a.test'), await idOf('viewer@a.test')];
    await expect(
      withTenant(h.database.db, a.tenantId, (tx) => assertStillOwner(tx, ownerId)),
    ).resolves.toBeUndefined();
    const refused = await withTenant(h.database.db, a.tenantId, (tx) => assertStillOwner(tx, viewerId)).catch(
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({
      code: 'FORBIDDEN',
      message: 'you are no longer an owner of this tenant',
    });
    // Another tenant's owner is not an owner here, whatever their role there.
    const ownerB = (await list(cookies.ownerB!))[0]!.id;
    await expect(
      withTenant(h.database.db, a.tenantId, (tx) => assertStillOwner(tx, ownerB)),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('removes an admin and ends their sessions', async () => {
    const victim = await login('chosen@a.test', 'a-long-chosen-pass');
    expect((await as(victim, '{ me { email } }')).data?.me?.email).toBe('chosen@a.test');
    const id = await idOf('chosen@a.test');
    const res = await as(cookies.owner!, 'mutation($id: ID!) { removeAdminUser(id: $id) { email role } }', {
      id,
    });
    expect(res.data?.removeAdminUser).toEqual({ email: 'chosen@a.test', role: 'admin' });
    expect(code(await as(victim, '{ me { email } }'))).toBe('UNAUTHENTICATED');
    const sessions = await withTenant(h.database.db, a.tenantId, (tx) =>
      tx.select().from(adminSessions).where(eq(adminSessions.adminId, id)),
    );
    expect(sessions).toEqual([]);
    expect((await list(cookies.owner!)).map((u) => u.email)).not.toContain('chosen@a.test');
    const relogin = await fetch(`${h.server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'chosen@a.test', password: 'a-long-chosen-pass' }),
    });
    expect(relogin.status).toBe(401);
  });
});
