import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, queryRows } from './client.js';
import * as s from './schema/index.js';
import { withPlatform, withTenant } from './tenant.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

/** Drizzle wraps the server's error; its `cause` carries PostgreSQL's own message. */
const databaseError = (message: RegExp) => ({ cause: { message: expect.stringMatching(message) } });

/** One row in every tenant-owned table, for the given tenant. */
async function seedTenant(db: Db, tenantId: string, tag: string) {
  const now = new Date();
  await withTenant(db, tenantId, async (tx) => {
    await tx.insert(s.users).values({ tenantId, id: `user-${tag}` });
    await tx.insert(s.items).values({ tenantId, id: `item-${tag}`, title: `Item ${tag}` });
    await tx
      .insert(s.apiKeys)
      .values({ tenantId, prefix: `pfx_${tag}`, secretHash: 'h', name: 'k', scopes: ['read'] });
    const [admin] = await tx
      .insert(s.adminUsers)
      .values({ tenantId, email: `${tag}@example.com`, passwordHash: 'x', role: 'owner' })
      .returning();
    await tx.insert(s.adminSessions).values({
      tenantId,
      tokenHash: `tok-${tag}`,
      adminId: admin!.id,
      expiresAt: new Date(Date.now() + 60_000),
    });
    await tx.insert(s.events).values({
      tenantId,
      eventId: `ev-${tag}`,
      type: 'view',
      userId: `user-${tag}`,
      itemId: `item-${tag}`,
      ts: now,
      receivedAt: now,
      schemaVersion: 1,
    });
    await tx.insert(s.eventKeys).values({ tenantId, eventId: `ev-${tag}`, ts: now });
    await tx
      .insert(s.deadLetters)
      .values({ tenantId, reasonCode: 'X', message: 'm', payload: '{}', source: 'test' });
    await tx.insert(s.userFeatures).values({ tenantId, userId: `user-${tag}`, views: 1 });
    await tx.insert(s.itemFeatures).values({ tenantId, itemId: `item-${tag}`, views: 1 });
    await tx.insert(s.featureBuckets).values({
      tenantId,
      entityKind: 'item',
      entityId: `item-${tag}`,
      grain: 'hour',
      bucketStart: now,
      views: 1,
    });
    await tx.insert(s.featureBucketSeals).values({ tenantId, sealedThrough: now });
    await tx.insert(s.interactions).values({
      tenantId,
      userId: `user-${tag}`,
      itemId: `item-${tag}`,
      strength: 1,
      events: 1,
      lastTs: now,
    });
    await tx.insert(s.activityDays).values({ tenantId, dayStart: now, activeUsers: 1, events: 1 });
    await tx
      .insert(s.engagementSnapshots)
      .values({ tenantId, unit: 'day', computedAt: now, payload: { tag } });
    await tx.insert(s.eventHours).values({ tenantId, hourStart: now, type: 'like', events: 1 });
    await tx.insert(s.itemSentimentHours).values({
      tenantId,
      itemId: `item-${tag}`,
      hourStart: now,
      sentimentCount: 1,
      sentimentSum: 0.5,
      positive: 1,
    });
    await tx.insert(s.shareLinks).values({ tenantId, shareId: `share-${tag}`, ts: now });
    await tx
      .insert(s.follows)
      .values({ tenantId, followerId: `user-${tag}`, followeeId: `other-${tag}`, createdAt: now });
    await tx.insert(s.models).values({ tenantId, vertical: 'entertainment', algorithm: 'als', version: 1 });
    await tx.insert(s.trainingJobs).values({ tenantId, algorithm: 'als', reason: 'test' });
    await tx
      .insert(s.experiments)
      .values({ tenantId, key: `exp-${tag}`, name: 'e', seed: 's', variants: [{ key: 'a', weight: 1 }] });
    await tx
      .insert(s.servedLists)
      .values({ tenantId, requestId: `req-${tag}`, userId: `user-${tag}`, items: [] });
  });
}

