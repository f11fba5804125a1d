/**
 * The pieces of bench:train, shared by the trainer's own bench (train-bench.ts, trainer + database
 * only) and the cross-app bench in e2e/bench/train (which adds the real API → Kafka → stream-worker
 * path for freshness). Each piece measures one thing and returns plain numbers.
 */
import { loadavg } from 'node:os';
import { type Db, queryRows, sql, type Vertical, withPlatform } from '@tessera/db';
import { generateTenant } from '../data/synthetic.js';
import { enqueueJob } from '../queue/jobs.js';
import { scheduleTrainingJobs } from '../queue/scheduler.js';
import { defaultTrainerDefaults } from '../settings.js';
import { createTenant, seedTenant } from '../testing/seed.js';
import { waitForJobs } from '../testing/wait.js';
import { loadActiveVersion } from '../training/active-model.js';
import { countRuleViolations, type RuleReport } from './rules.js';

export const say = (message: string) => process.stderr.write(`[bench:train] ${message}\n`);
export const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export interface JobTiming {
  tenantId: string;
  seconds: number;
  status: string;
  backend: string | null;
  metrics: Record<string, number>;
  modelStatus: string | null;
  version: number | null;
}

export async function jobTimings(db: Db, ids: string[]): Promise<JobTiming[]> {
  return withPlatform(db, (tx) =>
    queryRows<JobTiming>(
      tx,
      sql`select j.tenant_id as "tenantId", extract(epoch from j.finished_at - j.claimed_at)::float8 as seconds, j.status,
                 m.backend, m.metrics, m.status as "modelStatus", m.version
          from training_jobs j left join models m on m.tenant_id = j.tenant_id and m.id = j.model_id
          where j.id = any(${`{${ids.join(',')}}`}::uuid[]) order by j.created_at`,
    ),
  );
}

/** The bench's tenant of one vertical: 2,000 users × 25 interactions over 800 items. */
export async function seedBenchTenant(db: Db, tenantId: string, vertical: Vertical, index: number) {
  const data = generateTenant(vertical, { users: 2_000, items: 800, perUser: 25, seed: 100 + index });
  await seedTenant(db, tenantId, data);
  say(`seeded ${vertical}: ${data.interactions.userIds.length} interactions`);
  return data;
}

/**
 * One scheduling pass, then waits for every queued job (a trainer must be running on `db`), plus a
 * popularity job on `baselineTenant` through the same queue as the in-run baseline.
 */
export async function trainScheduled(db: Db, baselineTenant: string) {
  const scheduled = await scheduleTrainingJobs(db, defaultTrainerDefaults);
  say(`scheduler queued ${scheduled.length} jobs (${scheduled.map((s) => s.trigger).join(', ')})`);
  const ids = scheduled.map((s) => s.jobId);
  await waitForJobs(db, ids, 15 * 60_000);
  const timings = await jobTimings(db, ids);
  const secondsPerJob = timings.reduce((s, t) => s + t.seconds, 0) / timings.length;
  say(`trained ${timings.length} jobs, ${secondsPerJob.toFixed(2)} s per job`);
  const baselineId = await enqueueJob(db, {
    tenantId: baselineTenant,
    algorithm: 'popularity',
    reason: 'bench baseline',
  });
  await waitForJobs(db, [baselineId!]);
  const [baseline] = await jobTimings(db, [baselineId!]);
  const byTenant = new Map(timings.map((t) => [t.tenantId, t]));
  return {
    jobs: timings.length,
    secondsPerJob,
    backend: timings[0]?.backend ?? null,
    byTenant,
    baseline: {
      algorithm: 'popularity',
      secondsPerJob: round(baseline!.seconds, 3),
      alsToPopularityTimeRatio: round(secondsPerJob / Math.max(baseline!.seconds, 1e-3), 1),
      ndcg10: round(baseline!.metrics.ndcg10 ?? Number.NaN, 4),
      activeNdcg10: round(baseline!.metrics.activeNdcg10 ?? Number.NaN, 4),
      status: baseline!.modelStatus,
    },
  };
}

/** `requests` generated lists of the tenant's active model checked against its vertical's rule pack. */
export async function checkRules(
  db: Db,
  tenantId: string,
  vertical: Vertical,
  requests: number,
  job: JobTiming | undefined,
): Promise<RuleReport & Record<string, unknown>> {
  const active = await loadActiveVersion(db, tenantId);
  if (!active) throw new Error(`no active model for ${vertical}`);
  const t0 = performance.now();
  const rules = await countRuleViolations(db, tenantId, vertical, active.model, requests);
  const servingMs = (performance.now() - t0) / requests;
  say(
    `${vertical}: ${rules.requests} lists, ${rules.violations} violations, ${rules.unsafeCandidates} unsafe candidates filtered`,
  );
  return {
    model: `${active.algorithm}@${active.version}`,
    ndcg10: round(job?.metrics.ndcg10 ?? Number.NaN, 4),
    recall10: round(job?.metrics.recall10 ?? Number.NaN, 4),
    jobSeconds: round(job?.seconds ?? Number.NaN, 2),
    ...rules,
    meanServeMs: round(servingMs, 3),
  };
}

/** Seeds a 1M-interaction tenant and times its retrain through the queue (wall and process CPU). */
export async function bigTenant(db: Db) {
  const tenantId = await createTenant(db, 'entertainment');
  say('generating 1M interactions (20,000 users × ~50)…');
  const data = generateTenant('entertainment', { users: 20_000, items: 5_000, perUser: 50, seed: 99 });
  const seedStart = performance.now();
  await seedTenant(db, tenantId, data);
  say(
    `seeded ${data.interactions.userIds.length} interactions in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );
  const cpu = process.cpuUsage();
  const id = await enqueueJob(db, { tenantId, algorithm: 'als', reason: 'bench big' });
  await waitForJobs(db, [id!], 20 * 60_000);
  const used = process.cpuUsage(cpu);
  const [timing] = await jobTimings(db, [id!]);
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
