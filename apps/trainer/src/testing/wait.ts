import { type Db, queryRows, sql, withPlatform } from '@tessera/db';

export interface JobState {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  attempts: number;
  error: string | null;
  model_id: string | null;
  claimed_by: string | null;
}

export async function jobStates(db: Db, ids: readonly string[]): Promise<JobState[]> {
  if (ids.length === 0) return [];
  return withPlatform(db, (tx) =>
    queryRows<JobState>(
      tx,
      sql`select id, status, attempts, error, model_id, claimed_by from training_jobs
          where id = any(${`{${ids.join(',')}}`}::uuid[])`,
    ),
  );
}

/** Polls until every job is `succeeded` or `failed`; throws with their states on timeout. */
export async function waitForJobs(db: Db, ids: readonly string[], timeoutMs = 60_000): Promise<JobState[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await jobStates(db, ids);
    if (
      states.length === ids.length &&
      states.every((s) => s.status === 'succeeded' || s.status === 'failed')
    ) {
      return states;
    }
    if (Date.now() > deadline) {
      throw new Error(`jobs not finished after ${timeoutMs} ms: ${JSON.stringify(states)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
