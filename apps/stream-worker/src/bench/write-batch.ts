/**
 * npm run bench:write-batch -w @tessera/stream-worker [-- --events N --batch B --clock live|backfill]
 * The database half of ingest alone: decoded events straight into writeBatch on a fresh
 * database, no Kafka. Prints per-statement milliseconds (progress on stderr) and one JSON last.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { queryRows, sql } from '@tessera/db';
import { createTestDatabase } from '@tessera/db/testing';
import { type ScoredEvent, scoredFromEnvelope } from '../features/aggregate.js';
import { defaultInteractionWeights } from '../features/weights.js';
import { writeBatch } from '../store/write-batch.js';
import { createTenants } from '../testing/harness.js';
import { generateStream, parseClock } from '../testing/stream.js';
import { postgresServerCpuMs } from './cpu.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '8000' },
    clock: { type: 'string', default: 'live' },
  },
});
const clock = parseClock(values.clock);
const total = Number(values.events);
const batchSize = Number(values.batch);

async function main() {
  const database = await createTestDatabase();
  try {
    const tenants = await createTenants(database.db, 10);
    // Experiments: extra DDL to try (e.g. a fillfactor) before anything is written.
    for (const statement of (process.env.BENCH_SETUP_SQL ?? '').split(';').filter((s) => s.trim()))
      await database.db.execute(sql.raw(statement));
    const scored: ScoredEvent[] = [];
    for (const m of generateStream({
      events: total,
      tenantIds: tenants,
      unknownTenantId: randomUUID(),
      users: 10_000,
      items: 2_000,
      malformedRate: 0,
      duplicateRate: 0,
      clock,
    })) {
      if (m.event) scored.push(scoredFromEnvelope(m.event));
    }
    const marks: number[][] = [];
    const cpuBefore = await postgresServerCpuMs(database.db);
    const nodeBefore = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < scored.length; i += batchSize) {
      const t0 = performance.now();
      const mark: number[] = [];
      await writeBatch(
        database.db,
        scored.slice(i, i + batchSize),
        [],
        defaultInteractionWeights,
        async () => {
          mark.push(Math.round(performance.now() - t0));
        },
      );
      mark.push(Math.round(performance.now() - t0));
      marks.push(mark);
      process.stderr.write(`[bench:write-batch] ${i + batchSize}: ${mark.join(' ')}\n`);
    }
    const seconds = (performance.now() - started) / 1000;
    // Milliseconds per statement over the run: each mark is the time since the batch began.
    // The marks of writeBatch's `between`, then the end of the call (dead letters and the commit).
    const statements = [
      'events',
      'users',
      'items',
      'buckets',
      'interactions',
      'activityDays',
      'socialRollups',
      'deadLettersAndCommit',
    ];
    const statementMs: Record<string, number> = {};
    for (const mark of marks)
      mark.forEach((at, i) => {
        const name = statements[i] ?? `s${i}`;
        statementMs[name] = (statementMs[name] ?? 0) + at - (i > 0 ? (mark[i - 1] as number) : 0);
      });
    const nodeCpu = process.cpuUsage(nodeBefore);
    // Row writes per feature table: an update that is not HOT writes every index of its table.
    await database.db.execute(sql`select pg_stat_force_next_flush()`);
    const tables = await queryRows(
      database.db,
      sql`select relname as table, n_tup_ins::int as inserts, n_tup_upd::int as updates, n_tup_hot_upd::int as hot
        from pg_stat_user_tables where n_tup_ins + n_tup_upd > 0 order by relname`,
    );
    process.stderr.write(`[bench:write-batch] row writes: ${JSON.stringify(tables)}\n`);
    const pgCpuMs = (await postgresServerCpuMs(database.db)) - cpuBefore;
    process.stdout.write(
      `${JSON.stringify({ events: scored.length, batch: batchSize, seconds: Number(seconds.toFixed(2)), eventsPerSec: Math.round(scored.length / seconds), pgCpuUsPerEvent: Math.round((pgCpuMs * 1000) / scored.length), nodeCpuUsPerEvent: Math.round((nodeCpu.user + nodeCpu.system) / scored.length), statementUsPerEvent: Object.fromEntries(Object.entries(statementMs).map(([k, v]) => [k, Math.round((v * 1000) / scored.length)])) })}\n`,
    );
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:write-batch failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
