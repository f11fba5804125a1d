import { type Db, queryRows, sql, type Tx, tenants, withPlatform, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareCascades } from '../analytics/cascades.js';
import { seededRandom } from '../testing/random.js';
import { type SyntheticEvent, storeBatch } from '../testing/social-store.js';
import { sentimentOverTime } from './sentiment-trend-query.js';
import { socialCounts } from './social-counts.js';
import { viralitySummary } from './virality-query.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const windowIntervals = ['1 hour', '24 hours', '7 days', '30 days'] as const;
const windowMs: Record<(typeof windowIntervals)[number], number> = {
  '1 hour': hour,
  '24 hours': day,
  '7 days': 7 * day,
  '30 days': 30 * day,
};

/** The scans over raw events the rollup queries replace (the API's queries before the rollups). */
const raw = {
  async counts(tx: Tx, interval: string) {
    const [row] = await queryRows<Record<string, number | null>>(
      tx,
      sql`select count(*) filter (where type = 'like')::int as likes, count(*) filter (where type = 'share')::int as shares,
                 count(*) filter (where type = 'comment')::int as comments, count(*) filter (where type = 'review')::int as reviews,
                 count(*) filter (where type = 'follow')::int as follows, avg(sentiment)::float8 as "sentimentMean"
          from events where ts > now() - ${interval}::interval and type in ('like', 'share', 'comment', 'review', 'follow')`,
    );
    return row!;
  },
  async trend(tx: Tx, interval: string, unit: string, scope: ReturnType<typeof sql>) {
    const rows = await queryRows<{ start: string; mean: number }>(
      tx,
      sql`select date_trunc(${unit}, e.ts) as start, avg(e.sentiment)::float8 as mean, count(*)::int as count,
                 count(*) filter (where e.sentiment >= 0.05)::int as positive,
                 count(*) filter (where e.sentiment > -0.05 and e.sentiment < 0.05)::int as neutral,
                 count(*) filter (where e.sentiment <= -0.05)::int as negative
          from events e where e.sentiment is not null and e.ts > now() - ${interval}::interval ${scope}
          group by 1 order by 1`,
    );
    return rows.map((r) => ({ ...r, start: new Date(r.start) }));
  },
  async virality(tx: Tx, interval: string) {
    const rows = await queryRows<{ id: string; ts: Date; parent: string | null }>(
      tx,
      sql`select event_id as id, ts, props->>'parentShareId' as parent from events
          where type = 'share' and ts > now() - ${interval}::interval`,
    );
    const s = shareCascades(
      rows.map((r) => ({ id: r.id, userId: '', itemId: '', timestamp: 0, parentId: r.parent })),
    );
    return {
      totalShares: s.totalShares,
      cascades: s.cascades.length,
      kFactor: s.kFactor,
      meanDepth: s.meanDepth,
      maxDepth: s.maxDepth,
    };
  },
};

async function addTenant(db: Db, slug: string): Promise<string> {
  const [row] = await withPlatform(db, (tx) =>
    tx.insert(tenants).values({ slug, name: slug, vertical: 'entertainment' }).returning(),
  );
  return row!.id;
}

/**
 * Random events over 35 days, dense around every window's lower edge (so both the rollup hours
 * and the raw partial hour get events), sentiments on the class boundaries, and re-shares.
 */
function syntheticEvents(tenantId: string, now: number, random: () => number): SyntheticEvent[] {
  const types = ['view', 'click', 'like', 'share', 'comment', 'review', 'follow', 'purchase', 'exposure'];
  const boundary = [0.05, -0.05, 0.0499, -0.0499, 0, 1, -1];
  const events: SyntheticEvent[] = [];
  const shares: string[] = [];
  const add = (tsMs: number, type: string) => {
    const eventId = `${tenantId.slice(0, 4)}-${events.length}`;
    const withText = type === 'review' || type === 'comment';
    const props: Record<string, unknown> = {};
    if (type === 'share' && shares.length > 0 && random() < 0.6)
      props.parentShareId =
        random() < 0.8 ? shares[Math.floor(random() * shares.length)] : `missing-${events.length}`;
    if (type === 'share') shares.push(eventId);
    events.push({
      tenantId,
      eventId,
      type,
      userId: `u${Math.floor(random() * 50)}`,
      ...(type === 'follow' ? {} : { itemId: `i${Math.floor(random() * 10)}` }),
      tsMs,
      props,
      ...(withText
        ? { sentiment: random() < 0.3 ? boundary[Math.floor(random() * boundary.length)]! : random() * 2 - 1 }
        : {}),
    });
  };
  for (let k = 0; k < 2500; k++) add(now - random() * 35 * day, types[Math.floor(random() * types.length)]!);
  for (const ms of Object.values(windowMs))
    for (let t = -6 * minute; t < 2 * hour; t += 4 * minute)
      add(now - ms + t, ['like', 'share', 'comment', 'review', 'follow'][Math.floor(random() * 5)]!);
  return events;
}

