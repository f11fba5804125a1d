import { queryRows, sql, tenants, withPlatform, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readSnapshot,
  refreshEngagementSnapshots,
  type TrendingSnapshot,
  trendingKey,
  trendingSnapshotMaxAgeSeconds,
} from './engagement-snapshots.js';
import { trendingItems, trendingSnapshotSize, trendingWindows } from './trending-items.js';

describe('trending snapshots', () => {
  let database: TestDatabase;
  let tenantId: string;
  let otherId: string;

  /** Item buckets for every window: ~40% of (item, bucket) pairs filled, plus two identical twins. */
  const seed = (tenant: string, prefix: string, items: number) =>
    withPlatform(database.db, async (tx) => {
      await tx.execute(sql`select setseed(0.42)`);
      for (const [grain, span] of [
        ['hour', 121],
        ['day', 151],
      ] as const)
        await tx.execute(sql`insert into feature_buckets
            (tenant_id, entity_kind, entity_id, grain, bucket_start, views, clicks, likes, shares, comments, purchases)
          select ${tenant}, 'item', item, ${grain}::bucket_grain, date_trunc(${grain}, now()) - b * ${`1 ${grain}`}::interval,
                 (random() * 30)::int, (random() * 6)::int, (random() * 3)::int, (random() * 2)::int, (random() * 2)::int, (random() * 1.3)::int
          from generate_series(1, ${items}) i, lateral (select ${prefix} || i as item) named, generate_series(0, ${span - 1}) b
          where random() < 0.4`);
      await tx.execute(sql`insert into feature_buckets
          (tenant_id, entity_kind, entity_id, grain, bucket_start, views, clicks, likes, shares, comments, purchases)
        select tenant_id, entity_kind, twin, grain, bucket_start, views, clicks, likes, shares, comments, purchases
        from feature_buckets, unnest(array[${`${prefix}twin-a`}, ${`${prefix}twin-b`}]) twin
        where tenant_id = ${tenant} and entity_id = ${`${prefix}1`}`);
      // Day rows before today are sealed (final), as the stream-worker's sealer leaves them; today is read from its hours.
      await tx.execute(sql`insert into feature_bucket_seals (tenant_id, sealed_through)
        values (${tenant}, date_trunc('day', now(), 'UTC'))`);
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    const rows = await withPlatform(database.db, (tx) =>
      tx
        .insert(tenants)
        .values([
          { slug: 'trending', name: 'Trending', vertical: 'entertainment' },
          { slug: 'trending-other', name: 'Other', vertical: 'entertainment' },
        ])
        .returning(),
    );
    tenantId = rows[0]!.id;
    otherId = rows[1]!.id;
    await seed(tenantId, 'i', 160);
    await seed(otherId, 'x', 20);
    await refreshEngagementSnapshots(database.db, tenantId, []);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('stores for every window the answer the live query gives on the same data', async () => {
    // Windows end at the current hour: the snapshot and the live query must see the same one, so
    // the snapshot is taken here (not in beforeAll), and again (once) if an hour began meanwhile.
    const currentHour = async () =>
      (
        await queryRows<{ hour: string }>(database.db, sql`select date_trunc('hour', now())::text as hour`)
      )[0]!.hour;
    const compare = () =>
      withTenant(database.db, tenantId, async (tx) => {
        const pairs = [];
        for (const window of trendingWindows) {
          const stored = await readSnapshot<TrendingSnapshot>(
            tx,
            trendingKey(window),
            trendingSnapshotMaxAgeSeconds,
          );
          const live = await trendingItems(tx, window, trendingSnapshotSize);
          pairs.push({ window, stored, live, top7: await trendingItems(tx, window, 7) });
        }
        return pairs;
      });
    let pairs: Awaited<ReturnType<typeof compare>> = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const hour = await currentHour();
      await refreshEngagementSnapshots(database.db, tenantId, []);
      pairs = await compare();
      if ((await currentHour()) === hour) break;
    }
    for (const { window, stored, live, top7 } of pairs) {
      expect(live.length, window.interval).toBeGreaterThan(20);
      expect(stored?.items, window.interval).toEqual(live);
      // A shorter list is the snapshot's prefix: ties (the twins) break on the item id.
      expect(stored!.items.slice(0, 7)).toEqual(top7);
    }
    await withTenant(database.db, tenantId, async (tx) => {
      const day = await trendingItems(tx, trendingWindows[1]!, trendingSnapshotSize);
      const twins = day.filter((r) => r.item_id.includes('twin'));
      expect(twins.map((r) => r.item_id)).toEqual(['itwin-a', 'itwin-b']);
      expect(twins[0]!.z_score).toBe(twins[1]!.z_score);
    });
  });

  it('serves a snapshot only while it is fresh', async () => {
    const key = trendingKey(trendingWindows[1]!);
    const read = () =>
      withTenant(database.db, tenantId, (tx) =>
        readSnapshot<TrendingSnapshot>(tx, key, trendingSnapshotMaxAgeSeconds),
      );
    expect(await read()).toBeDefined();
    await withPlatform(database.db, (tx) =>
      tx.execute(sql`update engagement_snapshots
        set computed_at = now() - make_interval(secs => ${trendingSnapshotMaxAgeSeconds + 1})
        where tenant_id = ${tenantId} and unit = ${key}`),
    );
    expect(await read()).toBeUndefined();
    await refreshEngagementSnapshots(database.db, tenantId, [], [trendingWindows[1]!]);
    expect(await read()).toBeDefined();
  });

  it("keeps each tenant's snapshot and items to itself", async () => {
    await withTenant(database.db, otherId, async (tx) => {
      for (const window of trendingWindows)
        expect(await readSnapshot<TrendingSnapshot>(tx, trendingKey(window))).toBeUndefined();
      const live = await trendingItems(tx, trendingWindows[3]!, trendingSnapshotSize);
      expect(live.length).toBeGreaterThan(0);
      expect(live.every((r) => r.item_id.startsWith('x'))).toBe(true);
    });
    await withTenant(database.db, tenantId, async (tx) => {
      const stored = await readSnapshot<TrendingSnapshot>(tx, trendingKey(trendingWindows[3]!));
      expect(stored!.items.every((r) => r.item_id.startsWith('i'))).toBe(true);
    });
  });
});
