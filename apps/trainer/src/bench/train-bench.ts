/**
 * bench:train — one tenant per vertical, trained end to end through the job queue, then 10,000 served
 * lists per vertical checked against the rule packs, fold-in freshness, and (with --big) the retrain
 * time of a 1M-interaction tenant (`--only-big`: just that). Progress on stderr; one JSON object last
 * on stdout.
 */
import { loadavg } from 'node:os';
import { type Connection, queryRows, sql, type Vertical, verticals, withPlatform } from '@tessera/db';
import { createPgliteDatabase, createTestDatabase } from '@tessera/db/testing';
import pino from 'pino';
import { generateTenant } from '../data/synthetic.js';
import { enqueueJob } from '../queue/jobs.js';
import { scheduleTrainingJobs } from '../queue/scheduler.js';
import { defaultTrainerDefaults } from '../settings.js';
import { createTenant, seedTenant } from '../testing/seed.js';
import { waitForJobs } from '../testing/wait.js';
import { startTrainer } from '../trainer.js';
import { loadActiveVersion } from '../training/active-model.js';
import { measureFreshness } from './freshness.js';
import { countRuleViolations } from './rules.js';

const args = new Set(process.argv.slice(2));
const onlyBig = args.has('--only-big');
const big = onlyBig || args.has('--big');
const requestsPerVertical = Number(process.env.BENCH_REQUESTS ?? 10_000);
const freshnessSamples = Number(process.env.BENCH_FRESHNESS_SAMPLES ?? 200);
const say = (message: string) => process.stderr.write(`[bench:train] ${message}\n`);

interface JobTiming {
  seconds: number;
  status: string;
  backend: string | null;
  metrics: Record<string, number>;
  modelStatus: string | null;
  version: number | null;
}

