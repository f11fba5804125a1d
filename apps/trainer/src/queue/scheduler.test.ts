import { connect, queryRows, sql, withPlatform, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTenant } from '../data/synthetic.js';
import { defaultTrainerDefaults } from '../settings.js';
import { testTrainer } from '../testing/harness.js';
import { createTenant, seedTenant, writeInteractionEvents, writeInteractions } from '../testing/seed.js';
import { waitForJobs } from '../testing/wait.js';
import type { Trainer } from '../trainer.js';
import { scheduleTrainingJobs } from './scheduler.js';

let database: TestDatabase;
let trainer: Trainer;
const defaults = { ...defaultTrainerDefaults, cadenceSeconds: 3_600, volumeThreshold: 50 };

beforeAll(async () => {
  database = await createTestDatabase();
  trainer = await testTrainer(database);
});

afterAll(async () => {
  await trainer?.stop();
  await database?.drop();
});

/** Runs one scheduling pass and returns what it queued for `tenantId`. */
async function pass(tenantId: string) {
  const queued = await scheduleTrainingJobs(database.db, defaults);
  return queued.filter((q) => q.tenantId === tenantId);
}

/** A seeded tenant whose first version is trained (the initial job queued and done). */
async function trainedTenant(
  vertical: Parameters<typeof generateTenant>[0],
  shape: Parameters<typeof generateTenant>[1],
  settings?: Record<string, unknown>,
): Promise<string> {
  const tenantId = await createTenant(database.db, vertical, settings);
  await seedTenant(database.db, tenantId, generateTenant(vertical, shape));
  const [initial] = await pass(tenantId);
  await waitForJobs(database.db, [initial!.jobId]);
  return tenantId;
}

/** New interactions as the stream-worker writes them: the rows and their events. */
async function writeFresh(tenantId: string, n: number) {
  const rows = freshInteractions(n);
  await writeInteractions(database.db, tenantId, rows);
  await writeInteractionEvents(database.db, tenantId, rows);
}

function freshInteractions(n: number) {
  const now = Math.floor(Date.now() / 1000) + 60;
  return {
    userIds: Array.from({ length: n }, (_, k) => `new-user-${k}`),
    itemIds: Array.from({ length: n }, (_, k) => `i${k % 20}`),
    strengths: new Float32Array(n).fill(1),
    timestamps: new Float64Array(n).fill(now),
  };
}

describe('scheduler', () => {
  it('queues by cadence and by new-interaction volume, and never twice while one is pending', async () => {
    const tenantId = await createTenant(database.db, 'education');
    expect(await pass(tenantId)).toEqual([]); // no interactions: nothing to train
    await seedTenant(
      database.db,
      tenantId,
      generateTenant('education', { users: 120, items: 60, perUser: 12 }),
    );

    const [initial] = await pass(tenantId);
    expect(initial).toMatchObject({ trigger: 'initial', algorithm: 'als' });
    expect(await pass(tenantId)).toEqual([]); // still queued
    await waitForJobs(database.db, [initial!.jobId]);
    expect(await pass(tenantId)).toEqual([]); // fresh version, no new data

    await writeFresh(tenantId, 49);
    expect(await pass(tenantId)).toEqual([]); // below the volume threshold
    await writeFresh(tenantId, 50); // 99 newer events in all
    const [byVolume] = await pass(tenantId);
    expect(byVolume?.trigger).toBe('volume');
    await waitForJobs(database.db, [byVolume!.jobId]);
    expect(await pass(tenantId)).toEqual([]);

    await withPlatform(database.db, (tx) =>
      tx.execute(
        sql`update models set created_at = now() - interval '2 hours' where tenant_id = ${tenantId}`,
      ),
    );
    const [byCadence] = await pass(tenantId);
    expect(byCadence?.trigger).toBe('cadence');
    await waitForJobs(database.db, [byCadence!.jobId]);
  });

  it('counts for volume only events about an item that are newer than the data window', async () => {
    const tenantId = await trainedTenant('entertainment', { users: 80, items: 40, perUser: 8 });
    const [model] = await withPlatform(database.db, (tx) =>
      queryRows<{ data_to: number }>(
        tx,
        sql`select extract(epoch from data_to)::float8 as data_to from models where tenant_id = ${tenantId}`,
      ),
    );
    const dataTo = Number(model!.data_to);
    const events = (n: number, type: string, ts: number) =>
      withTenant(database.db, tenantId, (tx) =>
        tx.execute(sql`insert into events (tenant_id, event_id, type, user_id, item_id, ts, received_at, props, schema_version)
          select ${tenantId}::uuid, gen_random_uuid()::text, ${type}, 'u' || g, 'i' || (g % 20), to_timestamp(${ts}), now(), '{}'::jsonb, 1
          from generate_series(1, ${n}) g`),
      );
    await events(80, 'click', dataTo - 60); // older than the window the model was trained on
    await events(80, 'exposure', dataTo + 60); // shown lists, not interactions
    expect(await pass(tenantId)).toEqual([]);
    await events(50, 'like', dataTo + 60);
    const [byVolume] = await pass(tenantId);
    expect(byVolume?.trigger).toBe('volume');
    await waitForJobs(database.db, [byVolume!.jobId]);
  });

  it('honours per-tenant cadence and threshold overrides', async () => {
    const tenantId = await trainedTenant(
      'finance',
      { users: 100, items: 50, perUser: 10 },
      { trainer: { volumeThreshold: 10_000 } },
    );
    await writeFresh(tenantId, 60);
    expect(await pass(tenantId)).toEqual([]); // 60 < this tenant's 10,000
  });

  it('queues one job per tenant even when several schedulers run at once', async () => {
    const tenantId = await createTenant(database.db, 'entertainment');
    await seedTenant(
      database.db,
      tenantId,
      generateTenant('entertainment', { users: 50, items: 30, perUser: 8 }),
    );
    const other = await connect({ url: database.url, poolSize: 4 });
    try {
      await Promise.all(
        Array.from({ length: 6 }, (_, k) => scheduleTrainingJobs(k % 2 ? other.db : database.db, defaults)),
      );
    } finally {
      await other.close();
    }
    const jobs = await withPlatform(database.db, (tx) =>
      queryRows<{ id: string }>(tx, sql`select id from training_jobs where tenant_id = ${tenantId}`),
    );
    expect(jobs).toHaveLength(1);
    await waitForJobs(database.db, [jobs[0]!.id]);
  });
});
