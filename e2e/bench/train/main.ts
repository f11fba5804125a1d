/**
 * npm run bench:train [-- --big | --samples N | --requests N]
 *
 * The trainer's bench parts (@tessera/trainer/bench) on a stack started in this process — a fresh
 * PostgreSQL database, the stream-worker on the real Kafka, the API and a trainer: one tenant per
 * vertical trained end to end through the job queue (jobs, seconds per job, backend, in-run
 * popularity baseline), 10,000 generated lists per vertical checked against the rule packs, and
 * freshness measured through the real path (see freshness.ts): POST an event to the API, poll the
 * user's recommendations until the clicked item is gone. `--big`: also the retrain time of a
 * 1M-interaction tenant. Progress on stderr; one JSON object last on stdout.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { provisionTenant } from '@tessera/api';
import { type Vertical, verticals } from '@tessera/db';
import { startTrainer } from '@tessera/trainer';
import {
  bigTenant,
  checkRules,
  loadActiveVersion,
  measureFreshness,
  percentile,
  round,
  say,
  seedBenchTenant,
  trainScheduled,
} from '@tessera/trainer/bench';
import { pino } from 'pino';
import { pool, startStack } from '../../test/hardening/stack.js';
import { FreshnessProbe, type FreshnessSample, type FreshnessTarget } from './freshness.js';

const { values } = parseArgs({
  options: {
    big: { type: 'boolean', default: false },
    samples: { type: 'string', default: process.env.BENCH_FRESHNESS_SAMPLES ?? '200' },
    requests: { type: 'string', default: process.env.BENCH_REQUESTS ?? '10000' },
    concurrency: { type: 'string', default: '4' },
  },
});
const samplesWanted = Number(values.samples);
const requestsPerVertical = Number(values.requests);
const concurrency = Number(values.concurrency);

async function main() {
  const stack = await startStack({ worker: true });
  say(`stack: API ${stack.api.url}, stream-worker on Kafka, fresh database`);
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const trainer = await startTrainer({
    connection: stack.database,
    pollMs: 50,
    scheduleMs: 0,
    canaryCheckMs: 0,
    logger,
    detectBackend: true,
  });
  const db = stack.database.db;
  try {
    const targets = new Map<Vertical, FreshnessTarget & { users: string[] }>();
    for (const vertical of verticals) {
      const tenant = await provisionTenant(db, {
        slug: `bench-train-${vertical}-${Date.now().toString(36)}`,
        name: `bench:train ${vertical}`,
        vertical,
      });
      const data = await seedBenchTenant(db, tenant.tenantId, vertical, targets.size);
      targets.set(vertical, {
        vertical,
        tenantId: tenant.tenantId,
        apiUrl: stack.api.url,
        readKey: tenant.keys.read,
        ingestKey: tenant.keys.ingest,
        users: data.users.map((u) => u.id),
      });
    }
    const training = await trainScheduled(db, targets.get('entertainment')!.tenantId);

    const perVertical: Record<string, unknown> = {};
    let ruleViolations = 0;
    for (const vertical of verticals) {
      const tenantId = targets.get(vertical)!.tenantId;
      const rules = await checkRules(
        db,
        tenantId,
        vertical,
        requestsPerVertical,
        training.byTenant.get(tenantId),
      );
      ruleViolations += rules.violations;
      perVertical[vertical] = rules;
    }

    const probe = new FreshnessProbe(db);
    for (const target of targets.values()) await untilServed(probe, target);
    // Warm-up (not counted): the first event of each tenant also warms the worker's tenant directory.
    for (const target of targets.values()) await probe.sample(target, target.users.at(-1)!);
    probe.spurious = probe.timedOut = probe.skipped = 0;
    const samples: FreshnessSample[] = [];
    const perTenant = Math.ceil(samplesWanted / verticals.length);
    const work = [...targets.values()].flatMap((t) => t.users.slice(0, perTenant).map((u) => ({ t, u })));
    const started = performance.now();
    await pool(work, concurrency, async ({ t, u }) => {
      const s = await probe.sample(t, u);
      if (s) samples.push(s);
      if (samples.length % 50 === 0 && s) say(`freshness: ${samples.length} samples`);
    });
    const ms = samples.map((s) => s.ms);
    const freshness = {
      samples: samples.length,
      attempted: work.length,
      p50Ms: round(percentile(ms, 50), 1),
      p90Ms: round(percentile(ms, 90), 1),
      p99Ms: round(percentile(ms, 99), 1),
      maxMs: round(Math.max(...ms), 1),
      acceptP50Ms: round(
        percentile(
          samples.map((s) => s.acceptMs),
          50,
        ),
        1,
      ),
      reorderedFraction: round(samples.filter((s) => s.reordered).length / Math.max(samples.length, 1), 3),
      meanPolls: round(samples.reduce((a, s) => a + s.polls, 0) / Math.max(samples.length, 1), 1),
      timedOut: probe.timedOut,
      emptyLists: probe.skipped,
      spurious: probe.spurious,
      concurrency,
      wallSeconds: round((performance.now() - started) / 1000, 1),
      byVertical: Object.fromEntries(
        verticals.map((v) => [
          v,
          round(
            percentile(
              samples.filter((s) => s.vertical === v).map((s) => s.ms),
              99,
            ),
            1,
          ),
        ]),
      ),
      measured:
        'POST /v1/events (click on the top recommended item) → Kafka → stream-worker → interactions → ' +
        'GraphQL recommendations without that item (polled every 25 ms, response receipt)',
    };
    // In-run baseline: the same effect without the API, Kafka and the worker (a direct upsert into
    // `interactions`, then the fold-in and the pipeline in this process), as the trainer-only bench has it.
    const direct: number[] = [];
    for (const target of targets.values()) {
      const active = (await loadActiveVersion(db, target.tenantId))!;
      const vertical = target.vertical as Vertical;
      for (const s of await measureFreshness(db, target.tenantId, vertical, active.model, perTenant))
        direct.push(s.ms);
    }
    Object.assign(freshness, {
      baselineDirectP99Ms: round(percentile(direct, 99), 1),
      ratioToBaselineP99: round(freshness.p99Ms / Math.max(percentile(direct, 99), 1e-3), 1),
    });
    say(`freshness p50 ${freshness.p50Ms} ms, p99 ${freshness.p99Ms} ms over ${samples.length} samples`);
    const result: Record<string, unknown> = {
      perVertical,
      baseline: training.baseline,
      freshness,
      requestsPerVertical,
      database: 'postgresql',
      transport: 'kafka',
      loadAverage: loadavg().map((x) => round(x, 1)),
    };
    if (values.big) result.big = await bigTenant(db);
    process.stdout.write(
      `${JSON.stringify({
        ...result,
        jobs: training.jobs,
        secondsPerJob: round(training.secondsPerJob, 3),
        backend: training.backend,
        freshnessP99Ms: freshness.p99Ms,
        ruleViolations,
      })}\n`,
    );
  } finally {
    await trainer.stop();
    await stack.close();
  }
}

/** Waits until the API serves the tenant's trained model (it loads promotions on NOTIFY or within 2 s). */
async function untilServed(probe: FreshnessProbe, target: FreshnessTarget & { users: string[] }) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await probe.recommendations(target, target.users[0]!)).modelVersion) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the API does not serve a model for ${target.vertical} after 60 s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:train failed: ${(error as Error)?.stack ?? error}\n`);
    process.exit(1);
  },
);