async function jobTimings(connection: Connection, ids: string[]): Promise<JobTiming[]> {
  return withPlatform(connection.db, (tx) =>
    queryRows<JobTiming>(
      tx,
      sql`select extract(epoch from j.finished_at - j.claimed_at)::float8 as seconds, j.status,
                 m.backend, m.metrics, m.status as "modelStatus", m.version
          from training_jobs j left join models m on m.tenant_id = j.tenant_id and m.id = j.model_id
          where j.id = any(${`{${ids.join(',')}}`}::uuid[])`,
    ),
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

async function main() {
  const server = Boolean(process.env.DATABASE_URL);
  const connection = server ? await createTestDatabase() : await createPgliteDatabase();
  say(`database: ${server ? 'fresh PostgreSQL database on DATABASE_URL' : 'in-memory PGlite'}`);
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const trainer = await startTrainer({ connection, pollMs: 50, scheduleMs: 0, logger, detectBackend: true });
  try {
    if (onlyBig) {
      // Auxiliary mode: just the 1M retrain (the full report needs the vertical tenants too).
      process.stdout.write(`${JSON.stringify({ big: await bigTenant(connection) })}\n`);
      return;
    }
    const tenants = new Map<Vertical, string>();
    for (const vertical of verticals) {
      const id = await createTenant(connection.db, vertical);
      const data = generateTenant(vertical, {
        users: 2_000,
        items: 800,
        perUser: 25,
        seed: 100 + tenants.size,
      });
      await seedTenant(connection.db, id, data);
      tenants.set(vertical, id);
      say(`seeded ${vertical}: ${data.interactions.userIds.length} interactions`);
    }
    const scheduled = await scheduleTrainingJobs(connection.db, defaultTrainerDefaults);
    say(`scheduler queued ${scheduled.length} jobs (${scheduled.map((s) => s.trigger).join(', ')})`);
    const ids = scheduled.map((s) => s.jobId);
    await waitForJobs(connection.db, ids, 15 * 60_000);
    const timings = await jobTimings(connection, ids);
    const secondsPerJob = timings.reduce((s, t) => s + t.seconds, 0) / timings.length;
    say(`trained ${timings.length} jobs, ${secondsPerJob.toFixed(2)} s per job`);

    // Baseline in the same run: a popularity job through the same queue on the entertainment tenant.
    const baselineId = await enqueueJob(connection.db, {
      tenantId: tenants.get('entertainment')!,
      algorithm: 'popularity',
      reason: 'bench baseline',
    });
    await waitForJobs(connection.db, [baselineId!]);
    const [baseline] = await jobTimings(connection, [baselineId!]);

    const perVertical: Record<string, unknown> = {};
    let ruleViolations = 0;
    const freshness: number[] = [];
    let changed = 0;
    for (const vertical of verticals) {
      const tenantId = tenants.get(vertical)!;
      const active = await loadActiveVersion(connection.db, tenantId);
      if (!active) throw new Error(`no active model for ${vertical}`);
      const t0 = performance.now();
      const rules = await countRuleViolations(
        connection.db,
        tenantId,
        vertical,
        active.model,
        requestsPerVertical,
      );
      const servingMs = (performance.now() - t0) / requestsPerVertical;
      ruleViolations += rules.violations;
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
      const job = timings[scheduled.findIndex((s) => s.tenantId === tenantId)]!;
      perVertical[vertical] = {
        model: `${active.algorithm}@${active.version}`,
        ndcg10: round(job.metrics.ndcg10 ?? Number.NaN, 4),
        recall10: round(job.metrics.recall10 ?? Number.NaN, 4),
        jobSeconds: round(job.seconds, 2),
        ...rules,
        meanServeMs: round(servingMs, 3),
      };
      say(
        `${vertical}: ${rules.requests} lists, ${rules.violations} violations, ${rules.unsafeCandidates} unsafe candidates filtered`,
      );
    }

    const result: Record<string, unknown> = {
      perVertical,
      baseline: {
        algorithm: 'popularity',
        secondsPerJob: round(baseline!.seconds, 3),
        alsToPopularityTimeRatio: round(secondsPerJob / Math.max(baseline!.seconds, 1e-3), 1),
        ndcg10: round(baseline!.metrics.ndcg10 ?? Number.NaN, 4),
        activeNdcg10: round(baseline!.metrics.activeNdcg10 ?? Number.NaN, 4),
        status: baseline!.modelStatus,
      },
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
    if (big) result.big = await bigTenant(connection);
    process.stdout.write(
      `${JSON.stringify({
        ...result,
        jobs: timings.length,
        secondsPerJob: round(secondsPerJob, 3),
        backend: timings[0]?.backend ?? null,
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

/** Seeds a 1M-interaction tenant and times its retrain through the queue (wall and process CPU). */
async function bigTenant(connection: Connection) {
  const tenantId = await createTenant(connection.db, 'entertainment');
  say('generating 1M interactions (20,000 users × ~50)…');
  const data = generateTenant('entertainment', { users: 20_000, items: 5_000, perUser: 50, seed: 99 });
  const seedStart = performance.now();
  await seedTenant(connection.db, tenantId, data);
  say(
    `seeded ${data.interactions.userIds.length} interactions in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );
  const cpu = process.cpuUsage();
  const id = await enqueueJob(connection.db, { tenantId, algorithm: 'als', reason: 'bench big' });
  await waitForJobs(connection.db, [id!], 20 * 60_000);
  const used = process.cpuUsage(cpu);
  const [timing] = await jobTimings(connection, [id!]);
  const m = timing!.metrics;
  return {
    interactions: data.interactions.userIds.length,
    status: timing!.status,
    retrainSeconds: round(timing!.seconds, 1),
    targetSeconds: 60,
    phases: {
      readSeconds: round(m.readSeconds ?? Number.NaN, 1),
      fitSeconds: round(m.fitSeconds ?? Number.NaN, 1),
      evaluateSeconds: round(m.evaluateSeconds ?? Number.NaN, 1),
    },
    trainerCpuSeconds: round((used.user + used.system) / 1e6, 1),
    ndcg10: round(m.ndcg10 ?? Number.NaN, 4),
    loadAverage: loadavg().map((x) => round(x, 1)),
    note: 'wall time on a 2-core machine shared with other jobs; trainerCpuSeconds is this process only',
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:train failed: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
