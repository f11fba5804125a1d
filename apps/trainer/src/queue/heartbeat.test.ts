import { queryRows, sql, withPlatform } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietLogger } from '../testing/harness.js';
import { createTenant } from '../testing/seed.js';
import { startHeartbeat } from './heartbeat.js';
import { type ClaimedJob, claimJob, enqueueJob } from './jobs.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

async function claimed(): Promise<ClaimedJob> {
  const tenantId = await createTenant(database.db, 'finance');
  await enqueueJob(database.db, { tenantId, algorithm: 'als', reason: 'heartbeat test' });
  return (await claimJob(database.db, 'beater'))!;
}

const beatAt = async (job: ClaimedJob) => {
  const [row] = await withPlatform(database.db, (tx) =>
    queryRows<{ ms: number }>(
      tx,
      sql`select extract(epoch from heartbeat_at)::float8 * 1000 as ms from training_jobs where id = ${job.id}`,
    ),
  );
  return row!.ms;
};

/** Blocks the main thread like a synchronous fit, calling `tick` every 100 ms. */
function busy(ms: number, tick: () => void) {
  const end = Date.now() + ms;
  let next = Date.now();
  while (Date.now() < end) {
    if (Date.now() >= next) {
      tick();
      next += 100;
    }
  }
}

async function firstBeat(job: ClaimedJob, before: number) {
  await expect.poll(() => beatAt(job), { timeout: 10_000, interval: 50 }).toBeGreaterThan(before);
  return beatAt(job);
}

describe('heartbeat thread', () => {
  it('keeps beating while the main thread is blocked in a fit that reports progress', async () => {
    const job = await claimed();
    const hb = startHeartbeat({
      db: database.db,
      databaseUrl: database.url,
      job,
      trainerId: 'beater',
      intervalMs: 100,
      livenessMs: 10_000,
      log: quietLogger(),
    });
    try {
      const start = await firstBeat(job, await beatAt(job));
      busy(2_000, hb.alive);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await beatAt(job)) - start).toBeGreaterThan(1_000);
    } finally {
      await hb.stop();
    }
  });

  it('stops beating when the trainer shows no sign of life, so a hung job goes stale', async () => {
    const job = await claimed();
    const hb = startHeartbeat({
      db: database.db,
      databaseUrl: database.url,
      job,
      trainerId: 'beater',
      intervalMs: 50,
      livenessMs: 200,
      log: quietLogger(),
    });
    try {
      const start = await firstBeat(job, await beatAt(job));
      busy(2_000, () => {});
      expect((await beatAt(job)) - start).toBeLessThan(1_000);
    } finally {
      await hb.stop();
    }
  });

  it('reports a claim taken over by another trainer', async () => {
    const job = await claimed();
    const hb = startHeartbeat({
      db: database.db,
      databaseUrl: database.url,
      job,
      trainerId: 'beater',
      intervalMs: 50,
      livenessMs: 10_000,
      log: quietLogger(),
    });
    try {
      await withPlatform(database.db, (tx) =>
        tx.execute(sql`update training_jobs set claimed_by = 'someone-else' where id = ${job.id}`),
      );
      await expect.poll(() => hb.lost(), { timeout: 10_000 }).toBe(true);
    } finally {
      await hb.stop();
    }
  });
});
