import { queryRows, sql, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { loadModel } from '@tessera/models';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTenant } from '../data/synthetic.js';
import { testTrainer, trainOnce } from '../testing/harness.js';
import { listModels, setTrainerSettings } from '../testing/models.js';
import { createTenant, seedTenant } from '../testing/seed.js';
import type { Trainer } from '../trainer.js';
import { MODELS_CHANNEL, rollbackTo } from './promotion.js';

let database: TestDatabase;
let trainer: Trainer;
const fastAls = { factors: 16, iterations: 6 };

beforeAll(async () => {
  database = await createTestDatabase();
  trainer = await testTrainer(database, { metricsPort: 0 });
});

afterAll(async () => {
  await trainer?.stop();
  await database?.drop();
});

async function seededTenant(settings: Record<string, unknown>) {
  const tenantId = await createTenant(database.db, 'entertainment', { trainer: settings });
  await seedTenant(
    database.db,
    tenantId,
    generateTenant('entertainment', { users: 200, items: 100, perUser: 16 }),
  );
  return tenantId;
}

describe('promotion', () => {
  it('promotes a better model, refuses a worse one on the same holdout, and rolls back either way', async () => {
    const tenantId = await seededTenant({ algorithm: 'popularity' });
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const notified: string[] = [];
    listener.on('notification', (n) => notified.push(n.payload ?? ''));
    await listener.query(`listen ${MODELS_CHANNEL}`);
    try {
      expect((await trainOnce(database.db, tenantId, 'popularity')).status).toBe('succeeded');
      await setTrainerSettings(database.db, tenantId, { algorithm: 'als', params: fastAls });
      expect((await trainOnce(database.db, tenantId, 'als')).status).toBe('succeeded');
      await setTrainerSettings(database.db, tenantId, { algorithm: 'popularity' });
      expect((await trainOnce(database.db, tenantId, 'popularity')).status).toBe('succeeded');

      const [pop1, als1, pop2] = await listModels(database.db, tenantId);
      expect(pop1).toMatchObject({
        algorithm: 'popularity',
        version: 1,
        status: 'retired',
        has_artifact: true,
      });
      expect(als1).toMatchObject({ algorithm: 'als', version: 1, status: 'active' });
      expect(als1!.metrics.ndcg10).toBeGreaterThan(als1!.metrics.activeNdcg10!);
      // The worse candidate was scored against the active ALS re-scored on its own new holdout.
      expect(pop2).toMatchObject({ algorithm: 'popularity', version: 2, status: 'candidate' });
      expect(pop2!.metrics.activeVersion).toBe(1);
      expect(pop2!.metrics.activeNdcg10).toBeGreaterThan(pop2!.metrics.ndcg10!);
      expect(als1!.data_to).not.toBeNull();
      expect(als1!.backend).toContain('typed-arrays');
      await expect.poll(() => notified.length, { timeout: 15_000 }).toBe(2);
      const scraped = await (await fetch(trainer.metricsUrl!)).text();
      expect(scraped).toContain(
        `tessera_trainer_last_ndcg_at_10{tenant="${tenantId}"} ${pop2!.metrics.ndcg10}`,
      );
      expect(scraped).toMatch(/tessera_trainer_job_seconds_count\{algorithm="als",outcome="active"\} 1/);
      expect(new Set(notified)).toEqual(new Set([tenantId]));

      await rollbackTo(database.db, tenantId, { algorithm: 'popularity', version: 1 });
      let rows = await listModels(database.db, tenantId);
      expect(rows.filter((r) => r.status === 'active').map((r) => `${r.algorithm}@${r.version}`)).toEqual([
        'popularity@1',
      ]);
      await rollbackTo(database.db, tenantId, { algorithm: 'als', version: 1 });
      rows = await listModels(database.db, tenantId);
      expect(rows.filter((r) => r.status === 'active').map((r) => `${r.algorithm}@${r.version}`)).toEqual([
        'als@1',
      ]);
      await expect.poll(() => notified.length, { timeout: 15_000 }).toBe(4);
      await expect(rollbackTo(database.db, tenantId, { algorithm: 'als', version: 9 })).rejects.toThrow(
        /no finished version als@9/,
      );
    } finally {
      await listener.end();
    }
  });

  it('keeps an identical retrain as a candidate (a tie does not beat the margin)', async () => {
    const tenantId = await seededTenant({ algorithm: 'als', promotionMargin: 0, params: fastAls });
    await trainOnce(database.db, tenantId, 'als');
    await trainOnce(database.db, tenantId, 'als');
    const [first, second] = await listModels(database.db, tenantId);
    expect(first!.status).toBe('active');
    expect(second!.status).toBe('candidate');
    expect(second!.metrics.ndcg10).toBeCloseTo(second!.metrics.activeNdcg10!, 10);
  });

  it('serves the evaluated model by default and a model refit on all data when the tenant asks', async () => {
    const counts = async (tenantId: string) => {
      const [row] = await withTenant(database.db, tenantId, (tx) =>
        queryRows<{ artifact: Uint8Array }>(tx, sql`select artifact from models where status = 'active'`),
      );
      return loadModel(new Uint8Array(row!.artifact))
        .scoreAll({ items: [] })
        .reduce((a, b) => a + b, 0);
    };
    const evaluated = await seededTenant({ algorithm: 'popularity' });
    const refit = await seededTenant({ algorithm: 'popularity', refit: true });
    await trainOnce(database.db, evaluated, 'popularity');
    await trainOnce(database.db, refit, 'popularity');
    const [a] = await listModels(database.db, evaluated);
    const [b] = await listModels(database.db, refit);
    // Popularity scores count entries: the served model saw the train split, or everything.
    expect(await counts(evaluated)).toBe(a!.metrics.trainInteractions);
    expect(await counts(refit)).toBe(b!.metrics.trainInteractions! + b!.metrics.holdoutInteractions!);
  });

  it('cleans up versions beyond keepVersions and never deletes the active one', async () => {
    const tenantId = await seededTenant({ algorithm: 'als', keepVersions: 2, params: { iterations: 2 } });
    for (let k = 0; k < 4; k++) await trainOnce(database.db, tenantId, 'als');
    const rows = await listModels(database.db, tenantId);
    expect(rows.map((r) => `${r.version}:${r.status}`)).toEqual(['1:active', '3:candidate', '4:candidate']);
  });
});