describe('tenant isolation under row-level security', () => {
  let database: TestDatabase;
  let a: string;
  let b: string;
  let tenantTables: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    const created = await withPlatform(database.db, (tx) =>
      tx
        .insert(s.tenants)
        .values([
          { slug: 'alpha', name: 'Alpha', vertical: 'medical' },
          { slug: 'beta', name: 'Beta', vertical: 'finance' },
        ])
        .returning(),
    );
    a = created[0]!.id;
    b = created[1]!.id;
    await seedTenant(database.db, a, 'a');
    await seedTenant(database.db, b, 'b');
    const rows = await queryRows<{ table_name: string }>(
      database.db,
      sql`select distinct c.table_name from information_schema.columns c
          join pg_class k on k.relname = c.table_name and k.relnamespace = 'public'::regnamespace
          where c.table_schema = 'public' and c.column_name = 'tenant_id' and not k.relispartition
          order by 1`,
    );
    tenantTables = rows.map((r) => r.table_name);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('covers every tenant-owned table with seeded rows for both tenants', async () => {
    expect(tenantTables).toHaveLength(23);
    for (const table of tenantTables) {
      const [row] = await withPlatform(database.db, (tx) =>
        queryRows<{ n: number }>(
          tx,
          sql`select count(distinct tenant_id)::int as n from ${sql.identifier(table)}`,
        ),
      );
      expect({ table, n: row!.n }).toEqual({ table, n: 2 });
    }
  });

  it("hides tenant B's rows from tenant A in every table, even when asked by B's id", async () => {
    for (const table of [...tenantTables, 'tenants']) {
      const column = table === 'tenants' ? 'id' : 'tenant_id';
      const rows = await withTenant(database.db, a, (tx) =>
        queryRows<{ n: number; other: number }>(
          tx,
          sql`select count(*)::int as n, count(*) filter (where ${sql.identifier(column)} = ${b})::int as other
              from ${sql.identifier(table)}`,
        ),
      );
      expect({ table, ...rows[0] }).toEqual({ table, n: 1, other: 0 });
    }
  });

  it('keeps joins inside the tenant', async () => {
    const rows = await withTenant(database.db, a, (tx) =>
      queryRows(
        tx,
        sql`select i.user_id, it.id from interactions i join items it on it.id <> '' order by 1, 2`,
      ),
    );
    expect(rows).toEqual([{ user_id: 'user-a', id: 'item-a' }]);
  });

  it("lets no update or delete reach tenant B's rows", async () => {
    const changed = await withTenant(database.db, a, async (tx) => {
      const updated = await queryRows(
        tx,
        sql`update items set title = 'pwned' where tenant_id = ${b} returning id`,
      );
      const deleted = await queryRows(
        tx,
        sql`delete from interactions where tenant_id = ${b} returning user_id`,
      );
      const renamed = await queryRows(
        tx,
        sql`update tenants set name = 'pwned' where id = ${b} returning id`,
      );
      return updated.length + deleted.length + renamed.length;
    });
    expect(changed).toBe(0);
    const [item] = await withTenant(database.db, b, (tx) =>
      queryRows<{ title: string }>(tx, sql`select title from items`),
    );
    expect(item!.title).toBe('Item b');
  });

  it("refuses to write a row into tenant B's scope", async () => {
    await expect(
      withTenant(database.db, a, (tx) =>
        tx.insert(s.items).values({ tenantId: b, id: 'smuggled', title: 'x' }),
      ),
    ).rejects.toMatchObject(databaseError(/row-level security/));
    await expect(
      withTenant(database.db, a, (tx) =>
        queryRows(tx, sql`update items set tenant_id = ${b} where id = 'item-a'`),
      ),
    ).rejects.toMatchObject(databaseError(/row-level security/));
  });

  it('shows nothing to the application role when the tenant was never set', async () => {
    for (const table of [...tenantTables, 'tenants']) {
      const [row] = await database.db.transaction(async (tx) => {
        await tx.execute(sql`set local role tessera_app`);
        return queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`);
      });
      expect({ table, n: row!.n }).toEqual({ table, n: 0 });
    }
  });

  it('denies the application role direct access to event partitions', async () => {
    await expect(
      withTenant(database.db, a, (tx) => queryRows(tx, sql`select * from events_default`)),
    ).rejects.toMatchObject(databaseError(/permission denied/));
  });

  it('gives key lookup only the row with the asked prefix', async () => {
    const rows = await withTenant(database.db, a, (tx) =>
      queryRows<{ tenant_id: string }>(tx, sql`select * from auth_api_key('pfx_b')`),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tenant_id).toBe(b);
    const none = await withTenant(database.db, a, (tx) =>
      queryRows(tx, sql`select * from auth_api_key('nope')`),
    );
    expect(none).toEqual([]);
  });

  it('rejects an unknown tenant with a clear error', async () => {
    await expect(
      withTenant(database.db, '00000000-0000-4000-8000-000000000000', async () => 1),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('does not exist'),
    });
    await expect(withTenant(database.db, "a' or '1'='1", async () => 1)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });
});
