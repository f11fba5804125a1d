import { type Connection, queryRows, sql, windowBuckets, withPlatform, withTenant } from '@tessera/db';
import { createPgliteDatabase, createTestDatabase } from '@tessera/db/testing';
import type { EventEnvelope } from '@tessera/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoredFromEnvelope } from '../features/aggregate.js';
import { defaultInteractionWeights } from '../features/weights.js';
import { createTenants } from '../testing/harness.js';
import { lockTenantSealExclusively, sealTenant } from './bucket-seals.js';
import { writeBatch } from './write-batch.js';

const dayMs = 86_400_000;
const todayStartMs = () => Date.now() - (Date.now() % dayMs);
/** An hour into the day `daysAgo` days before today (UTC): always a finished day. */
const pastDay = (daysAgo: number, hour: number) =>
  new Date(todayStartMs() - daysAgo * dayMs + hour * 3_600_000).toISOString();

let next = 0;
function view(tenantId: string, itemId: string, ts: string): EventEnvelope {
  next += 1;
  return {
    schemaVersion: 1,
    tenantId,
    eventId: `seal-${next}`,
    type: 'view',
    userId: `u${next % 7}`,
    itemId,
    ts,
    receivedAt: new Date().toISOString(),
    props: {},
  };
}

/**
 * Item views per UTC day as the 7- and 30-day windows read them (windowBuckets, under the
 * tenant's row-level security), and as counted from the stored events: `item@day → views`.
 */
async function dayViews(db: Connection['db'], tenantId: string) {
  const byKey = (rows: { key: string; views: number }[]) =>
    Object.fromEntries(rows.map((r) => [r.key, r.views]));
  const read = await withTenant(db, tenantId, (tx) =>
    queryRows<{ key: string; views: number }>(
      tx,
      sql`select entity_id || '@' || to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD') as key, sum(views)::int as views
          from ${windowBuckets('day', sql`'-infinity'::timestamptz`)} b group by 1 order by 1`,
    ),
  );
  const counted = await withPlatform(db, (tx) =>
    queryRows<{ key: string; views: number }>(
      tx,
      sql`select item_id || '@' || to_char(ts at time zone 'UTC', 'YYYY-MM-DD') as key, count(*)::int as views
          from events where tenant_id = ${tenantId} and type = 'view' group by 1 order by 1`,
    ),
  );
  return { read: byKey(read), counted: byKey(counted) };
}

/** The tenant's day rows as stored (`item@day → views`) and its seal (epoch ms, or null). */
async function stored(db: Connection['db'], tenantId: string) {
  return withPlatform(db, async (tx) => {
    const rows = await queryRows<{ key: string; views: number }>(
      tx,
      sql`select entity_id || '@' || to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD') as key, views::int as views
          from feature_buckets where tenant_id = ${tenantId} and grain = 'day' order by 1`,
    );
    const [seal] = await queryRows<{ ms: number }>(
      tx,
      sql`select (extract(epoch from sealed_through) * 1000)::float8 as ms from feature_bucket_seals where tenant_id = ${tenantId}`,
    );
    return { dayRows: Object.fromEntries(rows.map((r) => [r.key, r.views])), sealMs: seal?.ms ?? null };
  });
}

const write = (db: Connection['db'], events: EventEnvelope[], between?: () => Promise<void>) =>
  writeBatch(
    db,
    events.map((e) => scoredFromEnvelope(e)),
    [],
    defaultInteractionWeights,
    between,
  );

const day = (daysAgo: number) => new Date(todayStartMs() - daysAgo * dayMs).toISOString().slice(0, 10);

