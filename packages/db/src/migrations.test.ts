import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, connect, executeSql, migrate, queryRows } from './client.js';
import { assertMigrated } from './schema-check.js';
import { createPgliteDatabase, createTestDatabase, requireServerUrl, type TestDatabase } from './testing.js';

/** Everything that makes up the schema, in a driver-independent, ordered form. */
async function describeSchema(connection: Connection) {
  const columns = await queryRows(
    connection.db,
    sql`select table_name, column_name, data_type, is_nullable, column_default
        from information_schema.columns where table_schema = 'public'
        order by table_name, column_name`,
  );
  const constraints = await queryRows(
    connection.db,
    sql`select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition
        from pg_constraint where connamespace = 'public'::regnamespace
          -- PostgreSQL 18 (PGlite) also lists NOT NULL here; columns.is_nullable already covers it.
          and contype <> 'n' order by 1, 2`,
  );
  const indexes = await queryRows(
    connection.db,
    sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`,
  );
  const policies = await queryRows(
    connection.db,
    sql`select tablename, policyname, roles::text, cmd, qual, with_check from pg_policies
        where schemaname = 'public' order by 1, 2`,
  );
  const rls = await queryRows(
    connection.db,
    sql`select relname, relrowsecurity from pg_class
        where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') order by 1`,
  );
  return { columns, constraints, indexes, policies, rls };
}

describe('migrations', () => {
  let server: TestDatabase;
  let embedded: Connection;

  beforeAll(async () => {
    server = await createTestDatabase();
    embedded = await createPgliteDatabase();
  });
  afterAll(async () => {
    await server?.drop();
    await embedded?.close();
  });

  it('give the same schema on the PostgreSQL server and on PGlite', async () => {
    const [onServer, onPglite] = await Promise.all([describeSchema(server), describeSchema(embedded)]);
    expect(onServer.columns.length).toBeGreaterThan(100);
    expect(onPglite).toEqual(onServer);
  });

  it('enable row-level security on every tenant-owned table', async () => {
    const tables = await queryRows<{ table_name: string; rls: boolean }>(
      server.db,
      sql`select c.relname as table_name, c.relrowsecurity as rls
          from pg_class c join information_schema.columns col
            on col.table_name = c.relname and col.table_schema = 'public' and col.column_name = 'tenant_id'
          where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(16);
    expect(tables.filter((t) => !t.rls)).toEqual([]);
  });

  it('leave the application role owning nothing and unable to bypass RLS', async () => {
    const [role] = await queryRows<{ rolsuper: boolean; rolbypassrls: boolean }>(
      server.db,
      sql`select rolsuper, rolbypassrls from pg_roles where rolname = 'tessera_app'`,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await queryRows(
      server.db,
      sql`select relname from pg_class where relowner = 'tessera_app'::regrole`,
    );
    expect(owned).toEqual([]);
  });

  it('are idempotent: applying them again changes nothing', async () => {
    const before = await describeSchema(server);
    await migrate(server);
    expect(await describeSchema(server)).toEqual(before);
  });

  it('run as a migrator without CREATEROLE that already holds both roles (another database of the cluster)', async () => {
    const suffix = randomBytes(4).toString('hex');
    const owner = `tessera_owner_${suffix}`;
    const database = `tessera_second_${suffix}`;
    const admin = await connect({ url: requireServerUrl(), poolSize: 1 });
    // What infra/README.md leaves behind: the roles exist, the owner is a member, CREATEROLE revoked.
    await executeSql(
      admin.db,
      sql.raw(`create role ${owner} login nocreaterole in role tessera_app, tessera_platform`),
    );
    await executeSql(admin.db, sql.raw(`create database ${database} owner ${owner}`));
    const url = new URL(requireServerUrl());
    url.username = owner;
    url.pathname = `/${database}`;
    const second = await connect({ url: url.toString(), poolSize: 1 });
    try {
      await migrate(second);
      await expect(assertMigrated(second)).resolves.toBeUndefined();
    } finally {
      await second.close();
      await executeSql(admin.db, sql.raw(`drop database if exists ${database} with (force)`));
      await executeSql(admin.db, sql.raw(`drop role if exists ${owner}`));
      await admin.close();
    }
  });
});
