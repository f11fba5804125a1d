import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTenant } from './data/synthetic.js';
import { enqueueJob } from './queue/jobs.js';
import { testTrainer } from './testing/harness.js';
import { listModels } from './testing/models.js';
import { createTenant, seedTenant } from './testing/seed.js';
import { jobStates } from './testing/wait.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

const small = () => generateTenant('education', { users: 80, items: 40, perUser: 8 });

describe('exit-when-idle (CronJob) mode', () => {
  it('schedules, drains the queue including its own retries, then stops by itself', async () => {
    const a = await createTenant(database.db, 'education', { trainer: { algorithm: 'popularity' } });
    const b = await createTenant(database.db, 'education', { trainer: { algorithm: 'popularity' } });
    await seedTenant(database.db, a, small());
    await seedTenant(database.db, b, small());
    let injected = false;
    const trainer = await testTrainer(database, {
      exitWhenIdle: true,
      scheduleMs: 60_000,
      retryBaseMs: 200,
      // The first attempt fails retriably: the run must wait out the backoff and finish the retry.
      beforeTrain: () => {
        if (!injected) {
          injected = true;
          throw new Error('injected transient failure');
        }
      },
    });
    const summary = await trainer.done;
    await trainer.stop();
    expect(summary).toEqual({ outcomes: { retried: 1, active: 2 }, failed: 0 });
    for (const tenantId of [a, b]) {
      expect((await listModels(database.db, tenantId)).map((m) => m.status)).toEqual(['active']);
    }
  });

  it('exits 1 from the bin (TRAINER_EXIT_WHEN_IDLE=1) when a job failed for good, 0 when the queue is empty', async () => {
    const empty = await createTenant(database.db, 'education');
    const jobId = (await enqueueJob(database.db, {
      tenantId: empty,
      algorithm: 'popularity',
      reason: 'test',
    }))!;
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const run = (extra: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--conditions=@tessera/source', '--import', 'tsx', main, ...extra],
          {
            env: {
              PATH: process.env.PATH,
              DATABASE_URL: database.url,
              TRAINER_SCHEDULE_MS: '0',
              TRAINER_POLL_MS: '50',
              LOG_LEVEL: 'error',
              ...(extra.length ? {} : { TRAINER_EXIT_WHEN_IDLE: '1' }),
            },
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        let stderr = '';
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const failed = await run([]);
    expect(failed.code, failed.stderr).toBe(1);
    const [state] = await jobStates(database.db, [jobId]);
    expect(state).toMatchObject({ status: 'failed', error: expect.stringMatching(/^MODEL_DATA_EMPTY/) });
    const idle = await run(['--once']);
    expect(idle.code, idle.stderr).toBe(0);
  }, 180_000);
});