describe.each([
  ['PostgreSQL server', () => createTestDatabase()],
  ['PGlite', () => createPgliteDatabase()],
] as const)('item day buckets and their seal (%s)', (_name, open) => {
  let connection: Connection & { drop?: () => Promise<void> };
  let tenant: string;

  beforeAll(async () => {
    connection = await open();
    [tenant] = (await createTenants(connection.db, 1)) as [string];
  });
  afterAll(async () => {
    await (connection?.drop ? connection.drop() : connection?.close());
  });

  it('writes hour rows only until a day is sealed, then day rows that windows read the same; late events count in both', async () => {
    const db = connection.db;
    await write(db, [
      view(tenant, 'a', pastDay(3, 10)),
      view(tenant, 'a', pastDay(3, 11)),
      view(tenant, 'b', pastDay(3, 23)),
      view(tenant, 'a', pastDay(1, 0)),
      view(tenant, 'a', new Date().toISOString()),
    ]);
    const before = await stored(db, tenant);
    expect(before).toEqual({ dayRows: {}, sealMs: null });
    const unsealed = await dayViews(db, tenant);
    expect(unsealed.read).toEqual(unsealed.counted);
    expect(unsealed.read[`a@${day(3)}`]).toBe(2);

    const steps = await sealTenant(db, tenant, 0);
    // Three days ago and yesterday hold hours; the day between them is skipped, today is not over.
    expect(steps.map((s) => [s.day?.toISOString().slice(0, 10), s.dayRows])).toEqual([
      [day(3), 2],
      [day(1), 1],
    ]);
    const sealed = await stored(db, tenant);
    expect(sealed).toEqual({
      dayRows: { [`a@${day(3)}`]: 2, [`b@${day(3)}`]: 1, [`a@${day(1)}`]: 1 },
      sealMs: todayStartMs(),
    });
    expect(await dayViews(db, tenant)).toEqual({ read: unsealed.counted, counted: unsealed.counted });
    // Sealed through today's start: a second run has nothing to do and changes nothing.
    expect(await sealTenant(db, tenant, 0)).toEqual([]);
    expect(await stored(db, tenant)).toEqual(sealed);

    // A late event for a sealed day is added to its day row as well; today's events still are not.
    await write(db, [
      view(tenant, 'b', pastDay(3, 5)),
      view(tenant, 'c', pastDay(2, 7)),
      view(tenant, 'a', new Date().toISOString()),
    ]);
    const late = await stored(db, tenant);
    expect(late.dayRows).toEqual({
      [`a@${day(3)}`]: 2,
      [`b@${day(3)}`]: 2,
      [`c@${day(2)}`]: 1,
      [`a@${day(1)}`]: 1,
    });
    const after = await dayViews(db, tenant);
    expect(after.read).toEqual(after.counted);
    expect(after.read[`a@${day(0)}`]).toBe(2);
  });
});

describe('the seal lock (PostgreSQL server: two transactions at once)', () => {
  let connection: Connection & { drop: () => Promise<void> };
  let tenants: string[];

  beforeAll(async () => {
    connection = await createTestDatabase();
    tenants = await createTenants(connection.db, 2);
  });
  afterAll(async () => {
    await connection?.drop();
  });

  it('makes the sealer wait for a worker transaction that is writing hours of the day it seals', async () => {
    const db = connection.db;
    const tenant = tenants[0] as string;
    await write(db, [view(tenant, 'a', pastDay(1, 9))]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let statements = 0;
    let paused!: () => void;
    const reachedGate = new Promise<void>((resolve) => {
      paused = resolve;
    });
    // Paused after its buckets statement (the 4th), seal lock held, hour rows not yet committed.
    const writing = write(
      db,
      [view(tenant, 'a', pastDay(1, 10)), view(tenant, 'a', pastDay(1, 11))],
      async () => {
        statements += 1;
        if (statements === 4) {
          paused();
          await gate;
        }
      },
    );
    await reachedGate;
    let sealerDone = false;
    const sealing = sealTenant(db, tenant, 0).then((steps) => {
      sealerDone = true;
      return steps;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sealerDone).toBe(false);
    release();
    await writing;
    const steps = await sealing;
    expect(steps.map((s) => s.dayRows)).toEqual([1]);
    expect((await stored(db, tenant)).dayRows).toEqual({ [`a@${day(1)}`]: 3 });
    const views = await dayViews(db, tenant);
    expect(views.read).toEqual(views.counted);
  });

  it('makes a worker transaction wait for the sealer, then read the new seal and add its late events to the day rows', async () => {
    const db = connection.db;
    const tenant = tenants[1] as string;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // A sealer's transaction by hand: lock held, the seal moved to today, not yet committed.
    const sealer = withPlatform(db, async (tx) => {
      await lockTenantSealExclusively(tx, tenant);
      await tx.execute(
        sql`insert into feature_bucket_seals (tenant_id, sealed_through) values (${tenant}, ${new Date(todayStartMs()).toISOString()}::timestamptz)`,
      );
      locked();
      await gate;
    });
    await holding;
    const writing = write(db, [view(tenant, 'x', pastDay(2, 8))]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await sealer;
    await writing;
    expect((await stored(db, tenant)).dayRows).toEqual({ [`x@${day(2)}`]: 1 });
    const views = await dayViews(db, tenant);
    expect(views.read).toEqual(views.counted);
  });
});
