import { type Db, queryRows, sql, withPlatform } from '@tessera/db';

/**
 * How many of these jobs are queued again (a retriable failure waiting out its backoff): a trainer
 * in exit-when-idle mode waits for them, so a CronJob run ends with each of its jobs settled.
 */
export async function pendingRetries(db: Db, jobIds: readonly string[]): Promise<number> {
  if (jobIds.length === 0) return 0;
  const [row] = await withPlatform(db, (tx) =>
    queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from training_jobs
          where id = any(${`{${jobIds.join(',')}}`}::uuid[]) and status = 'queued'`,
    ),
  );
  return row?.n ?? 0;
}
