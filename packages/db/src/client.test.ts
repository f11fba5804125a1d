import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayParam, executeNamed, queryNamed, queryRows } from './index.js';
import { createPgliteDatabase, createTestDatabase, type TestDatabase } from './testing.js';

/** Runs statements from the server's own database (DATABASE_URL), outside the test database. */
async function asAdmin<T>(run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

/** Ends every backend of the test database: what a PostgreSQL restart does to our connections. */
async function terminateBackends(database: string): Promise<number> {
  return asAdmin(async (admin) => {
    const { rows } = await admin.query(
      `select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity
        where datname = $1 and pid <> pg_backend_pid()) t`,
      [database],
    );
    return rows[0].n;
  });
}

/** While the database refuses new connections, as during a restart, reconnects fail. */
async function allowConnections(database: string, allow: boolean): Promise<void> {
  await asAdmin((admin) => admin.query(`alter database "${database}" with allow_connections ${allow}`));
}

describe('connect() when the server drops connections', () => {
  let database: TestDatabase;
  let name: string;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    name = new URL(database.url).pathname.slice(1);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('survives losing a connection in the middle of a transaction, and the next query reconnects', async () => {
    // Before the per-client error listener, pg emitted an unhandled 'error' here and the process exited.
    const failed = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await terminateBackends(name);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.execute(sql`select 2`);
    });
    await expect(failed).rejects.toThrow();
    const rows = await queryRows<{ one: number }>(database.db, sql`select 1 as one`);
    expect(rows[0]!.one).toBe(1);
  });

  it('keeps listening after its connection is killed and reconnecting fails for a while', async () => {
    const seen: string[] = [];
    const stop = await database.listen('tessera_client_test', (payload) => seen.push(payload));
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await allowConnections(name, false);
      expect(await terminateBackends(name)).toBeGreaterThan(0);
      // Retries at 0.5 s and 1.5 s fail; a failed connect must not end the retrying.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await allowConnections(name, true);
      // The listener reconnects with backoff; notify until it hears one.
      const deadline = Date.now() + 15_000;
      while (!seen.includes('after') && Date.now() < deadline) {
        await database.db.execute(sql`select pg_notify('tessera_client_test', 'after')`).catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(seen).toContain('after');
    } finally {
      await allowConnections(name, true);
      await stop();
    }
  });
});

describe('executeNamed()', () => {
  const insert = (id: number, tags: string[]) =>
    sql`insert into named_probe (id, tags) select ${id}, t from unnest(${arrayParam(tags, 'text')}) as t`;

  it('prepares the statement once per connection on the server, and runs it with new parameters each time', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      await database.db.execute(sql`create table named_probe (id int, tags text)`);
      // Past PostgreSQL's five custom plans, so a generic plan is in use by the end.
      const named = await database.db.transaction(async (tx) => {
        for (let i = 0; i < 8; i++)
          await executeNamed(tx, 'tessera_test_probe', insert(i, [`a${i}`, `b${i}`]));
        return queryRows<{ name: string }>(tx, sql`select name from pg_prepared_statements`);
      });
      expect(named.map((r) => r.name)).toContain('tessera_test_probe');
      const rows = await queryRows<{ n: number; ids: number }>(
        database.db,
        sql`select count(*)::int as n, count(distinct id)::int as ids from named_probe`,
      );
      expect(rows[0]).toEqual({ n: 16, ids: 8 });
    } finally {
      await database.drop();
    }
  });

  it('returns the rows of a named statement (queryNamed) on the server and on PGlite', async () => {
    const server = await createTestDatabase({ migrate: false });
    const pglite = await createPgliteDatabase();
    try {
      for (const db of [server.db, pglite.db])
        for (const n of [2, 3])
          expect(
            await queryNamed<{ v: number }>(
              db,
              'tessera_test_rows',
              sql`select generate_series(1, ${n}::int) as v`,
            ),
          ).toEqual(Array.from({ length: n }, (_, i) => ({ v: i + 1 })));
    } finally {
      await server.drop();
      await pglite.close();
    }
  });

  it('runs the same call on PGlite, where it is an unnamed statement', async () => {
    const connection = await createPgliteDatabase();
    try {
      await connection.db.execute(sql`create table named_probe (id int, tags text)`);
      await executeNamed(connection.db, 'tessera_test_probe', insert(1, ['x', 'y', 'z']));
      await executeNamed(connection.db, 'tessera_test_probe', insert(2, ['w']));
      const rows = await queryRows<{ tags: string }>(
        connection.db,
        sql`select string_agg(tags, '' order by tags) as tags from named_probe`,
      );
      expect(rows[0]!.tags).toBe('wxyz');
    } finally {
      await connection.close();
    }
  });
});
