import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Db, queryRows, sql, withPlatform } from '@tessera/db';

export const workerRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function requireKafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error(
      'KAFKA_BROKERS is not set: this suite needs a real Kafka broker. Run `npm test`, or `npm run services:up` and export what it prints.',
    );
  }
  return brokers.split(',');
}

export async function createTenants(db: Db, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await withPlatform(db, async (tx) => {
    for (const [n, id] of ids.entries()) {
      await tx.execute(
        sql`insert into tenants (id, slug, name, vertical) values (${id}, ${`t-${id.slice(0, 8)}-${n}`}, ${`Tenant ${n}`}, 'entertainment')`,
      );
    }
  });
  return ids;
}

export async function countRows(db: Db, table: string): Promise<number> {
  const rows = await withPlatform(db, (tx) =>
    queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(table)}`),
  );
  return rows[0]?.n ?? 0;
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The worker as a separate process running its real entry point, so it can be killed with SIGKILL. */
export function spawnWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=@tessera/source', '--import', 'tsx', 'src/main.ts'], {
    cwd: workerRoot,
    env: {
      ...process.env,
      KAFKA_BROKERS: '',
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      STREAM_WORKER_METRICS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
