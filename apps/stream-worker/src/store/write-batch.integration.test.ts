import { type Connection, queryRows, sql, withPlatform } from '@tessera/db';
import { createPgliteDatabase, createTestDatabase } from '@tessera/db/testing';
import type { EventEnvelope } from '@tessera/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoredFromEnvelope } from '../features/aggregate.js';
import { defaultInteractionWeights } from '../features/weights.js';
import { createTenants } from '../testing/harness.js';
import { InsertStrategy, writeBatch } from './write-batch.js';

const at = '2026-11-28T10:00:00.000Z';

function view(tenantId: string, eventId: string, userId: string, ts = at): EventEnvelope {
  return {
    schemaVersion: 1,
    tenantId,
    eventId,
    type: 'view',
    userId,
    itemId: 'i1',
    ts,
    receivedAt: ts,
    props: {},
  };
}

function exposure(tenantId: string, eventId: string, userId: string, ts: string): EventEnvelope {
  return {
    ...view(tenantId, eventId, userId, ts),
    type: 'exposure',
    itemId: undefined,
    props: { requestId: eventId, itemIds: ['i1'] },
  };
}

/** activity_days as stored, and as counted from scratch over the stored events: `day → [active users, events]`. */
async function activityDays(db: Connection['db'], tenantId: string) {
  return withPlatform(db, async (tx) => {
    const stored = await queryRows<{ day: string; users: number; events: number }>(
      tx,
      sql`select to_char(day_start at time zone 'UTC', 'YYYY-MM-DD') as day, active_users as users, events::int as events
        from activity_days where tenant_id = ${tenantId} order by 1`,
    );
    const counted = await queryRows<{ day: string; users: number; events: number }>(
      tx,
      sql`select to_char(ts at time zone 'UTC', 'YYYY-MM-DD') as day, count(distinct user_id)::int as users, count(*)::int as events
        from events where tenant_id = ${tenantId} and type <> 'exposure' group by 1 order by 1`,
    );
    const byDay = (rows: typeof stored) => Object.fromEntries(rows.map((r) => [r.day, [r.users, r.events]]));
    return { stored: byDay(stored), counted: byDay(counted) };
  });
}

