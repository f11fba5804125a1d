import { connect, queryRows, sql, withPlatform } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTenant } from '../data/synthetic.js';
import { finishVersion, LostClaimError, startVersion } from '../registry/versions.js';
import { testTrainer } from '../testing/harness.js';
import { listModels } from '../testing/models.js';
import { createTenant, seedTenant } from '../testing/seed.js';
import { jobStates, waitForJobs } from '../testing/wait.js';
import { type ClaimedJob, claimJob, enqueueJob, heartbeat } from './jobs.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

const smallTenant = () => generateTenant('medical', { users: 150, items: 80, perUser: 15 });

describe('training job queue', () => {
  it('never lets two concurrent claimers take the same job', async () => {
    const tenants = [
      await createTenant(database.db, 'finance'),
      await createTenant(database.db, 'education'),
    ];
    const ids: string[] = [];
    for (let k = 0; k < 120; k++) {
      const id = await enqueueJob(database.db, {
        tenantId: tenants[k % 2]!,
        algorithm: `algo-${k}`,
        reason: 'test',
      });
      ids.push(id!);
    }
    // A second pool: the two claimers race on different server connections.
    const other = await connect({ url: database.url, poolSize: 4 });
    try {
      // Both pools warm (connections open) before the race, so neither drains the queue alone
      // while the other is still connecting.
      await Promise.all(
        [database.db, other.db].flatMap((db) =>
          Array.from({ length: 3 }, () => queryRows(db, sql`select pg_sleep(0.05)`)),
        ),
      );
      const drain = async (db: typeof database.db, name: string) => {
        const got: ClaimedJob[] = [];
        const claimers = Array.from({ length: 3 }, async () => {
          for (let job = await claimJob(db, name); job; job = await claimJob(db, name)) got.push(job);
        });
        await Promise.all(claimers);
        return got;
      };
      const [a, b] = await Promise.all([drain(database.db, 'trainer-a'), drain(other.db, 'trainer-b')]);
      const all = [...a!, ...b!].map((j) => j.id);
      expect(new Set(all).size).toBe(all.length);
      expect(new Set(all)).toEqual(new Set(ids));
      expect(a!.length).toBeGreaterThan(0);
      expect(b!.length).toBeGreaterThan(0);
      const states = await jobStates(database.db, ids);
      const owner = new Map<string, string>([
        ...a!.map((j) => [j.id, 'trainer-a'] as const),
        ...b!.map((j) => [j.id, 'trainer-b'] as const),
      ]);
      for (const s of states) {
        expect(s).toMatchObject({ status: 'running', attempts: 1, claimed_by: owner.get(s.id) });
      }
    } finally {
      await other.close();
    }
  });

  it('queues at most one job per tenant and algorithm', async () => {
    const tenantId = await createTenant(database.db, 'medical');
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        enqueueJob(database.db, { tenantId, algorithm: 'als', reason: 'race' }),
      ),
    );
    expect(results.filter((id) => id !== null)).toHaveLength(1);
  });

  it('retries a failing job, then marks it failed with the reason, leaving no version behind', async () => {
    const tenantId = await createTenant(database.db, 'medical');
    await seedTenant(database.db, tenantId, smallTenant());
    let calls = 0;
    const trainer = await testTrainer(database, {
      beforeTrain: (job) => {
        if (job.tenantId !== tenantId) return;
        calls++;
        throw new Error('simulated device lost');
      },
    });
    try {
      const id = await enqueueJob(database.db, {
        tenantId,
        algorithm: 'als',
        reason: 'test',
        maxAttempts: 3,
      });
      const [state] = await waitForJobs(database.db, [id!]);
      expect(state).toMatchObject({ status: 'failed', attempts: 3, model_id: null });
      expect(state!.error).toBe('TRAINING_FAILED: simulated device lost');
      expect(calls).toBe(3);
      expect(await listModels(database.db, tenantId)).toEqual([]);
    } finally {
      await trainer.stop();
    }
  });

  it('fails a job with invalid tenant settings at once, without retrying', async () => {
    const tenantId = await createTenant(database.db, 'finance', {
      trainer: { algorithm: 'als', cadence: 5 },
    });
    const trainer = await testTrainer(database);
    try {
      const id = await enqueueJob(database.db, { tenantId, algorithm: 'als', reason: 'test' });
      const [state] = await waitForJobs(database.db, [id!]);
      expect(state).toMatchObject({ status: 'failed', attempts: 1 });
      expect(state!.error).toMatch(/^BAD_CONFIG: tenants\.settings\.trainer/);
    } finally {
      await trainer.stop();
    }
  });

  it('re-queues a crashed trainer’s job and never activates its half-written version', async () => {
    const tenantId = await createTenant(database.db, 'medical');
    await seedTenant(database.db, tenantId, smallTenant());
    const id = await enqueueJob(database.db, { tenantId, algorithm: 'als', reason: 'test' });
    // The "crashed" trainer claims the job and reserves its version, then stops heartbeating.
    const crashed = (await claimJob(database.db, 'crashed-trainer'))!;
    expect(crashed.id).toBe(id);
    const reserved = await startVersion(database.db, crashed, 'crashed-trainer', 'medical', {});
    expect((await listModels(database.db, tenantId)).map((m) => m.status)).toEqual(['training']);
    await withPlatform(database.db, (tx) =>
      tx.execute(sql`update training_jobs set heartbeat_at = now() - interval '10 minutes' where id = ${id}`),
    );

    const trainer = await testTrainer(database, { staleAfterMs: 60_000 });
    try {
      const [state] = await waitForJobs(database.db, [id!]);
      expect(state).toMatchObject({ status: 'succeeded', attempts: 2 });
      const models = await listModels(database.db, tenantId);
      expect(models.map((m) => m.status)).toEqual(['active']);
      expect(models[0]!.id).not.toBe(reserved.modelId);
      expect(models[0]!.id).toBe(state!.model_id);
      await expect(trainer.metrics.recovered.get()).resolves.toMatchObject({ values: [{ value: 1 }] });

      // The crashed trainer wakes up: its heartbeat and its commit are both refused.
      expect(await heartbeat(database.db, crashed, 'crashed-trainer')).toBe(false);
      await expect(
        finishVersion(database.db, crashed, 'crashed-trainer', {
          modelId: reserved.modelId,
          artifact: new Uint8Array([1]),
          params: {},
          metrics: { ndcg10: 1 },
          backend: 'x',
          trainSeconds: 1,
          dataFrom: null,
          dataTo: null,
          promote: true,
          activeSeen: models[0]!.id,
          keepVersions: 5,
        }),
      ).rejects.toBeInstanceOf(LostClaimError);
      const after = await listModels(database.db, tenantId);
      expect(after.map((m) => `${m.id}:${m.status}`)).toEqual([`${models[0]!.id}:active`]);
      const [job] = await withPlatform(database.db, (tx) =>
        queryRows<{ status: string }>(tx, sql`select status from training_jobs where id = ${id}`),
      );
      expect(job!.status).toBe('succeeded');
    } finally {
      await trainer.stop();
    }
  });
});
