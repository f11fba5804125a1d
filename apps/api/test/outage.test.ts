import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type Harness, startHarness } from './harness.js';

/** Runs one statement on the server's own database, outside the test database. */
async function asAdmin(statement: string, params: unknown[] = []): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(statement, params);
  } finally {
    await admin.end();
  }
}

/** What a PostgreSQL restart looks like to the API: its connections end and new ones are refused. */
async function takeDatabaseDown(name: string): Promise<void> {
  await asAdmin(`alter database "${name}" with allow_connections false`);
  await asAdmin(
    'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [name],
  );
}

describe('API while PostgreSQL is down', () => {
  let h: Harness;
  let t: ProvisionedTenant;
  let name: string;

  beforeAll(async () => {
    h = await startHarness();
    name = new URL(h.database.url).pathname.slice(1);
    t = await provisionTenant(h.database.db, { slug: 'outage', name: 'Outage', vertical: 'entertainment' });
  });
  afterAll(async () => {
    if (name) await asAdmin(`alter database "${name}" with allow_connections true`);
    await h?.close();
  });

  it('answers 503 UNAVAILABLE with Retry-After (not 500), then serves again once the database is back', async () => {
    await takeDatabaseDown(name);
    try {
      // A key the API has not seen yet must be looked up in the database.
      const graphql = await fetch(`${h.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.read}` },
        body: JSON.stringify({ query: '{ tenant { id } }' }),
      });
      expect(graphql.status).toBe(503);
      expect(Number(graphql.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await graphql.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('UNAVAILABLE');

      const ingest = await fetch(`${h.server.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.ingest}` },
        body: JSON.stringify([{ type: 'view', userId: 'u1', itemId: 'i1' }]),
      });
      expect(ingest.status).toBe(503);
      expect(Number(ingest.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await asAdmin(`alter database "${name}" with allow_connections true`);
    }
    const again = await h.gql('{ tenant { id } }', {}, t.keys.read);
    expect(again.status).toBe(200);
    expect(again.body.data?.tenant?.id).toBe(t.tenantId);
  });
});
