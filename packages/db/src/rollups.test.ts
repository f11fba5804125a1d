import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, queryRows } from './client.js';
import * as s from './schema/index.js';
import { withPlatform } from './tenant.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

async function addTenant(db: Db, slug: string): Promise<string> {
  const [row] = await withPlatform(db, (tx) =>
    tx.insert(s.tenants).values({ slug, name: slug, vertical: 'education' }).returning(),
  );
  return row!.id;
}

const at = (iso: string) => new Date(iso);
const event = (tenantId: string, eventId: string, type: string, userId: string, ts: string) => ({
  tenantId,
  eventId,
  type,
  userId,
  ts: at(ts),
  receivedAt: at(ts),
  schemaVersion: 1,
});

describe('engagement rollups and tenant deletion', () => {
  let database: TestDatabase;
  let kept: string;
  let gone: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    kept = await addTenant(database.db, 'kept');
    gone = await addTenant(database.db, 'gone');
    await withPlatform(database.db, async (tx) => {
      await tx
        .insert(s.events)
        .values([
          event(kept, 'e1', 'view', 'ann', '2026-11-01T23:59:00Z'),
          event(kept, 'e2', 'click', 'ann', '2026-11-01T10:00:00Z'),
          event(kept, 'e3', 'like', 'bob', '2026-11-02T00:00:00Z'),
          event(kept, 'e4', 'exposure', 'cat', '2026-11-02T08:00:00Z'),
          event(kept, 'e5', 'view', 'ann', '2026-11-02T09:00:00Z'),
          event(gone, 'g1', 'view', 'ann', '2026-11-01T12:00:00Z'),
        ]);
      for (const tenantId of [kept, gone]) {
        await tx.insert(s.eventKeys).values({ tenantId, eventId: 'k', ts: at('2026-11-01T00:00:00Z') });
        await tx.insert(s.userFeatures).values({ tenantId, userId: 'cat', views: 3 });
        await tx.execute(sql`select rebuild_engagement_rollups(${tenantId})`);
        await tx.execute(sql`select rebuild_social_rollups(${tenantId})`);
      }
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('rebuild counts distinct active users and events per UTC day, exposures left out', async () => {
    const days = await withPlatform(database.db, (tx) =>
      queryRows<{ day: string; active_users: number; events: number }>(
        tx,
        sql`select to_char(day_start at time zone 'UTC', 'YYYY-MM-DD') as day, active_users, events::int as events
            from activity_days where tenant_id = ${kept} order by 1`,
      ),
    );
    expect(days).toEqual([
      { day: '2026-11-01', active_users: 1, events: 2 },
      { day: '2026-11-02', active_users: 2, events: 2 },
    ]);
  });

  it('rebuild sets last_active to the latest non-exposure event and clears it for users with none', async () => {
    const users = await withPlatform(database.db, (tx) =>
      queryRows<{ user_id: string; last_active: Date | null; views: number }>(
        tx,
        sql`select user_id, last_active, views::int as views from user_features where tenant_id = ${kept} order by 1`,
      ),
    );
    expect(
      users.map((u) => [u.user_id, u.last_active && new Date(u.last_active).toISOString(), u.views]),
    ).toEqual([
      ['ann', '2026-11-02T09:00:00.000Z', 0],
      ['bob', '2026-11-02T00:00:00.000Z', 0],
      ['cat', null, 3],
    ]);
  });

  it('deleting a tenant removes its rows from the tables without a foreign key, and only its rows', async () => {
    await withPlatform(database.db, (tx) => tx.execute(sql`delete from tenants where id = ${gone}`));
    const tables = ['events', 'event_keys', 'user_features', 'activity_days', 'event_hours'];
    for (const table of tables) {
      const [row] = await withPlatform(database.db, (tx) =>
        queryRows<{ gone: number; kept: number }>(
          tx,
          sql`select count(*) filter (where tenant_id = ${gone})::int as gone,
                     count(*) filter (where tenant_id = ${kept})::int as kept from ${sql.identifier(table)}`,
        ),
      );
      expect({ table, gone: row!.gone, keptSome: row!.kept > 0 }).toEqual({ table, gone: 0, keptSome: true });
    }
  });
});
