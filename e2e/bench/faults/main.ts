/**
 * npm run bench:faults [-- --events N --rate R --keep-services]
 *
 * Ingests N events (default 1,000,000) through the API and straight to Kafka, against a private
 * 3-broker KRaft cluster (replication 3, min.insync.replicas 2) and PostgreSQL started by
 * infra/local under --root, while the faults of faults.ts happen; then compares the offline and
 * feature stores with the truth folded from what the clients had acknowledged, and the DLQ with
 * the deliberate bad messages. Progress on stderr; one JSON object last on stdout:
 *   lost            acknowledged events missing from the offline store, or Σ(user, type) count
 *                   deficits in the feature store, whichever is larger (`loss` says where: never
 *                   in Kafka despite the acknowledgement, or in Kafka and not stored);
 *   duplicated      rows beyond one per event id, or Σ(user, type) count excess, the larger;
 *   dlqUnexpected   DLQ messages other than the deliberate bad ones (each of those must be there);
 *   apiErrors5xx    5xx answers and failed connections outside a dependency's fault window
 *                   (down, plus 10 s after its repair); those inside are retried and counted
 *                   under clients.*InFaultWindow and the fault's clientErrors;
 *   recoverySeconds the worst fault's time from its repair (replacement worker spawned, worker
 *                   joined or left, broker or PostgreSQL back) until the stored count reached
 *                   what the clients had acknowledged at the repair (1 s samples).
 * Flags: --rate (events/s, default min(1000, N/240)), --root (state folder, default
 * /tmp/tessera-faults), --session-timeout-ms (worker's, default 10000: a SIGKILLed member holds
 * its partitions that long), --keep-services (leave PostgreSQL and Kafka running for the next run).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { provisionTenant } from '@tessera/api';
import { connect } from '@tessera/db';
import { type Child, freePort, kill, spawnApp, stop, waitForHttp } from './children.js';
import { compareFeatures, compareOffline } from './compare.js';
import { checkDlq } from './dlq.js';
import { specAt, type Universe } from './events.js';
import { FaultLog, inject, schedule, type WorkerControl } from './faults.js';
import { emptyStats, Ledger } from './ledger.js';
import { locateLoss } from './loss.js';
import { malformedCount } from './malformed.js';
import { recoveryAfter, watchProgress } from './progress.js';
import { sendAll } from './senders.js';
import { freshDatabase, infra, resetTopics, startServices } from './services.js';
import { harnessWeights, Truth } from './truth.js';

const log = (line: string) =>
  process.stderr.write(`[bench:faults ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    rate: { type: 'string' },
    root: { type: 'string', default: '/tmp/tessera-faults' },
    'session-timeout-ms': { type: 'string', default: '10000' },
    'keep-services': { type: 'boolean', default: false },
  },
});
const events = Number(values.events);
if (!Number.isInteger(events) || events < 5000) throw new Error('--events must be an integer ≥ 5000');
// Paced below what the worker sustains here, so recovery measures the fault, not a growing backlog.
const rate = Number(values.rate ?? Math.min(1000, Math.max(50, Math.round(events / 240))));
const root = path.resolve(values.root);
const sessionTimeoutMs = Number(values['session-timeout-ms']);

async function main() {
  const runId = randomBytes(3).toString('hex');
  const logDir = path.join(root, 'logs', `run-${runId}`);
  log(`run ${runId}: ${events} events at ${rate}/s; private services under ${root}; logs in ${logDir}`);
  const services = await startServices(root, log);
  const topics = await resetTopics(services.kafkaBrokers, 6, log);
  const databaseUrl = await freshDatabase(services.databaseUrl, 'tessera_faults');
  const universe: Universe = { tenants: 4, usersPerTenant: 2000, itemsPerTenant: 500, baseMs: Date.now() };
  const setup = await connect({ url: databaseUrl, poolSize: 2 });
  const tenants = [];
  for (const [index, vertical] of (['entertainment', 'education', 'finance', 'medical'] as const).entries())
    tenants.push(
      await provisionTenant(setup.db, { slug: `faults-${index}`, name: `Faults ${index}`, vertical }),
    );
  const tenantIds = tenants.map((t) => t.tenantId);

  const children = new Set<Child>();
  let shuttingDown = false;
  let workerCrashes = 0;
  let apiCrashes = 0;
  // Ctrl-C must not leave workers or the API behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      shuttingDown = true;
      for (const child of children) void kill(child, 'SIGKILL');
      log(`${signal}: workers and API killed; the private services under ${root} keep running`);
      setTimeout(() => process.exit(130), 500);
    });
  }
  const workerEnv = {
    KAFKA_BROKERS: services.kafkaBrokers,
    DATABASE_URL: databaseUrl,
    STREAM_WORKER_GROUP_ID: `faults-${runId}`,
    STREAM_WORKER_SESSION_TIMEOUT_MS: String(sessionTimeoutMs),
    STREAM_WORKER_METRICS_PORT: '0',
    STREAM_WORKER_WEIGHTS: JSON.stringify(harnessWeights),
    LOG_LEVEL: 'info',
  };
  let workerSerial = 0;
  const roles: { primary?: Child; secondary?: Child } = {};
  const startWorker = async (role: 'primary' | 'secondary'): Promise<Child> => {
    workerSerial += 1;
    const child = await spawnApp(
      `worker-${workerSerial}-${role}`,
      'stream-worker',
      workerEnv,
      logDir,
      (c, code, signal) => {
        children.delete(c);
        if (shuttingDown) return;
        workerCrashes += 1;
        log(`${c.name} exited by itself (code ${code}, signal ${signal}); restarting it`);
        if (roles[role] === c) void sleep(1000).then(() => startWorker(role));
      },
    );
    children.add(child);
    roles[role] = child;
    return child;
  };
  const workers: WorkerControl = {
    async killPrimary() {
      const victim = roles.primary;
      if (victim) {
        await kill(victim, 'SIGKILL');
        children.delete(victim);
        log(`fault: ${victim.name} killed with SIGKILL`);
      }
      await startWorker('primary');
    },
    async startSecondary() {
      await startWorker('secondary');
      log('fault: a second worker joins the group');
    },
    async stopSecondary() {
      const leaving = roles.secondary;
      roles.secondary = undefined;
      if (leaving) {
        await stop(leaving);
        children.delete(leaving);
      }
      log('fault: the second worker left the group (SIGTERM)');
    },
  };

  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const api = await spawnApp(
    'api',
    'api',
    {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: services.kafkaBrokers,
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      RATE_LIMIT_EVENTS_PER_SECOND: '1000000',
    },
    logDir,
    () => {
      apiCrashes += 1;
      log('the API exited by itself: see its log');
    },
  );
  children.add(api);
  await waitForHttp(`${apiUrl}/readyz`, 120_000);
  await startWorker('primary');

  const ledger = new Ledger(events);
  const stats = emptyStats();
  const faults = new FaultLog();
  const malformed = malformedCount(events);
  const progress = await watchProgress(databaseUrl, ledger, log);
  const startedAt = Date.now();
  let sendingDone = false;
  const sending = sendAll({
    universe,
    ledger,
    stats,
    rate,
    apiUrl,
    apiKeys: tenants.map((t) => t.keys.ingest),
    tenantIds,
    kafkaBrokers: services.kafkaBrokers.split(','),
    malformed,
    countFaultError: (what, ...instants) => faults.countError(what, ...instants),
    log,
  }).finally(() => {
    sendingDone = true;
  });

  const chaos = (async () => {
    // The first fault only once the first worker stores: a kill during its start proves little.
    while (progress.latestStored() === 0) await sleep(200);
    let previous: { ackedAtRepair: number } | undefined;
    for (const [share, kind] of schedule) {
      while (!sendingDone && ledger.distinct < share * events) await sleep(200);
      // One fault at a time: the previous one must have caught up first (or 60 s passed).
      const waitUntil = Date.now() + 60_000;
      while (previous && progress.latestStored() < previous.ackedAtRepair && Date.now() < waitUntil)
        await sleep(200);
      log(`fault: ${kind} at ${ledger.distinct} acknowledged events`);
      previous = await faults.run(kind, ledger.distinct / events, ledger, () =>
        inject(kind, workers, root, { brokerDownMs: 15_000, postgresDownMs: 5_000 }, log),
      );
    }
  })();

  try {
    await Promise.all([sending, chaos]);
    const sentSeconds = (Date.now() - startedAt) / 1000;
    log(
      `all ${ledger.distinct} events acknowledged in ${sentSeconds.toFixed(0)} s; waiting for the worker to store them`,
    );
    // Until everything is stored, or the count has not moved for 90 s (then something was lost).
    let last = { stored: progress.latestStored(), at: Date.now() };
    while (progress.latestStored() < ledger.distinct && Date.now() - last.at < 90_000) {
      await sleep(500);
      if (progress.latestStored() !== last.stored) last = { stored: progress.latestStored(), at: Date.now() };
    }
    const drainedAt = Date.now();
    // A little longer, so that a late replay would show up as a duplicate.
    await sleep(5000);
    await progress.stop();
    shuttingDown = true;
    for (const child of [...children]) await stop(child);

    log('reading the DLQ and comparing the stores with the truth');
    const dlq = await checkDlq(services.kafkaBrokers, stats.malformedSent, runId);
    const truth = new Truth(universe);
    for (let seq = 0; seq < events; seq += 1) if (ledger.acked[seq] === 1) truth.add(specAt(seq, universe));
    const { lostSeqs, ...offline } = await compareOffline(setup.db, ledger, tenantIds, universe);
    const loss =
      lostSeqs.length > 0 ? await locateLoss(services.kafkaBrokers, lostSeqs, events, runId) : undefined;
    if (loss) log(`lost events: ${JSON.stringify(loss)}`);
    const features = await compareFeatures(setup.db, truth, tenantIds);
    if (features.examples.length > 0) log(`feature mismatches: ${features.examples.join('; ')}`);

    const faultResults = faults.records.map((record) => ({
      kind: record.kind,
      at: Number(record.atShare.toFixed(3)),
      downSeconds: Number(((record.repairedAt - record.startedAt) / 1000).toFixed(1)),
      // Events lost for good can never be caught up with: the target leaves them out.
      ...recoveryAfter(
        progress.samples,
        record.repairedAt,
        record.ackedAtRepair - ledger.ackedBy(lostSeqs, record.repairedAt),
      ),
      ...(record.detail ? { detail: record.detail } : {}),
      ...(Object.keys(record.clientErrors).length > 0 ? { clientErrors: record.clientErrors } : {}),
    }));
    const recoveries = faultResults.map((f) => f.recoverySeconds);
    const totalSeconds = (drainedAt - startedAt) / 1000;
    const result = {
      events: ledger.distinct,
      lost: Math.max(offline.lost, features.lost),
      duplicated: Math.max(offline.duplicated, features.duplicated),
      dlqUnexpected: dlq.unexpected,
      apiErrors5xx: stats.apiErrors5xx + stats.apiNetworkErrors,
      recoverySeconds: recoveries.includes(null) ? null : Math.max(...(recoveries as number[])),
      eventsPerSec: Math.round(ledger.distinct / totalSeconds),
      drained: progress.latestStored() >= ledger.distinct,
      targetRatePerSec: rate,
      seconds: Number(totalSeconds.toFixed(1)),
      faults: faultResults,
      offline,
      ...(loss ? { loss } : {}),
      features: { lost: features.lost, duplicated: features.duplicated, mismatches: features.mismatches },
      dlq: {
        messages: dlq.messages,
        malformedSent: stats.malformedSent,
        malformedFound: dlq.expectedFound,
        malformedMissing: dlq.expectedMissing,
        malformedRepeats: dlq.expectedRepeats,
        reasons: dlq.reasons,
        ...(dlq.unexpectedExamples.length ? { unexpectedExamples: dlq.unexpectedExamples } : {}),
      },
      clients: { ...stats, resentDuplicates: ledger.withRepeats - ledger.distinct },
      workerCrashes,
      apiCrashes,
      topics,
      sessionTimeoutMs,
      universe: {
        tenants: universe.tenants,
        users: universe.tenants * universe.usersPerTenant,
        items: universe.tenants * universe.itemsPerTenant,
      },
      runId,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    shuttingDown = true;
    for (const child of [...children]) await stop(child, 5000).catch(() => {});
    await setup.close().catch(() => {});
    if (!values['keep-services']) {
      log('stopping the private services (--keep-services leaves them running)');
      await (await infra()).down({ root, log: (m) => log(`infra: ${m}`) });
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:faults failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
