import { queryRows, sql, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTenant } from '../data/synthetic.js';
import { scheduleTrainingJobs } from '../queue/scheduler.js';
import { MODELS_CHANNEL, rollbackTo } from '../registry/promotion.js';
import { defaultTrainerDefaults } from '../settings.js';
import { writeArm } from '../testing/experiment-events.js';
import { testTrainer, trainOnce } from '../testing/harness.js';
import { listModels, setTrainerSettings } from '../testing/models.js';
import { createTenant, seedTenant } from '../testing/seed.js';
import type { Trainer } from '../trainer.js';
import { listRunningCanaries, reviewCanaries, reviewCanary } from './review.js';
import type { CanaryRecord } from './start.js';

let database: TestDatabase;
let trainer: Trainer;
let listener: pg.Client;
const notified: string[] = [];
const canary = { enabled: true, trafficShare: 0.1, minDurationSeconds: 0, minUsersPerArm: 100 };

beforeAll(async () => {
  database = await createTestDatabase();
  trainer = await testTrainer(database);
  listener = new pg.Client({ connectionString: database.url });
  await listener.connect();
  listener.on('notification', (n) => notified.push(n.payload ?? ''));
  await listener.query(`listen ${MODELS_CHANNEL}`);
});

afterAll(async () => {
  await listener?.end();
  await trainer?.stop();
  await database?.drop();
});

/** Popularity goes live first (nothing to beat), then ALS beats it offline and gets a canary. */
async function tenantWithCanary() {
  const tenantId = await createTenant(database.db, 'entertainment', {
    trainer: { algorithm: 'popularity', canary },
  });
  await seedTenant(
    database.db,
    tenantId,
    generateTenant('entertainment', { users: 200, items: 100, perUser: 16 }),
  );
  expect((await trainOnce(database.db, tenantId, 'popularity')).status).toBe('succeeded');
  await setTrainerSettings(database.db, tenantId, {
    algorithm: 'als',
    params: { factors: 16, iterations: 6 },
    canary,
  });
  expect((await trainOnce(database.db, tenantId, 'als')).status).toBe('succeeded');
  const [pop, als] = await listModels(database.db, tenantId);
  const record = (await canaryOf(tenantId, als!.id))!;
  return { tenantId, pop: pop!, als: als!, record };
}

async function canaryOf(tenantId: string, modelId: string) {
  const [row] = await withTenant(database.db, tenantId, (tx) =>
    queryRows<{ canary: CanaryRecord | null }>(
      tx,
      sql`select params->'canary' as canary from models where id = ${modelId}`,
    ),
  );
  return row?.canary ?? null;
}

async function experimentOf(tenantId: string, id: string) {
  const [row] = await withTenant(database.db, tenantId, (tx) =>
    queryRows<{ status: string; coverage: number; variants: { key: string; modelId: string }[] }>(
      tx,
      sql`select status, coverage, variants from experiments where id = ${id}`,
    ),
  );
  return row!;
}

/** 400 users per arm, one served list each; CTR 20 % against 50 %. */
async function plantResults(tenantId: string, key: string, winner: 'control' | 'candidate') {
  for (const variant of ['control', 'candidate']) {
    const clickers = variant === winner ? 200 : 80;
    await writeArm(database.db, tenantId, {
      experimentKey: key,
      variant,
      users: 400,
      clickers,
      tag: variant,
    });
  }
}

