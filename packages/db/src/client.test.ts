import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from './index.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

/** Ends every other backend of the test database: what a PostgreSQL restart does to our connections. */
async function terminateBackends(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()) t`,
    );
    return rows[0].n;
  } finally {
    await admin.end();
  }
}

describe('connect() when the server drops connections', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('survives losing a connection in the middle of a transaction, and the next query reconnects', async () => {
    // Before the per-client error listener, pg emitted an unhandled 'error' here and the process exited.
    const failed = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await terminateBackends(database.url);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.execute(sql`select 2`);
    });
    await expect(failed).rejects.toThrow();
    const rows = await queryRows<{ one: number }>(database.db, sql`select 1 as one`);
    expect(rows[0]!.one).toBe(1);
  });

  it('keeps listening after its connection is killed', async () => {
    const seen: string[] = [];
    const stop = await database.listen('tessera_client_test', (payload) => seen.push(payload));
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await terminateBackends(database.url)).toBeGreaterThan(0);
      // The listener reconnects with backoff (first retry after 500 ms); notify until it hears one.
      const deadline = Date.now() + 15_000;
      while (!seen.includes('after') && Date.now() < deadline) {
        await database.db.execute(sql`select pg_notify('tessera_client_test', 'after')`).catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(seen).toContain('after');
    } finally {
      await stop();
    }
  });
});
