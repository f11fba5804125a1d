/**
 * bench:train (trainer and database only) — one tenant per vertical, trained end to end through the
 * job queue, then 10,000 served lists per vertical checked against the rule packs, fold-in freshness,
 * and (with --big) the retrain time of a 1M-interaction tenant (`--only-big`: just that). Progress on
 * stderr; one JSON object last on stdout. e2e/bench/train runs the same parts and measures freshness
 * through the real API → Kafka → stream-worker path instead.
 */
import { loadavg } from 'node:os';
import { type Connection, type Vertical, verticals } from '@tessera/db';
import { createPgliteDatabase, createTestDatabase } from '@tessera/db/testing';
import pino from 'pino';
import { createTenant } from '../testing/seed.js';
import { startTrainer } from '../trainer.js';
import { loadActiveVersion } from '../training/active-model.js';
import { measureFreshness } from './freshness.js';
import { bigTenant, checkRules, percentile, round, say, seedBenchTenant, trainScheduled } from './parts.js';

const args = new Set(process.argv.slice(2));
const onlyBig = args.has('--only-big');
const big = onlyBig || args.has('--big');
const requestsPerVertical = Number(process.env.BENCH_REQUESTS ?? 10_000);
const freshnessSamples = Number(process.env.BENCH_FRESHNESS_SAMPLES ?? 200);

async function main() {
  const server = Boolean(process.env.DATABASE_URL);
  const connection = server ? await createTestDatabase() : await createPgliteDatabase();
  say(`database: ${server ? 'fresh PostgreSQL database on DATABASE_URL' : 'in-memory PGlite'}`);
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const trainer = await startTrainer({ connection, pollMs: 50, scheduleMs: 0, logger, detectBackend: true });
  try {
    if (onlyBig) {
      // Auxiliary mode: just the 1M retrain (the full report needs the vertical tenants too).
      process.stdout.write(`${JSON.stringify({ big: await bigTenant(connection.db) })}\n`);
      return;
    }
    const tenants = new Map<Vertical, string>();
    for (const vertical of verticals) {
      const id = await createTenant(connection.db, vertical);
      await seedBenchTenant(connection.db, id, vertical, tenants.size);
      tenants.set(vertical, id);
    }
    const training = await trainScheduled(connection.db, tenants.get('entertainment')!);

    const perVertical: Record<string, unknown> = {};
    let ruleViolations = 0;
    const freshness: number[] = [];
    let changed = 0;
    for (const vertical of verticals) {
      const tenantId = tenants.get(vertical)!;
      const rules = await checkRules(
        connection.db,
        tenantId,
        vertical,
        requestsPerVertical,
        training.byTenant.get(tenantId),
      );
      ruleViolations += rules.violations;
      const active = (await loadActiveVersion(connection.db, tenantId))!;
      const samples = await measureFreshness(
        connection.db,
        tenantId,
        vertical,
        active.model,
        Math.ceil(freshnessSamples / verticals.length),
      );
      for (const s of samples) {
        freshness.push(s.ms);
        if (s.changed) changed++;
      }
      perVertical[vertical] = rules;
    }

    const result: Record<string, unknown> = {
      perVertical,
      baseline: training.baseline,
      freshness: {
        samples: freshness.length,
        p50Ms: round(percentile(freshness, 50), 2),
        p99Ms: round(percentile(freshness, 99), 2),
        listChangedFraction: round(changed / freshness.length, 3),
        measured:
          'start of a stream-worker-style upsert into interactions (committed) → API-style history read → ' +
          'fold-in through the active model → vertical pipeline → new list; excludes the Kafka/stream-worker hop',
      },
      requestsPerVertical,
      database: server ? 'postgresql' : 'pglite',
      loadAverage: loadavg().map((x) => round(x, 1)),
    };
    if (big) result.big = await bigTenant(connection.db);
    process.stdout.write(
      `${JSON.stringify({
        ...result,
        jobs: training.jobs,
        secondsPerJob: round(training.secondsPerJob, 3),
        backend: training.backend,
        freshnessP99Ms: round(percentile(freshness, 99), 2),
        ruleViolations,
      })}\n`,
    );
  } finally {
    await trainer.stop();
    await (connection as Connection & { drop?: () => Promise<void> }).drop?.();
    if (!server) await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:train failed: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
