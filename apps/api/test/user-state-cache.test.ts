import { interactions, items, models, sql, withTenant } from '@tessera/db';
import { buildInteractions, createModel } from '@tessera/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import type { UserStateCache } from '../src/serving/user-state-cache.js';
import { type Harness, startHarness } from './harness.js';

const query = `query($userId: ID!) { recommendations(userId: $userId, count: 10) { items { itemId } } }`;

/** 40 items, 30 users who each like every third item of their own residue, and a trained ALS model. */
async function seed(h: { db: Harness['database']['db'] }): Promise<ProvisionedTenant> {
  const t = await provisionTenant(h.db, { slug: 'usc-e2e', name: 'E', vertical: 'entertainment' });
  const rows: { userId: string; itemId: string }[] = [];
  for (let u = 0; u < 30; u++)
    for (let i = u % 3; i < 40; i += 3)
      if ((i + u) % 4 !== 0) rows.push({ userId: `u${u}`, itemId: `i${i}` });
  const model = createModel('als', { factors: 8, iterations: 6, seed: 1 } as never);
  await model.fit(
    buildInteractions({ userIds: rows.map((r) => r.userId), itemIds: rows.map((r) => r.itemId) }),
  );
  await withTenant(h.db, t.tenantId, async (tx) => {
    await tx.insert(items).values(
      Array.from({ length: 40 }, (_, i) => ({
        tenantId: t.tenantId,
        id: `i${i}`,
        title: `T${i}`,
        category: 'c',
      })),
    );
    await tx
      .insert(interactions)
      .values(rows.map((r) => ({ tenantId: t.tenantId, ...r, strength: 1, events: 1, lastTs: new Date() })));
    await tx.insert(models).values({
      tenantId: t.tenantId,
      vertical: 'entertainment',
      algorithm: 'als',
      version: 1,
      status: 'active',
      artifact: model.save(),
      promotedAt: new Date(),
    });
  });
  return t;
}

describe('recommendations with the user-state cache', () => {
  let h: Harness;
  let t: ProvisionedTenant;
  let cache: UserStateCache;

  beforeAll(async () => {
    h = await startHarness({
      userStateCache: true,
      seed: async (database) => {
        t = await seed(database);
      },
    });
    cache = h.server.services.recommender.userStateCache!;
  });
  afterAll(async () => h?.close());

  it('preloads the tenant before the server is ready, and serves its users from memory', async () => {
    expect(cache.stats.preloadedUsers).toBe(30);
    const hits = cache.stats.hits;
    const res = await h.gql(query, { userId: 'u7' }, t.keys.read);
    expect(res.body.data!.recommendations.items).toHaveLength(10);
    expect(cache.stats.hits).toBe(hits + 1);
  });

  it('never serves an item the user consumed once the write is announced', async () => {
    for (let round = 0; round < 5; round++) {
      const before = await h.gql(query, { userId: 'u2' }, t.keys.read);
      const top: string = before.body.data!.recommendations.items[0].itemId;
      const changes = cache.stats.changes;
      // As the stream-worker writes it: the interaction and its notification in one transaction.
      await withTenant(h.database.db, t.tenantId, async (tx) => {
        await tx.insert(interactions).values({
          tenantId: t.tenantId,
          userId: 'u2',
          itemId: top,
          strength: 1,
          events: 1,
          lastTs: new Date(),
        });
        await tx.execute(
          sql`select pg_notify('tessera_user_state', json_build_object('t', ${t.tenantId}::text, 'u', json_build_array('u2'))::text)`,
        );
      });
      const began = performance.now();
      while (cache.stats.changes === changes) {
        // A deadline, not a speed check: a loaded CI machine may hold a notification for seconds.
        expect(performance.now() - began).toBeLessThan(15_000);
        await new Promise((r) => setTimeout(r, 1));
      }
      const after = await h.gql(query, { userId: 'u2' }, t.keys.read);
      const ids = after.body.data!.recommendations.items.map((i: { itemId: string }) => i.itemId);
      expect(ids).not.toContain(top);
    }
  });
});
