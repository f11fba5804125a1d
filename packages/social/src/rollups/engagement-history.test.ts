import { queryRows, sql, tenants, withPlatform, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifecycle } from '../analytics/lifecycle.js';
import { retentionCohorts } from '../analytics/retention.js';
import { dayNumber, MS_PER_DAY } from '../analytics/time.js';
import { seededRandom } from '../testing/random.js';
import { activeDaysByUser } from './active-days.js';
import { engagementHistory } from './engagement-history.js';

describe('engagement history from per-user day masks', () => {
  let database: TestDatabase;
  let tenantId: string;
  const now = Date.now();

  beforeAll(async () => {
    database = await createTestDatabase();
    const [tenant] = await withPlatform(database.db, (tx) =>
      tx.insert(tenants).values({ slug: 'history', name: 'History', vertical: 'entertainment' }).returning(),
    );
    tenantId = tenant!.id;
    const random = seededRandom(84);
    const rows: [string, string, number][] = [];
    for (let k = 0; k < 3000; k++) {
      const type = ['view', 'click', 'exposure', 'purchase'][Math.floor(random() * 4)]!;
      // User j is first seen about 1.4 j days after the oldest, so weekly cohorts differ.
      const j = Math.floor(random() * 60);
      rows.push([`u${j}`, type, now - random() * (95 - 1.4 * j) * MS_PER_DAY]);
    }
    // Planted: days on every mask word's edges, one 20 days ahead (past the masks), one too old.
    const planted = [0.01, 30.5, 31.5, 61.5, 62.5, 83.9, 84.5].map((d) => now - d * MS_PER_DAY);
    for (const ts of [...planted, now + 20 * MS_PER_DAY]) rows.push(['edge', 'click', ts]);
    rows.push(['shown-only', 'exposure', now - MS_PER_DAY]);
    await withPlatform(database.db, (tx) =>
      tx.execute(sql`insert into events (tenant_id, event_id, type, user_id, ts, received_at, schema_version)
        select ${tenantId}, id, type, user_id, ts, ts, 1
        from jsonb_to_recordset(${JSON.stringify(rows.map(([u, t, ms], k) => ({ id: `e${k}`, user_id: u, type: t, ts: new Date(ms).toISOString() })))}::jsonb)
          as r(id text, user_id text, type text, ts timestamptz)`),
    );
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('finds every user-day a distinct scan of the events finds', async () => {
    await withTenant(database.db, tenantId, async (tx) => {
      const raw = await queryRows<{ user_id: string; day: Date }>(
        tx,
        sql`select distinct user_id, date_trunc('day', ts at time zone 'UTC') at time zone 'UTC' as day from events
            where ts > now() - interval '84 days' and type <> 'exposure' order by 1, 2`,
      );
      const expected = new Map<string, number[]>();
      for (const r of raw) {
        const days = expected.get(r.user_id) ?? [];
        days.push(dayNumber(new Date(r.day).getTime()));
        expected.set(r.user_id, days);
      }
      const got = await activeDaysByUser(tx);
      expect(new Map([...got].sort())).toEqual(new Map([...expected].sort()));
      const edge = got.get('edge')!;
      expect(edge).toHaveLength(7);
      expect(edge.at(-1)).toBe(dayNumber(now + 20 * MS_PER_DAY));
      expect(got.has('shown-only')).toBe(false);
    });
  });

  it('gives the retention and lifecycle the event-level functions give', async () => {
    await withTenant(database.db, tenantId, async (tx) => {
      const raw = await queryRows<{ user_id: string; ts: Date }>(
        tx,
        sql`select user_id, ts from events where ts > now() - interval '84 days' and type <> 'exposure'`,
      );
      const activity = raw.map((r) => ({ userId: r.user_id, timestamp: new Date(r.ts).getTime() }));
      const history = await engagementHistory(tx);
      const iso = (ms: number) => new Date(ms).toISOString();
      expect(history.retention).toEqual(
        retentionCohorts(activity, { interval: 'week', periods: 8 }).map((c) => ({
          cohort: iso(c.start),
          size: c.size,
          rates: c.rates,
        })),
      );
      for (const [interval, got] of [
        ['day', history.lifecycleByDay],
        ['week', history.lifecycleByWeek],
      ] as const)
        expect(got).toEqual(lifecycle(activity, { interval }).map((p) => ({ ...p, start: iso(p.start) })));
      expect(history.retention.length).toBeGreaterThan(5);
    });
  });
});