/** The order stored events arrive in: shuffled, so children often come before their parents. */
function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const rollupRows = (db: Db) =>
  withPlatform(db, async (tx) => ({
    hours: await queryRows(tx, sql`select * from event_hours order by tenant_id, hour_start, type`),
    items: await queryRows(
      tx,
      sql`select * from item_sentiment_hours order by tenant_id, item_id, hour_start`,
    ),
    shares: await queryRows(tx, sql`select * from share_links order by tenant_id, share_id`),
  }));

describe('social rollups against the raw events', () => {
  let database: TestDatabase;
  let a: string;
  let planted: string;
  let batches: SyntheticEvent[][];
  const now = Date.now();

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await addTenant(database.db, 'social-a');
    const noise = await addTenant(database.db, 'social-noise');
    planted = await addTenant(database.db, 'social-planted');
    const random = seededRandom(8);
    await withTenant(database.db, a, (tx) =>
      tx.execute(sql`insert into items (tenant_id, id, title, category)
        select ${a}, 'i' || k, 'Item ' || k, case when k % 2 = 0 then 'even' else 'odd' end from generate_series(0, 9) k`),
    );
    const all = shuffled(
      [...syntheticEvents(a, now, random), ...syntheticEvents(noise, now, random)],
      random,
    );
    batches = [];
    for (let k = 0; k < all.length; k += 700) batches.push(all.slice(k, k + 700));
    for (const batch of batches) await storeBatch(database.db, batch);
    // Planted: a chain x0 ← x1 ← x2 ← x3 stored leaf first, a lone share, and a re-share of a share
    // from 10 days ago; 5 likes and two comments in the last day.
    const p = (eventId: string, type: string, agoMs: number, extra: Partial<SyntheticEvent> = {}) => ({
      tenantId: planted,
      eventId,
      type,
      userId: 'u',
      itemId: 'item',
      tsMs: now - agoMs,
      ...extra,
    });
    await storeBatch(database.db, [p('x3', 'share', 2 * day, { props: { parentShareId: 'x2' } })]);
    await storeBatch(database.db, [
      p('x1', 'share', 2 * day, { props: { parentShareId: 'x0' } }),
      p('x2', 'share', 2 * day, { props: { parentShareId: 'x1' } }),
      p('z', 'share', 3 * day, { props: { parentShareId: 'old' } }),
    ]);
    await storeBatch(database.db, [
      p('x0', 'share', 2 * day),
      p('y', 'share', day / 2),
      p('old', 'share', 10 * day),
      ...[1, 2, 3, 4, 5].map((k) => p(`like${k}`, 'like', k * hour)),
      p('c1', 'comment', 3 * hour, { sentiment: 0.5 }),
      p('c2', 'comment', 4 * hour, { sentiment: -0.1 }),
    ]);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('counts social events and their mean sentiment exactly as a scan of the window does', async () => {
    await withTenant(database.db, a, async (tx) => {
      for (const interval of windowIntervals) {
        const expected = await raw.counts(tx, interval);
        const got = await socialCounts(tx, interval);
        expect({ interval, ...got, sentimentMean: undefined }).toEqual({
          interval,
          ...expected,
          sentimentMean: undefined,
        });
        expect(got.sentimentMean).toBeCloseTo(expected.sentimentMean!, 12);
        expect(got.likes).toBeGreaterThan(0);
      }
    });
  });

  it('gives the planted counts and mean for the planted tenant', async () => {
    const got = await withTenant(database.db, planted, (tx) => socialCounts(tx, '24 hours'));
    expect(got).toEqual({
      likes: 5,
      shares: 1,
      comments: 2,
      reviews: 0,
      follows: 0,
      sentimentMean: expect.any(Number),
    });
    expect(got.sentimentMean).toBeCloseTo(0.2, 6);
  });

  it('trends sentiment per item, category and tenant as a scan does, in every unit', async () => {
    await withTenant(database.db, a, async (tx) => {
      for (const interval of windowIntervals)
        for (const unit of ['hour', 'day', 'week'] as const) {
          const cases = [
            [{ itemId: 'i3' }, sql`and e.item_id = 'i3'`],
            [{ category: 'odd' }, sql`and e.item_id in (select id from items where category = 'odd')`],
            [{}, sql``],
          ] as const;
          for (const [scope, filter] of cases) {
            const expected = await raw.trend(tx, interval, unit, filter);
            const got = await sentimentOverTime(tx, { interval, unit, ...scope });
            expect(got.map((r) => ({ ...r, mean: Math.round(r.mean * 1e9) }))).toEqual(
              expected.map((r) => ({ ...r, mean: Math.round(r.mean * 1e9) })),
            );
          }
        }
    });
  });

  it('summarises share cascades as shareCascades over the window’s shares does', async () => {
    await withTenant(database.db, a, async (tx) => {
      for (const interval of windowIntervals) {
        const expected = await raw.virality(tx, interval);
        const got = await viralitySummary(tx, interval);
        expect({ interval, ...got }).toEqual({ interval, ...expected });
      }
      expect((await viralitySummary(tx, '30 days')).maxDepth).toBeGreaterThan(0);
    });
  });

  it('finds the planted cascades, with parents stored after their children', async () => {
    await withTenant(database.db, planted, async (tx) => {
      expect(await viralitySummary(tx, '7 days')).toEqual({
        totalShares: 6,
        cascades: 3,
        kFactor: 0.5,
        meanDepth: 1,
        maxDepth: 3,
      });
      expect(await viralitySummary(tx, '30 days')).toEqual({
        totalShares: 7,
        cascades: 3,
        kFactor: 4 / 7,
        meanDepth: 4 / 3,
        maxDepth: 3,
      });
    });
  });

  it('links a child and its parent stored by two overlapping transactions', async () => {
    // Hours apart, so the two batches share no event_hours row (whose lock would order them anyway).
    const share = (eventId: string, agoMs: number, props: Record<string, unknown> = {}) => ({
      tenantId: planted,
      eventId,
      type: 'share',
      userId: 'u',
      tsMs: now - agoMs,
      props,
    });
    let commitChild = () => {};
    const childHeld = new Promise<void>((resolve) => {
      commitChild = resolve;
    });
    const child = storeBatch(
      database.db,
      [share('late-child', hour, { parentShareId: 'late-parent' })],
      childHeld,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The parent's batch waits for the child's transaction lock, then sees the child and links it.
    const parent = storeBatch(database.db, [share('late-parent', 5 * hour)]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    commitChild();
    await Promise.all([child, parent]);
    const [link] = await withTenant(database.db, planted, (tx) =>
      queryRows<{ linked: boolean }>(
        tx,
        sql`select parent_ts is not null as linked from share_links where share_id = 'late-child'`,
      ),
    );
    expect(link).toEqual({ linked: true });
  });

  it('adds nothing when a stored batch arrives again', async () => {
    const before = await rollupRows(database.db);
    expect(await storeBatch(database.db, batches[1]!)).toBe(0);
    expect(await rollupRows(database.db)).toEqual(before);
  });

  it('rebuild_social_rollups recomputes the same rows from the events', async () => {
    const kept = await rollupRows(database.db);
    await withPlatform(database.db, async (tx) => {
      for (const tenantId of [a, planted]) await tx.execute(sql`select rebuild_social_rollups(${tenantId})`);
    });
    const rebuilt = await rollupRows(database.db);
    const rounded = (rows: Record<string, unknown>[]) =>
      rows.map((r) => ({ ...r, sentiment_sum: Math.round(Number(r.sentiment_sum) * 1e9) }));
    expect(rounded(rebuilt.hours)).toEqual(rounded(kept.hours));
    expect(rounded(rebuilt.items)).toEqual(rounded(kept.items));
    expect(rebuilt.shares).toEqual(kept.shares);
  });
});
