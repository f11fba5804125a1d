import type { Db } from '@tessera/db';
import type { TestDatabase } from '@tessera/db/testing';
import pino from 'pino';
import { enqueueJob } from '../queue/jobs.js';
import { startTrainer, type Trainer, type TrainerConfig } from '../trainer.js';
import { type JobState, waitForJobs } from './wait.js';

export const quietLogger = () => pino({ level: process.env.TRAINER_TEST_LOG ?? 'silent' });

/** A trainer on the test database that polls fast and never schedules or reviews canaries on its own. */
export function testTrainer(database: TestDatabase, overrides: TrainerConfig = {}): Promise<Trainer> {
  return startTrainer({
    connection: database,
    pollMs: 25,
    scheduleMs: 0,
    canaryCheckMs: 0,
    retryBaseMs: 0,
    detectBackend: false,
    logger: quietLogger(),
    ...overrides,
  });
}

/** Queues one job for the tenant and waits until a running trainer finished it. */
export async function trainOnce(
  db: Db,
  tenantId: string,
  algorithm: string,
  timeoutMs = 60_000,
): Promise<JobState> {
  const id = await enqueueJob(db, { tenantId, algorithm, reason: 'test' });
  if (!id) throw new Error(`a job for ${algorithm} was already queued`);
  const [state] = await waitForJobs(db, [id], timeoutMs);
  return state!;
}
