import { itemFeatures, items, sql, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../admin/provision.js';
import { CatalogCache, catalogItemsOf } from './catalog.js';

describe('CatalogCache', () => {
  let database: TestDatabase;
  let tenant: ProvisionedTenant;

  beforeAll(async () => {
    database = await createTestDatabase();
    tenant = await provisionTenant(database.db, { slug: 'cat', name: 'Cat', vertical: 'entertainment' });
    await withTenant(database.db, tenant.tenantId, (tx) =>
      tx.insert(items).values(
        ['a', 'b', 'c'].map((id) => ({
          tenantId: tenant.tenantId,
          id,
          title: `Title ${id}`,
          category: 'x',
        })),
      ),
    );
  });
  afterAll(async () => database?.drop());

  /** A TTL of 0 makes every read start a background refresh; wait for it to land. */
  async function settle(cache: CatalogCache, until: () => boolean) {
    const deadline = Date.now() + 15_000;
    while (!until()) {
      if (Date.now() > deadline) throw new Error('the background refresh did not land within 15 s');
      await cache.get(tenant.tenantId);
      await new Promise((r) => setTimeout(r, 20));
    }
    return cache.get(tenant.tenantId);
  }

  it('keeps the built catalog while the items are unchanged, but re-reads sentiment', async () => {
    const cache = new CatalogCache(database.db, 0);
    const first = await cache.get(tenant.tenantId);
    expect([...first.byId.keys()].sort()).toEqual(['a', 'b', 'c']);
    await withTenant(database.db, tenant.tenantId, (tx) =>
      tx.insert(itemFeatures).values({
        tenantId: tenant.tenantId,
        itemId: 'a',
        sentimentSum: 1.5,
        sentimentCount: 2,
      }),
    );
    const later = await settle(cache, () => cache.stats.unchanged > 0);
    expect(cache.stats.rebuilt).toBe(1);
    expect(later.byId).toBe(first.byId);
    expect(later.sentiment.get('a')).toBeCloseTo(0.75);
  });

  it('rebuilds when any row is updated, added or deleted elsewhere', async () => {
    const cache = new CatalogCache(database.db, 0);
    await cache.get(tenant.tenantId);
    const change = async (statement: ReturnType<typeof sql>) => {
      const rebuilt = cache.stats.rebuilt;
      await withTenant(database.db, tenant.tenantId, (tx) => tx.execute(statement));
      return settle(cache, () => cache.stats.rebuilt > rebuilt);
    };
    expect((await change(sql`update items set title = 'Renamed' where id = 'b'`)).byId.get('b')?.title).toBe(
      'Renamed',
    );
    const added = await change(
      sql`insert into items (tenant_id, id, title) values (${tenant.tenantId}, 'd', 'Title d')`,
    );
    expect(added.byId.has('d')).toBe(true);
    expect((await change(sql`delete from items where id = 'a'`)).byId.has('a')).toBe(false);
  });
});

describe('catalogItemsOf', () => {
  it('resolves a list once per catalog version: each id to its entry and creation time, NaN where unknown', async () => {
    const database = await createTestDatabase();
    try {
      const tenant = await provisionTenant(database.db, {
        slug: 'res',
        name: 'Res',
        vertical: 'entertainment',
      });
      await withTenant(database.db, tenant.tenantId, (tx) =>
        tx.insert(items).values(
          ['a', 'b'].map((id, k) => ({
            tenantId: tenant.tenantId,
            id,
            title: id,
            createdAt: new Date(Date.UTC(2026, 0, 1 + k)),
          })),
        ),
      );
      const catalog = await new CatalogCache(database.db).get(tenant.tenantId);
      const ids = ['b', 'gone', 'a'];
      const resolved = catalogItemsOf(catalog.byId, ids);
      expect(resolved.items.map((item) => item?.id)).toEqual(['b', undefined, 'a']);
      expect([...resolved.createdMs]).toEqual([Date.UTC(2026, 0, 2), Number.NaN, Date.UTC(2026, 0, 1)]);
      expect(catalogItemsOf(catalog.byId, ids)).toBe(resolved);
      expect(catalogItemsOf(new Map(catalog.byId), ids)).not.toBe(resolved);
    } finally {
      await database.drop();
    }
  });
});