describe('canary promotion', () => {
  let first: Awaited<ReturnType<typeof tenantWithCanary>>;

  it('starts a canary experiment instead of promoting a candidate that passes the offline gate', async () => {
    first = await tenantWithCanary();
    const { tenantId, pop, als, record } = first;
    expect(pop.status).toBe('active');
    expect(als.status).toBe('candidate');
    expect(als.metrics.ndcg10).toBeGreaterThan(als.metrics.activeNdcg10!);
    expect(record).toMatchObject({ state: 'running', settings: { trafficShare: 0.1, metric: 'ctr' } });
    const experiment = await experimentOf(tenantId, record.experimentId);
    expect(experiment.status).toBe('running');
    expect(experiment.coverage).toBeCloseTo(0.2, 6);
    expect(experiment.variants.map((v) => [v.key, v.modelId])).toEqual([
      ['control', pop.id],
      ['candidate', als.id],
    ]);
    // No retrain is queued while the canary runs, even when the cadence says so.
    const queued = await scheduleTrainingJobs(database.db, {
      ...defaultTrainerDefaults,
      cadenceSeconds: 0.001,
    });
    expect(queued.filter((q) => q.tenantId === tenantId)).toEqual([]);
    // Without traffic the canary waits for its minimum sample.
    const [waiting] = await reviewCanaries(database.db);
    expect(waiting).toMatchObject({ action: 'wait', modelId: als.id });
    expect(waiting!.reason).toMatch(/waiting for 100 users per arm/);
  });

  it('promotes the candidate once it wins its canary, on the trainer schedule', async () => {
    const { tenantId, pop, als, record } = first;
    await plantResults(tenantId, record.experimentKey, 'candidate');
    const before = notified.length;
    const reviewer = await testTrainer(database, { canaryCheckMs: 50, trainerId: 'reviewer' });
    try {
      await expect
        .poll(async () => (await listModels(database.db, tenantId)).find((m) => m.id === als.id)?.status, {
          timeout: 15_000,
        })
        .toBe('active');
    } finally {
      await reviewer.stop();
    }
    const rows = await listModels(database.db, tenantId);
    expect(rows.find((m) => m.id === pop.id)!.status).toBe('retired');
    expect((await experimentOf(tenantId, record.experimentId)).status).toBe('stopped');
    const decided = (await canaryOf(tenantId, als.id))!;
    expect(decided.state).toBe('promoted');
    expect(decided.reason).toMatch(/^candidate wins: ctr \+/);
    await expect.poll(() => notified.slice(before), { timeout: 15_000 }).toContain(tenantId);
    expect(await listRunningCanaries(database.db)).toEqual([]);
  });

  it('rejects a candidate that loses its canary and keeps the active version', async () => {
    const { tenantId, pop, als, record } = await tenantWithCanary();
    await plantResults(tenantId, record.experimentKey, 'control');
    const outcomes = await reviewCanaries(database.db);
    expect(outcomes.filter((o) => o.tenantId === tenantId).map((o) => o.action)).toEqual(['reject']);
    const rows = await listModels(database.db, tenantId);
    expect(rows.find((m) => m.id === pop.id)!.status).toBe('active');
    expect(rows.find((m) => m.id === als.id)!.status).toBe('candidate');
    expect(await canaryOf(tenantId, als.id)).toMatchObject({ state: 'rejected' });
    expect((await canaryOf(tenantId, als.id))!.reason).toMatch(/^candidate loses: ctr -/);
    expect((await experimentOf(tenantId, record.experimentId)).status).toBe('stopped');
  });

  it('lets only one of two trainers act on the same canary', async () => {
    const { tenantId, als, record } = await tenantWithCanary();
    await plantResults(tenantId, record.experimentKey, 'candidate');
    const before = notified.length;
    const ref = { tenantId, modelId: als.id, experimentId: record.experimentId };
    const outcomes = await Promise.all([reviewCanary(database.db, ref), reviewCanary(database.db, ref)]);
    expect(outcomes.map((o) => o.action).sort()).toEqual(['promote', 'skipped']);
    expect(
      (await listModels(database.db, tenantId)).filter((m) => m.status === 'active').map((m) => m.id),
    ).toEqual([als.id]);
    // A trainer arriving after the decision sees it and does nothing.
    expect(await reviewCanary(database.db, ref)).toMatchObject({
      action: 'skipped',
      reason: 'already decided',
    });
    // Heard once, and still once a moment later (a second notice would follow the first closely).
    await expect.poll(() => notified.slice(before).includes(tenantId), { timeout: 15_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(notified.slice(before).filter((t) => t === tenantId)).toHaveLength(1);
  });

  it('ends the canary when the candidate is promoted by hand while it runs', async () => {
    const { tenantId, als, record } = await tenantWithCanary();
    await rollbackTo(database.db, tenantId, { algorithm: 'als', version: als.version });
    const [outcome] = (await reviewCanaries(database.db)).filter((o) => o.tenantId === tenantId);
    expect(outcome).toMatchObject({
      action: 'promote',
      reason: expect.stringMatching(/became active outside/),
    });
    expect((await canaryOf(tenantId, als.id))!.state).toBe('promoted');
    expect((await experimentOf(tenantId, record.experimentId)).status).toBe('stopped');
    expect(await listRunningCanaries(database.db)).toEqual([]);
  });
});
