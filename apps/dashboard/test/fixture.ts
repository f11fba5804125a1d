import { addAdmin, type ProvisionedTenant, provisionTenant } from '@tessera/api';
import { type Db, interactions, models, trainingJobs, withTenant } from '@tessera/db';
import { buildInteractions, createModel, evaluateTopN } from '@tessera/models';

export const PASSWORD = 'dashboard-e2e-password';
export const OWNER = 'owner@acme.test';
export const VIEWER = 'viewer@acme.test';

const categories = ['drama', 'comedy', 'action', 'documentary', 'sci-fi'];
const reviews = [
  'Loved it, really great!',
  'Not bad, but a bit long.',
  'Terrible. Would not recommend.',
  'Absolutely AMAZING!!!',
];
const kinds = ['view', 'view', 'view', 'click', 'click', 'like', 'share', 'purchase'] as const;

export interface Seeded {
  tenant: ProvisionedTenant;
  events: number;
}

type Gql = (query: string, variables: Record<string, unknown>, key: string) => Promise<unknown>;

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same world. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A tenant as a client product makes one: catalog and users through the API's mutations, events
 * through `trackEvents` (so they travel through the event log and the stream-worker into features).
 */
export async function seedTenant(
  db: Db,
  gql: Gql,
  size = { users: 60, items: 50, eventsPerUser: 12 },
): Promise<Seeded> {
  const random = rng(7);
  const tenant = await provisionTenant(db, { slug: 'acme', name: 'Acme Stream', vertical: 'entertainment' });
  await addAdmin(db, tenant.tenantId, OWNER, PASSWORD, 'owner');
  await addAdmin(db, tenant.tenantId, VIEWER, PASSWORD, 'viewer');
  const items = Array.from({ length: size.items }, (_, i) => ({
    id: `item-${i}`,
    title: `Title ${i + 1}: ${categories[i % categories.length]}`,
    category: categories[i % categories.length],
    genres: [categories[i % categories.length]!],
  }));
  await gql(
    'mutation($items: [ItemInput!]!) { upsertItems(items: $items) { upserted } }',
    { items },
    tenant.keys.admin,
  );
  const users = Array.from({ length: size.users }, (_, u) => ({
    id: `user-${u}`,
    segment: u % 2 ? 'north' : 'south',
  }));
  await gql(
    'mutation($users: [UserInput!]!) { upsertUsers(users: $users) { upserted } }',
    { users },
    tenant.keys.admin,
  );
  const events: Record<string, unknown>[] = [];
  for (let u = 0; u < size.users; u++) {
    // Each user mostly picks items of one favourite category, popular ones more often.
    const favourite = u % categories.length;
    for (let e = 0; e < size.eventsPerUser; e++) {
      const category = random() < 0.8 ? favourite : Math.floor(random() * categories.length);
      const rank = Math.floor(random() ** 2 * (size.items / categories.length));
      const item = Math.min(size.items - 1, rank * categories.length + category);
      const type = kinds[Math.floor(random() * kinds.length)]!;
      events.push({
        type,
        userId: `user-${u}`,
        itemId: `item-${item}`,
        // Skewed towards now: two weeks of history, most of it recent.
        ts: new Date(Date.now() - random() ** 2 * 14 * 86_400_000).toISOString(),
        ...(type === 'purchase' ? { props: { value: 9.99, currency: 'EUR' } } : {}),
      });
    }
  }
  // Half the users follow one of five popular users and write one review: the social graph and sentiment.
  for (let u = 0; u < size.users; u += 2) {
    const ts = new Date(Date.now() - random() * 7 * 86_400_000).toISOString();
    events.push({ type: 'follow', userId: `user-${u}`, ts, props: { targetUserId: `user-${(u * 7) % 5}` } });
    events.push({
      type: 'review',
      userId: `user-${u}`,
      itemId: `item-${u % size.items}`,
      ts,
      props: { text: reviews[u % reviews.length]!, rating: 1 + (u % 5) },
    });
  }
  await gql(
    'mutation($events: [EventInput!]!) { trackEvents(events: $events) { accepted } }',
    { events },
    tenant.keys.ingest,
  );
  return { tenant, events: events.length };
}

/**
 * What the trainer would write: three ALS versions of growing size, each scored on a holdout of
 * every user's newest interaction (full ranking), the middle one active, the largest a candidate.
 */
export async function trainModels(db: Db, tenantId: string): Promise<void> {
  const rows = await withTenant(db, tenantId, (tx) => tx.select().from(interactions));
  const all = buildInteractions({
    userIds: rows.map((r) => r.userId),
    itemIds: rows.map((r) => r.itemId),
    values: rows.map((r) => r.strength),
    timestamps: rows.map((r) => r.lastTs.getTime() / 1000),
  });
  const newest = new Map<number, number>();
  for (let k = 0; k < all.users.length; k++) {
    const u = all.users[k]!;
    const best = newest.get(u);
    if (best === undefined || all.timestamps[k]! > all.timestamps[best]!) newest.set(u, k);
  }
  const testEntries = new Set(newest.values());
  const pick = (keep: (k: number) => boolean) => all.select([...all.users.keys()].filter(keep));
  const train = pick((k) => !testEntries.has(k));
  const test = pick((k) => testEntries.has(k));
  const versions = [
    { version: 1, factors: 2, status: 'retired' as const, daysAgo: 14 },
    { version: 2, factors: 8, status: 'active' as const, daysAgo: 7 },
    { version: 3, factors: 16, status: 'candidate' as const, daysAgo: 1 },
  ];
  for (const v of versions) {
    const model = createModel('als', { factors: v.factors, iterations: 8, seed: v.version } as never);
    const started = performance.now();
    await model.fit(train);
    const trainSeconds = (performance.now() - started) / 1000;
    const scores = evaluateTopN(model, test, [train], 10);
    const createdAt = new Date(Date.now() - v.daysAgo * 86_400_000);
    await withTenant(db, tenantId, async (tx) => {
      const [row] = await tx
        .insert(models)
        .values({
          tenantId,
          vertical: 'entertainment',
          algorithm: 'als',
          version: v.version,
          status: v.status,
          params: { factors: v.factors, iterations: 8 },
          metrics: { 'ndcg@10': scores.ndcg10, 'recall@10': scores.recall10, 'hit@10': scores.hit10 },
          backend: 'js',
          trainSeconds,
          createdAt,
          artifact: model.save(),
          ...(v.status === 'active' ? { promotedAt: createdAt } : {}),
        })
        .returning({ id: models.id });
      await tx.insert(trainingJobs).values({
        tenantId,
        algorithm: 'als',
        reason: 'scheduled',
        status: 'succeeded',
        attempts: 1,
        modelId: row!.id,
        createdAt,
        claimedAt: createdAt,
        finishedAt: createdAt,
      });
    });
  }
  // One job that gave up, as a trainer records it: the overview raises it as an alert.
  await withTenant(db, tenantId, (tx) =>
    tx.insert(trainingJobs).values({
      tenantId,
      algorithm: 'bpr',
      reason: 'new events',
      status: 'failed',
      attempts: 3,
      error: 'no interactions in the training window',
      finishedAt: new Date(),
    }),
  );
}
