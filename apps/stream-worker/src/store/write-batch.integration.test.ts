import { type Connection, queryRows, sql, withPlatform } from '@tessera/db';
import { createPgliteDatabase, createTestDatabase } from '@tessera/db/testing';
import type { EventEnvelope } from '@tessera/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoredFromEnvelope } from '../features/aggregate.js';
import { defaultInteractionWeights } from '../features/weights.js';
import { createTenants } from '../testing/harness.js';
import { writeBatch } from './write-batch.js';

const at = '2026-11-28T10:00:00.000Z';

function view(tenantId: string, eventId: string, userId: string): EventEnvelope {
  return {
    schemaVersion: 1,
    tenantId,
    eventId,
    type: 'view',
    userId,
    itemId: 'i1',
    ts: at,
    receivedAt: at,
    props: {},
  };
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
});
