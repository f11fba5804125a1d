import { events, featureBuckets, follows, sql, withPlatform, withTenant } from '@tessera/db';
import { influencerRanking, refreshEngagementSnapshots } from '@tessera/social/rollups';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type Harness, startHarness } from './harness.js';

const hour = 3_600_000;
const day = 24 * hour;

describe('social-signal analytics', () => {
  let h: Harness;
  let t: ProvisionedTenant;
  let other: ProvisionedTenant;

  beforeAll(async () => {
    h = await startHarness();
    t = await provisionTenant(h.database.db, { slug: 'social', name: 'Social', vertical: 'entertainment' });
    other = await provisionTenant(h.database.db, {
      slug: 'social-other',
      name: 'Other',
      vertical: 'entertainment',
    });
    const now = Date.now();
    const rows: (typeof events.$inferInsert)[] = [];
    let n = 0;
    const add = (
      type: string,
      userId: string,
      itemId: string | null,
      at: number,
      extra: Partial<typeof events.$inferInsert> = {},
    ) =>
      rows.push({
        tenantId: t.tenantId,
        eventId: `e${n++}`,
        type,
        userId,
        itemId,
        ts: new Date(at),
        receivedAt: new Date(at),
        schemaVersion: 1,
        props: {},
        ...extra,
      });
    // Funnel: 10 users view, 6 of them click afterwards, 3 of those purchase afterwards.
    for (let u = 0; u < 10; u++) {
      add('view', `f${u}`, 'i1', now - 3 * hour);
      if (u < 6) add('click', `f${u}`, 'i1', now - 2 * hour);
      if (u < 3) add('purchase', `f${u}`, 'i1', now - hour, { props: { value: 10, currency: 'EUR' } });
    }
    // A share cascade: s0 → s1, s2; s1 → s3. Plus one lone share.
    add('share', 'a', 'i2', now - 5 * hour, { eventId: 's0' });
    add('share', 'b', 'i2', now - 4 * hour, { eventId: 's1', props: { parentShareId: 's0' } });
    add('share', 'c', 'i2', now - 4 * hour, { eventId: 's2', props: { parentShareId: 's0' } });
    add('share', 'd', 'i2', now - 3 * hour, { eventId: 's3', props: { parentShareId: 's1' } });
    add('share', 'e', 'i3', now - 3 * hour, { eventId: 's4' });
    // Reviews with sentiment, all today on item i4.
    for (const s of [0.8, 0.6, -0.7, 0.0])
      add('review', `r${n}`, 'i4', now - hour, { sentiment: s, props: { text: 'x' } });
    await withTenant(h.database.db, t.tenantId, async (tx) => {
      await tx.insert(events).values(rows);
      await tx.insert(follows).values(
        Array.from({ length: 8 }, (_, i) => ({
          tenantId: t.tenantId,
          followerId: `fan${i}`,
          followeeId: 'celebrity',
          createdAt: new Date(),
        })),
      );
      await tx
        .insert(follows)
        .values({ tenantId: t.tenantId, followerId: 'celebrity', followeeId: 'fan0', createdAt: new Date() });
      // Trending: i9 spikes today against a flat past; i8 is steady.
      const buckets = [];
      for (let k = 0; k < 5; k++) {
        const start = new Date(Math.floor((now - k * day) / hour) * hour - hour);
        buckets.push({
          tenantId: t.tenantId,
          entityKind: 'item' as const,
          entityId: 'i8',
          grain: 'hour' as const,
          bucketStart: start,
          views: 20,
        });
        buckets.push({
          tenantId: t.tenantId,
          entityKind: 'item' as const,
          entityId: 'i9',
          grain: 'hour' as const,
          bucketStart: start,
          views: k === 0 ? 60 : 2,
        });
      }
      await tx.insert(featureBuckets).values(buckets);
    });
    // The events were inserted directly, not by the stream-worker: derive its rollups from them.
    await withPlatform(h.database.db, async (tx) => {
      await tx.execute(sql`select rebuild_engagement_rollups(${t.tenantId})`);
      await tx.execute(sql`select rebuild_social_rollups(${t.tenantId})`);
    });
  });
  afterAll(async () => h?.close());

  it('finds the planted funnel, cascade, sentiment and activity', async () => {
    const res = await h.gql(
      `{ socialAnalytics(window: DAY) { shares reviews sentimentMean virality { totalShares cascades kFactor maxDepth } trending(count: 2) { itemId zScore } }
         engagement(window: WEEK, interval: DAY) { dau mau stickiness funnel { step users conversionFromPrevious } retention { size } lifecycle { new } }
         sentimentTrend(itemId: "i4", window: WEEK, interval: DAY) { mean count positive neutral negative } }`,
      {},
      t.keys.read,
    );
    expect(res.body.errors).toBeUndefined();
    const { socialAnalytics: s, engagement: e, sentimentTrend } = res.body.data!;
    expect(s.shares).toBe(5);
    expect(s.reviews).toBe(4);
    expect(s.sentimentMean).toBeCloseTo(0.175, 5);
    expect(s.virality).toEqual({ totalShares: 5, cascades: 2, kFactor: 3 / 5, maxDepth: 2 });
    expect(s.trending[0].itemId).toBe('i9');
    expect(e.funnel).toEqual([
      { step: 'view', users: 10, conversionFromPrevious: 1 },
      { step: 'click', users: 6, conversionFromPrevious: 0.6 },
      { step: 'purchase', users: 3, conversionFromPrevious: 0.5 },
    ]);
    expect(e.dau).toBeGreaterThan(0);
    expect(e.dau).toBe(e.mau);
    expect(e.stickiness).toBe(1);
    expect(sentimentTrend).toEqual([
      { mean: expect.closeTo(0.175, 5), count: 4, positive: 2, neutral: 1, negative: 1 },
    ]);
  });

  it('serves the same engagement from the stored snapshots as computed live', async () => {
    const query =
      '{ engagement(window: WEEK, interval: DAY) { dau wau mau series { activeUsers events } funnel { users } retention { size rates } lifecycle { new returning dormant } } }';
    const live = await h.gql(query, {}, t.keys.read);
    expect(live.body.errors).toBeUndefined();
    await refreshEngagementSnapshots(h.database.db, t.tenantId, ['7 days'], []);
    const stored = await withTenant(h.database.db, t.tenantId, (tx) =>
      tx.execute(sql`select count(*)::int as n from engagement_snapshots`),
    );
    expect((stored as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(3);
    const fromSnapshots = await h.gql(query, {}, t.keys.read);
    expect(fromSnapshots.body.data).toEqual(live.body.data);
    expect(live.body.data!.engagement.series.length).toBeGreaterThan(0);
    // Proof that the snapshot is what is read while fresh, and ignored once stale.
    const plant = (change: ReturnType<typeof sql>) =>
      withPlatform(h.database.db, (tx) =>
        tx.execute(sql`update engagement_snapshots set ${change} where unit = 'funnel:7 days'`),
      );
    const viewed = async () =>
      (await h.gql('{ engagement(window: WEEK) { funnel { users } } }', {}, t.keys.read)).body.data!
        .engagement.funnel[0].users;
    await plant(sql`payload = jsonb_set(payload, '{viewed}', '999')`);
    expect(await viewed()).toBe(999);
    await plant(sql`computed_at = now() - interval '1 hour'`);
    expect(await viewed()).toBe(10);
  });

  it('serves trending from a fresh snapshot equal to the live answer, never a stale one', async () => {
    const query =
      '{ socialAnalytics(window: DAY) { trending(count: 2) { itemId current baseline zScore } } }';
    const live = await h.gql(query, {}, t.keys.read);
    expect(live.body.errors).toBeUndefined();
    await refreshEngagementSnapshots(h.database.db, t.tenantId, []);
    expect((await h.gql(query, {}, t.keys.read)).body.data).toEqual(live.body.data);
    // Proof that the snapshot is what is read while fresh, and ignored once stale.
    const plant = (change: ReturnType<typeof sql>) =>
      withPlatform(h.database.db, (tx) =>
        tx.execute(sql`update engagement_snapshots set ${change}
          where tenant_id = ${t.tenantId} and unit = 'trending:hour:24 hours'`),
      );
    const top = async () =>
      (await h.gql(query, {}, t.keys.read)).body.data!.socialAnalytics.trending[0].itemId;
    await plant(sql`payload = jsonb_set(payload, '{items,0,item_id}', '"planted"')`);
    expect(await top()).toBe('planted');
    await plant(sql`computed_at = now() - interval '11 minutes'`);
    expect(await top()).toBe('i9');
    const elsewhere = await h.gql(query, {}, other.keys.read);
    expect(elsewhere.body.data!.socialAnalytics.trending).toEqual([]);
  });

  it('ranks the most followed user first by PageRank', async () => {
    const res = await h.gql('{ influencers(count: 3) { userId rank followers } }', {}, t.keys.read);
    expect(res.body.data!.influencers[0]).toEqual({ userId: 'celebrity', rank: 1, followers: 8 });
    await refreshEngagementSnapshots(h.database.db, t.tenantId, []);
    const stored = await h.gql('{ influencers(count: 3) { userId rank followers score } }', {}, t.keys.read);
    const live = await withTenant(h.database.db, t.tenantId, (tx) => influencerRanking(tx, 3));
    expect(stored.body.data!.influencers).toEqual(live);
  });

  it('shows another tenant none of it', async () => {
    const res = await h.gql(
      '{ socialAnalytics(window: MONTH) { shares reviews virality { totalShares } } influencers { userId } engagement { mau funnel { users } } }',
      {},
      other.keys.read,
    );
    expect(res.body.data).toEqual({
      socialAnalytics: { shares: 0, reviews: 0, virality: { totalShares: 0 } },
      influencers: [],
      engagement: { mau: 0, funnel: [{ users: 0 }, { users: 0 }, { users: 0 }] },
    });
  });
});
