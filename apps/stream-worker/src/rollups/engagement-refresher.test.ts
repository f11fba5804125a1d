import { events, queryRows, sql, withPlatform } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import {
  funnelWindowIntervals,
  refreshEngagementSnapshots,
  trendingKey,
  trendingWindows,
} from '@tessera/social/rollups';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenants } from '../testing/harness.js';
import { tenantsDueForRefresh } from './engagement-refresher.js';

describe('engagement snapshot refresh', () => {
  let database: TestDatabase;
  let active: string;
  let idle: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    [active, idle] = (await createTenants(database.db, 2)) as [string, string];
    const now = Date.now();
    await withPlatform(database.db, async (tx) => {
      await tx.insert(events).values(
        ['view', 'click', 'purchase'].map((type, i) => ({
          tenantId: active,
          eventId: `e${i}`,
          type,
          userId: 'ann',
          ts: new Date(now - (3 - i) * 60_000),
          receivedAt: new Date(now),
          schemaVersion: 1,
        })),
      );
      await tx.execute(sql`select rebuild_engagement_rollups(${active})`);
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('picks tenants with recent activity and a missing or stale snapshot, then stores every snapshot', async () => {
    expect(await tenantsDueForRefresh(database.db, 300)).toEqual([active]);
    await refreshEngagementSnapshots(database.db, active, funnelWindowIntervals);
    expect(await tenantsDueForRefresh(database.db, 300)).toEqual([]);
    const rows = await withPlatform(database.db, (tx) =>
      queryRows<{ tenant_id: string; unit: string; payload: Record<string, unknown> }>(
        tx,
        sql`select tenant_id::text as tenant_id, unit, payload from engagement_snapshots order by unit`,
      ),
    );
    expect(rows.map((r) => r.unit)).toEqual(
      [
        ...funnelWindowIntervals.map((w) => `funnel:${w}`),
        'history',
        'influencers',
        ...trendingWindows.map(trendingKey),
      ].sort(),
    );
    expect(rows.every((r) => r.tenant_id === active && r.tenant_id !== idle)).toBe(true);
    expect(rows.find((r) => r.unit === 'funnel:1 hour')?.payload).toEqual({
      viewed: 1,
      clicked: 1,
      purchased: 1,
    });
    const history = rows.find((r) => r.unit === 'history')?.payload as { retention: { size: number }[] };
    expect(history.retention.map((c) => c.size)).toEqual([1]);
  });
});
