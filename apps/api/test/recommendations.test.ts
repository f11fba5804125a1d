import { interactions, models, sql, withTenant } from '@tessera/db';
import { buildInteractions, createModel } from '@tessera/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type Harness, startHarness } from './harness.js';

const genres = ['drama', 'comedy', 'action', 'horror'];

/** A tenant with 60 items in 4 genres, 40 users who each like one genre, and a trained ALS model. */
async function seedWorld(h: Harness, vertical: 'entertainment' | 'medical'): Promise<ProvisionedTenant> {
  const t = await provisionTenant(h.database.db, { slug: `rec-${vertical}`, name: vertical, vertical });
  const items = Array.from({ length: 60 }, (_, i) => ({
    id: `i${i}`,
    title: `Title ${i}`,
    category: genres[i % 4],
    genres: [genres[i % 4]!],
    contraindications: i % 10 === 0 ? ['asthma'] : [],
  }));
  await h.gql(
    'mutation($items: [ItemInput!]!) { upsertItems(items: $items) { upserted } }',
    { items },
    t.keys.admin,
  );
  await h.gql(
    'mutation { upsertUsers(users: [{id: "u1", conditions: ["asthma"]}]) { upserted } }',
    {},
    t.keys.admin,
  );
  const rows: { userId: string; itemId: string }[] = [];
  for (let u = 0; u < 40; u++) {
    for (let i = u % 4; i < 60; i += 4)
      if ((i * 7 + u) % 3 !== 0) rows.push({ userId: `u${u}`, itemId: `i${i}` });
  }
  const matrix = buildInteractions({
    userIds: rows.map((r) => r.userId),
    itemIds: rows.map((r) => r.itemId),
  });
  const model = createModel('als', { factors: 8, iterations: 8, seed: 1 } as never);
  await model.fit(matrix);
  await withTenant(h.database.db, t.tenantId, async (tx) => {
    await tx
      .insert(interactions)
      .values(rows.map((r) => ({ tenantId: t.tenantId, ...r, strength: 1, events: 1, lastTs: new Date() })));
    await tx.insert(models).values({
      tenantId: t.tenantId,
      vertical,
      algorithm: 'als',
      version: 1,
      status: 'active',
      artifact: model.save(),
      promotedAt: new Date(),
    });
  });
  return t;
}

const query = `query($userId: ID!, $count: Int, $filters: RecommendationFilters) {
  recommendations(userId: $userId, count: $count, filters: $filters) {
    requestId modelVersion coldStart items { itemId score reasons item { title category } }
  }
}`;

describe('recommendations', () => {
  let h: Harness;
  let ent: ProvisionedTenant;
  let med: ProvisionedTenant;

  beforeAll(async () => {
    h = await startHarness();
    ent = await seedWorld(h, 'entertainment');
    med = await seedWorld(h, 'medical');
  });
  afterAll(async () => h?.close());

  it("follow the user's taste, exclude what they consumed, and explain every item", async () => {
    const res = await h.gql(query, { userId: 'u2', count: 10 }, ent.keys.read);
    expect(res.body.errors).toBeUndefined();
    const list = res.body.data!.recommendations;
    expect(list.modelVersion).toBe('als@1');
    expect(list.coldStart).toBe(false);
    expect(list.items).toHaveLength(10);
    const consumed = new Set<string>();
    for (let i = 2; i < 60; i += 4) if ((i * 7 + 2) % 3 !== 0) consumed.add(`i${i}`);
    for (const item of list.items) {
      expect(consumed.has(item.itemId)).toBe(false);
      expect(item.reasons.length).toBeGreaterThan(0);
    }
    // u2 likes genre 2 ("action"): the unseen action items come first.
    expect(list.items[0].item.category).toBe('action');
    expect(list.items[0].reasons.join(' ')).toMatch(/Because you liked Title \d+/);
  });

  it('never return excluded or filtered-out items', async () => {
    const res = await h.gql(
      query,
      {
        userId: 'u2',
        count: 10,
        filters: { excludeItemIds: ['i6', 'i10'], categories: ['drama', 'comedy'] },
      },
      ent.keys.read,
    );
    for (const item of res.body.data!.recommendations.items) {
      expect(['i6', 'i10']).not.toContain(item.itemId);
      expect(['drama', 'comedy']).toContain(item.item.category);
    }
  });

  it('give cold-start users results', async () => {
    const res = await h.gql(query, { userId: 'brand-new', count: 5 }, ent.keys.read);
    expect(res.body.data!.recommendations.coldStart).toBe(true);
    expect(res.body.data!.recommendations.items.length).toBe(5);
  });

  it('never show a medical item contraindicated for the user', async () => {
    const res = await h.gql(query, { userId: 'u1', count: 30 }, med.keys.read);
    const ids: string[] = res.body.data!.recommendations.items.map((i: { itemId: string }) => i.itemId);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(Number(id.slice(1)) % 10).not.toBe(0);
  });

  it('react to a new interaction without a retrain (fold-in)', async () => {
    const before = await h.gql(query, { userId: 'fresh', count: 5 }, ent.keys.read);
    expect(before.body.data!.recommendations.coldStart).toBe(true);
    await withTenant(h.database.db, ent.tenantId, (tx) =>
      tx.insert(interactions).values(
        ['i1', 'i5', 'i9'].map((itemId) => ({
          tenantId: ent.tenantId,
          userId: 'fresh',
          itemId,
          strength: 1,
          events: 1,
          lastTs: new Date(),
        })),
      ),
    );
    const after = await h.gql(query, { userId: 'fresh', count: 5 }, ent.keys.read);
    const list = after.body.data!.recommendations;
    expect(list.coldStart).toBe(false);
    expect(
      list.items.filter((i: { item: { category: string } }) => i.item.category === 'comedy').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('serve similar items and trending lists', async () => {
    const res = await h.gql(
      '{ similarItems(itemId: "i0", count: 5) { itemId item { category } } trending(window: MONTH, count: 3) { itemId } }',
      {},
      ent.keys.read,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.similarItems).toHaveLength(5);
    const sameGenre = res.body.data!.similarItems.filter(
      (s: { item: { category: string } }) => s.item.category === 'drama',
    );
    expect(sameGenre.length).toBeGreaterThanOrEqual(3);
    const rows = await withTenant(h.database.db, ent.tenantId, (tx) => tx.execute(sql`select 1`));
    expect(rows).toBeDefined();
  });
});
