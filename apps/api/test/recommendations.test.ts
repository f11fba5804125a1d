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

// Both places a list can be ranked: on the event loop, and on a ranking thread (production).
describe.each([
  { ranking: 'inline', rankingThreads: 0 },
  { ranking: 'on a ranking thread', rankingThreads: 1 },
])('recommendations ranked $ranking', ({ rankingThreads }) => {
  let h: Harness;
  let ent: ProvisionedTenant;
  let med: ProvisionedTenant;

  beforeAll(async () => {
    h = await startHarness({ rankingThreads });
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

  it('explain the items wherever the query asks for reasons, and rank the same when it does not', async () => {
    const throughFragments = `query($userId: ID!) {
      recommendations(userId: $userId, count: 10) { ...List }
    }
    fragment List on RecommendationList { items { ... on Recommendation { ...Why } itemId score } }
    fragment Why on Recommendation { reasons }`;
    const explained = await h.gql(throughFragments, { userId: 'u2' }, ent.keys.read);
    expect(explained.body.errors).toBeUndefined();
    const items = explained.body.data!.recommendations.items as {
      itemId: string;
      score: number;
      reasons: string[];
    }[];
    expect(items).toHaveLength(10);
    for (const item of items) expect(item.reasons.length).toBeGreaterThan(0);
    const bare = await h.gql(
      'query($userId: ID!) { recommendations(userId: $userId, count: 10) { items { itemId score } } }',
      { userId: 'u2' },
      ent.keys.read,
    );
    expect(bare.body.errors).toBeUndefined();
    // Same picks in the same order; scores equal up to the recency term's drift between requests.
    const bareItems = bare.body.data!.recommendations.items as { itemId: string; score: number }[];
    expect(bareItems.map((i) => i.itemId)).toEqual(items.map((i) => i.itemId));
    for (const [k, item] of bareItems.entries()) expect(item.score).toBeCloseTo(items[k]!.score, 6);
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

  it('give a cold-start user what is popular in their segment, and say so', async () => {
    const users = [
      ...Array.from({ length: 5 }, (_, i) => ({ id: `north-${i}`, segment: 'north' })),
      { id: 'newbie', segment: 'north' },
    ];
    await h.gql(
      'mutation($users: [UserInput!]!) { upsertUsers(users: $users) { upserted } }',
      { users },
      ent.keys.admin,
    );
    await withTenant(h.database.db, ent.tenantId, (tx) =>
      tx.insert(interactions).values(
        Array.from({ length: 5 }, (_, i) => ({
          tenantId: ent.tenantId,
          userId: `north-${i}`,
          itemId: 'i57',
          strength: 3,
          events: 1,
          lastTs: new Date(),
        })),
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
    const res = await h.gql(query, { userId: 'newbie', count: 5 }, ent.keys.read);
    const list = res.body.data!.recommendations;
    expect(list.coldStart).toBe(true);
    const pick = list.items.find((i: { itemId: string }) => i.itemId === 'i57');
    expect(pick).toBeDefined();
    expect(pick.reasons).toContain('Popular in your area this week');
  });

  it('answer automatic persisted queries (hash first, then by hash alone)', async () => {
    const { createHash } = await import('node:crypto');
    const text = '{ tenant { slug } }';
    const sha256Hash = createHash('sha256').update(text).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const post = (body: unknown) =>
      fetch(`${h.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ent.keys.read}` },
        body: JSON.stringify(body),
      }).then(
        (r) => r.json() as Promise<{ data?: { tenant?: { slug: string } }; errors?: { message: string }[] }>,
      );
    expect((await post({ extensions })).errors?.[0]?.message).toBe('PersistedQueryNotFound');
    expect((await post({ query: text, extensions })).data?.tenant?.slug).toBe('rec-entertainment');
    expect((await post({ extensions })).data?.tenant?.slug).toBe('rec-entertainment');
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

  it('rank where the server was told to', () => {
    const stats = h.server.services.recommender.rankingStats;
    if (rankingThreads === 0) expect(stats).toBeNull();
    else expect(stats).toMatchObject({ onThreads: expect.any(Number), inlineAfterThreadLoss: 0 });
    if (rankingThreads > 0) expect(stats!.onThreads).toBeGreaterThanOrEqual(7); // every list this suite asked for
  });
});