/** writeBatch on both drivers: only events with a new (tenant, eventId) are stored and counted. */
describe.each([
  ['PostgreSQL server', () => createTestDatabase()],
  ['PGlite', () => createPgliteDatabase()],
] as const)('writeBatch (%s)', (_name, open) => {
  let connection: Connection & { drop?: () => Promise<void> };
  let tenant: string;
  const write = (events: EventEnvelope[]) =>
    writeBatch(
      connection.db,
      events.map((e) => scoredFromEnvelope(e)),
      [],
      defaultInteractionWeights,
    );
  const stored = async () =>
    withPlatform(connection.db, (tx) =>
      queryRows<{ event_id: string; user_id: string }>(
        tx,
        sql`select event_id, user_id from events where tenant_id = ${tenant} order by event_id`,
      ),
    );
  const views = async (userId: string) => {
    const [row] = await withPlatform(connection.db, (tx) =>
      queryRows<{ views: number }>(
        tx,
        sql`select views::int as views from user_features where tenant_id = ${tenant} and user_id = ${userId}`,
      ),
    );
    return row?.views ?? 0;
  };

  beforeAll(async () => {
    connection = await open();
    [tenant] = (await createTenants(connection.db, 1)) as [string];
  });
  afterAll(async () => {
    await (connection?.drop ? connection.drop() : connection?.close());
  });

  it('stores and counts new events, and nothing when the same events come again', async () => {
    const first = [view(tenant, 'a', 'u1'), view(tenant, 'b', 'u1'), view(tenant, 'c', 'u2')];
    expect((await write(first)).inserted.map((s) => s.event.eventId)).toEqual(['a', 'b', 'c']);
    expect((await write(first)).inserted).toEqual([]);
    expect((await stored()).map((r) => r.event_id)).toEqual(['a', 'b', 'c']);
    expect(await views('u1')).toBe(2);
    expect(await views('u2')).toBe(1);
  });

  it('counts an id repeated within one call once (the first), between replayed and new events', async () => {
    const result = await write([
      view(tenant, 'b', 'u1'), // stored by the test above
      view(tenant, 'd', 'u3'),
      view(tenant, 'e', 'u4'),
      view(tenant, 'd', 'u5'), // the same id again, from another user: not a second event
      view(tenant, 'c', 'u2'),
    ]);
    expect(result.inserted.map((s) => `${s.event.eventId}:${s.event.userId}`)).toEqual(['d:u3', 'e:u4']);
    const rows = await stored();
    expect(rows.map((r) => `${r.event_id}:${r.user_id}`)).toEqual(['a:u1', 'b:u1', 'c:u2', 'd:u3', 'e:u4']);
    expect([await views('u1'), await views('u3'), await views('u4'), await views('u5')]).toEqual([
      2, 1, 1, 0,
    ]);
  });

  it('inserts plainly until a batch holds a stored event, then checks each key, backing off while repeats go on', async () => {
    const [own] = (await createTenants(connection.db, 1)) as [string];
    let fallbacks = 0;
    const strategy = new InsertStrategy(() => {
      fallbacks += 1;
    });
    const batch = (ids: string[]) => ids.map((id) => scoredFromEnvelope(view(own, id, `u-${id}`)));
    const write = async (ids: string[]) => {
      const result = await writeBatch(
        connection.db,
        batch(ids),
        [],
        defaultInteractionWeights,
        undefined,
        strategy,
      );
      return `${result.path}:${result.inserted.map((s) => s.event.eventId).join(',')}`;
    };
    const count = async () => {
      const [row] = await withPlatform(connection.db, (tx) =>
        queryRows<{ events: number; keys: number; views: number }>(
          tx,
          sql`select (select count(*)::int from events where tenant_id = ${own}) as events,
            (select count(*)::int from event_keys where tenant_id = ${own}) as keys,
            (select coalesce(sum(views), 0)::int from user_features where tenant_id = ${own}) as views`,
        ),
      );
      return row;
    };
    // A repeat within the batch is dropped before the insert: still plain.
    expect(await write(['p1', 'p2', 'p1'])).toBe('plain:p1,p2');
    // p2 is stored: the plain insert fails, its p3 is rolled back, and the checked one stores p3 once.
    expect(await write(['p3', 'p2'])).toBe('checked:p3');
    expect(fallbacks).toBe(1);
    // One batch checked after a failure, then plain again.
    expect(await write(['p4'])).toBe('checked:p4');
    expect(await write(['p5'])).toBe('plain:p5');
    // A failure after a success: one batch checked. A second failure in a row: two.
    expect(await write(['p5'])).toBe('checked:');
    expect(await write(['p6'])).toBe('checked:p6');
    expect(await write(['p6'])).toBe('checked:');
    expect(fallbacks).toBe(3);
    expect(await write(['p7'])).toBe('checked:p7');
    expect(await write(['p8'])).toBe('checked:p8');
    expect(await write(['p9'])).toBe('plain:p9');
    expect(await count()).toEqual({ events: 9, keys: 9, views: 9 });
  });

  it('counts a user active on a day once, whether its events come in order, late, again, or after exposures only', async () => {
    const [days] = (await createTenants(connection.db, 1)) as [string];
    let n = 0;
    const id = () => `day-${n++}`;
    const steps: [EventEnvelope[], Record<string, [number, number]>][] = [
      // First activity ever, on the 21st.
      [[view(days, id(), 'a', '2026-11-21T10:00:00.000Z')], { '2026-11-21': [1, 1] }],
      // The same day again, later: not a new active user.
      [[view(days, id(), 'a', '2026-11-21T11:00:00.000Z')], { '2026-11-21': [1, 2] }],
      // A late event, on a day before the user's last activity with nothing stored: a new active user.
      [[view(days, id(), 'a', '2026-11-20T09:00:00.000Z')], { '2026-11-20': [1, 1], '2026-11-21': [1, 2] }],
      // Late again on that day: already counted.
      [[view(days, id(), 'a', '2026-11-20T23:00:00.000Z')], { '2026-11-20': [1, 2], '2026-11-21': [1, 2] }],
      // Shown a list only: no activity, no day.
      [
        [exposure(days, id(), 'b', '2026-11-22T08:00:00.000Z')],
        { '2026-11-20': [1, 2], '2026-11-21': [1, 2] },
      ],
      // b's first activity (after the exposure), and a's on a new day, one of them late, in one batch.
      [
        [
          view(days, id(), 'b', '2026-11-22T09:00:00.000Z'),
          view(days, id(), 'b', '2026-11-20T09:00:00.000Z'),
          view(days, id(), 'a', '2026-11-22T10:00:00.000Z'),
          view(days, id(), 'a', '2026-11-19T10:00:00.000Z'),
          view(days, id(), 'a', '2026-11-21T12:00:00.000Z'),
        ],
        { '2026-11-19': [1, 1], '2026-11-20': [2, 3], '2026-11-21': [1, 3], '2026-11-22': [2, 2] },
      ],
    ];
    for (const [events, expected] of steps) {
      await write(events);
      const { stored, counted } = await activityDays(connection.db, days);
      expect(stored).toEqual(expected);
      expect(counted).toEqual(expected);
    }
  });
});

describe('writeBatch, concurrent batches (PostgreSQL server)', () => {
  let connection: Connection & { drop: () => Promise<void> };
  beforeAll(async () => {
    connection = await createTestDatabase();
  });
  afterAll(async () => {
    await connection?.drop();
  });

  it('counts a user once on a past day when two transactions bring late events for it at the same time', {
    timeout: 90_000,
  }, async () => {
    const [tenant] = (await createTenants(connection.db, 1)) as [string];
    const write = (events: EventEnvelope[], between?: () => Promise<void>) =>
      writeBatch(
        connection.db,
        events.map((e) => scoredFromEnvelope(e)),
        [],
        defaultInteractionWeights,
        between,
      );
    await write([view(tenant, 'now', 'u', '2026-11-25T10:00:00.000Z')]);
    // The first batch holds the user's row (locked by its users' upsert, the second `between`)
    // while the second starts, so the second waits for that lock and must see the first's event.
    let marks = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = write([view(tenant, 'late-1', 'u', '2026-11-20T10:00:00.000Z')], async () => {
      if (++marks === 2) await held;
    });
    while (marks < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = write([view(tenant, 'late-2', 'u', '2026-11-20T11:00:00.000Z')]);
    // Give the second batch time to reach the user's lock before the first commits.
    let waiting = 0;
    const deadline = Date.now() + 30_000;
    while (waiting === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [row] = await queryRows<{ n: number }>(
        connection.db,
        sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
      );
      waiting = row?.n ?? 0;
    }
    release();
    await Promise.all([first, second]);
    expect(waiting).toBe(1);
    const { stored, counted } = await activityDays(connection.db, tenant);
    expect(counted).toEqual({ '2026-11-20': [1, 2], '2026-11-25': [1, 1] });
    expect(stored).toEqual(counted);
  });
});
