/**
 * bench:api — recommendation latency and throughput against a trivial query on the same server.
 *
 * Seeds one tenant (default 100k users, 10k items, 1M interactions; --users/--items/--interactions),
 * trains ALS on it, starts the built API as a child process over loopback, and drives it with
 * autocannon: `{ __typename }` (the baseline: HTTP + auth + GraphQL, no work) and
 * `recommendations(count: 10)` for random users, each flat out; then recommendations at an offered
 * 1,000 requests/s, evenly paced (bench/paced-load.ts) and, for comparison, as autocannon's
 * per-connection bursts. Prints one JSON object last.
 *
 * Diagnostics: --only=baseline,recs,bursts,paced (a subset of the phases), --profile (V8 CPU
 * profiles of the server), --trace-gc (the server's GC log on its stdout), --server-node-args="…"
 * (Node flags for the server process only).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connect, interactions, items, migrate, models, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { createModel, createRng, InteractionBuilder } from '@tessera/models';
import autocannon from 'autocannon';
import { provisionTenant } from '../src/admin/provision.js';
import { API_NODE_FLAGS } from '../src/node-flags.js';
import {
  busiestOtherThreads,
  kafkaCpuMs,
  machineCpuMs,
  peakRssMb,
  postgresCpuMs,
  processCpuMs,
  selfCpuMs,
  serverLatencyBuckets,
  serverLatencyQuantileMs,
  serverLoopDelayMs,
  threadCpuMs,
} from './api-cpu.js';
import { pacedLoad } from './paced-load.js';

// `--name=value` (split at the first `=`, so a value may hold more) or a bare `--flag`.
const args = new Map(
  process.argv.slice(2).map((a) => {
    const [name = '', ...value] = a.replace(/^--/, '').split('=');
    return [name, value.join('=')] as [string, string];
  }),
);
const nUsers = Number(args.get('users') ?? 100_000);
const nItems = Number(args.get('items') ?? 10_000);
const nInteractions = Number(args.get('interactions') ?? 1_000_000);
const seconds = Number(args.get('seconds') ?? 15);
// Seconds at 1,000 req/s before the paced phase's measured ones (see pacedLoad's leadInSeconds).
const pacedLeadInSeconds = 3;
const log = (line: string) => process.stderr.write(`[bench:api] ${line}\n`);

/** PostgreSQL and Kafka from the environment, else the private ones of infra/local. Exposures go to Kafka, as in production. */
async function ensureServices(): Promise<void> {
  if (process.env.DATABASE_URL && process.env.KAFKA_BROKERS) return;
  const services = await import('../../../infra/local/services.mjs' as string);
  const status = await services.up({
    postgres: !process.env.DATABASE_URL,
    kafka: !process.env.KAFKA_BROKERS,
    log: (l: string) => log(l),
  });
  process.env.DATABASE_URL ||= status.databaseUrl;
  process.env.KAFKA_BROKERS ||= status.kafkaBrokers;
}

interface Seeded {
  url: string;
  readKey: string;
  interactions: number;
}

/** One tenant with the catalog, interactions and a trained, active ALS model. */
async function seed(database: TestDatabase): Promise<Seeded> {
  const started = performance.now();
  const tenant = await provisionTenant(database.db, {
    slug: 'bench',
    name: 'Bench',
    vertical: 'entertainment',
  });
  const random = createRng(7).next;
  log(`seeding ${nItems} items, ${nUsers} users, ${nInteractions} interactions…`);
  await withTenant(database.db, tenant.tenantId, async (tx) => {
    for (let i = 0; i < nItems; i += 5000) {
      await tx.insert(items).values(
        Array.from({ length: Math.min(5000, nItems - i) }, (_, k) => ({
          tenantId: tenant.tenantId,
          id: `i${i + k}`,
          title: `Item ${i + k}`,
          category: `c${(i + k) % 20}`,
        })),
      );
    }
  });
  // Zipf-like item popularity, each user with a taste for 2 of 20 categories.
  const builder = new InteractionBuilder();
  const seen = new Set<string>();
  const batch: { u: string; i: string }[] = [];
  let newest = new Date(0);
  const flush = async () => {
    if (batch.length === 0) return;
    const now = new Date();
    newest = now;
    await withTenant(database.db, tenant.tenantId, (tx) =>
      tx
        .insert(interactions)
        .values(
          batch.map((b) => ({
            tenantId: tenant.tenantId,
            userId: b.u,
            itemId: b.i,
            strength: 1,
            events: 1,
            lastTs: now,
          })),
        )
        .onConflictDoNothing(),
    );
    batch.length = 0;
  };
  for (let k = 0; k < nInteractions; k++) {
    const u = Math.floor(random() * nUsers);
    const category = ((u % 20) + (random() < 0.5 ? 0 : 7)) % 20;
    const rank = Math.floor((nItems / 20) * random() ** 2);
    const item = rank * 20 + category;
    const key = `${u}:${item}`;
    if (seen.has(key)) continue;
    seen.add(key);
    builder.add(`u${u}`, `i${item}`, 1, 0);
    batch.push({ u: `u${u}`, i: `i${item}` });
    if (batch.length === 10_000) {
      await flush();
      if (k % 200_000 < 10_000) log(`  ${k.toLocaleString()} interactions written`);
    }
  }
  await flush();
  const matrix = builder.build();
  log(`training ALS on ${seen.size.toLocaleString()} interactions…`);
  const model = createModel('als', { seed: 1 } as never);
  const report = await model.fit(matrix);
  await withTenant(database.db, tenant.tenantId, (tx) =>
    tx.insert(models).values({
      tenantId: tenant.tenantId,
      vertical: 'entertainment',
      algorithm: 'als',
      version: 1,
      status: 'active',
      artifact: model.save(),
      // As the trainer records it: the newest interaction read, so users with nothing newer are
      // served from their trained vectors (the rest are folded in).
      dataTo: newest,
      promotedAt: new Date(),
    }),
  );
  log(
    `seeded and trained in ${((performance.now() - started) / 1000).toFixed(1)} s (ALS ${report.trainSeconds.toFixed(1)} s)`,
  );
  return { url: database.url, readKey: tenant.keys.read, interactions: seen.size };
}

async function main() {
  await ensureServices();
  // --keep-db=FILE: seed once, keep the database and note it in FILE; later runs with the same flag reuse it.
  const keepFile = args.get('keep-db');
  const kept =
    keepFile && existsSync(keepFile) ? (JSON.parse(readFileSync(keepFile, 'utf8')) as Seeded) : null;
  const database = kept ? null : await createTestDatabase();
  const seeded = kept ?? (await seed(database!));
  if (keepFile && !kept) writeFileSync(keepFile, JSON.stringify(seeded));
  if (kept) {
    log(`reusing the database seeded in ${keepFile}`);
    // Migrations added since it was seeded (the server relies on them, e.g. 0011's notifications).
    const connection = await connect({ url: kept.url, poolSize: 1 });
    await migrate(connection);
    await connection.close();
  }

  const port = 4700 + Math.floor(Math.random() * 200);
  // --profile writes a V8 CPU profile of the server to .tessera/profiles for inspection.
  // The server runs with the Node flags it is deployed with (infra/k8s/api.yaml, `npm start -w
  // @tessera/api`); --server-node-args come after them, so a repeated flag overrides.
  const profile = [...API_NODE_FLAGS];
  if (args.has('profile')) profile.push('--cpu-prof', '--cpu-prof-dir=.tessera/profiles');
  if (args.has('trace-gc')) profile.push('--trace-gc');
  // Node flags for the server alone (not this load generator), e.g. --server-node-args=--max-semi-space-size=32.
  const serverNodeArgs = args.get('server-node-args');
  if (serverNodeArgs) profile.push(...serverNodeArgs.split(' ').filter(Boolean));
  const server = spawn(
    process.execPath,
    [...profile, fileURLToPath(new URL('../dist/main.js', import.meta.url))],
    {
      env: {
        ...process.env,
        DATABASE_URL: seeded.url,
        API_PORT: String(port),
        LOG_LEVEL: 'warn',
        RATE_LIMIT_QUERIES_PER_SECOND: '1000000',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const spawned = performance.now();
  let ready = false;
  // Up to 2 minutes: the server preloads its tenants' user states before it says ready.
  for (let i = 0; i < 600 && !ready && server.exitCode === null; i++) {
    ready = await fetch(`${url}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (!ready) await new Promise((r) => setTimeout(r, 200));
  }
  // A server that never came up would turn every figure below into errors: stop here instead.
  if (!ready) {
    server.kill('SIGKILL');
    throw new Error(
      `the API server did not become ready (exit code ${server.exitCode}); see its output above`,
    );
  }
  log(`server ready after ${((performance.now() - spawned) / 1000).toFixed(1)} s`);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${seeded.readKey}` };
  const recommendationsRequest = {
    method: 'POST' as const,
    path: '/graphql',
    headers,
    setupRequest: (request: Record<string, unknown>) => ({
      ...request,
      body: JSON.stringify({
        query: 'query($u: ID!) { recommendations(userId: $u, count: 10) { items { itemId score } } }',
        variables: { u: `u${Math.floor(Math.random() * nUsers)}` },
      }),
    }),
  };
  const cpuMsPerRequest = new Map<string, number>();
  // The event loop's own share (the rest: GC helpers, the exposure worker, libuv's pool).
  const mainThreadCpuMsPerRequest = new Map<string, number>();
  // Where the rest of the two cores went: PostgreSQL, the load generator, the machine as a whole.
  const otherCpuMsPerRequest = new Map<string, Record<string, number>>();
  const serverOtherThreads = new Map<string, number[]>();
  const serverSideLatency = new Map<string, { p50AtMostMs: number; p99AtMostMs: number }>();
  const run = async (name: string, options: Record<string, unknown>) => {
    log(`${name}…`);
    const meters = {
      server: () => processCpuMs(server.pid),
      serverMainThread: () => processCpuMs(server.pid, true),
      postgres: postgresCpuMs,
      loadGenerator: selfCpuMs,
      kafka: kafkaCpuMs,
      machine: machineCpuMs,
    };
    const before = Object.fromEntries(Object.entries(meters).map(([k, meter]) => [k, meter()]));
    const threadsBefore = threadCpuMs(server.pid);
    const latencyBefore = await serverLatencyBuckets(url);
    const instance = autocannon({ url, connections: 16, duration: seconds, ...options });
    const result = (await once(instance, 'done'))[0] as autocannon.Result;
    // CPU time per request: unlike req/s, it barely moves when other work shares the cores.
    const perRequest = Object.fromEntries(
      Object.entries(meters).map(([k, meter]) => [
        k,
        Number(((meter() - before[k]!) / Math.max(1, result.requests.total)).toFixed(3)),
      ]),
    );
    cpuMsPerRequest.set(name, perRequest.server!);
    mainThreadCpuMsPerRequest.set(name, perRequest.serverMainThread!);
    otherCpuMsPerRequest.set(name, {
      postgres: perRequest.postgres!,
      loadGenerator: perRequest.loadGenerator!,
      kafka: perRequest.kafka!,
      machine: perRequest.machine!,
    });
    const latencyAfter = await serverLatencyBuckets(url);
    serverSideLatency.set(name, {
      p50AtMostMs: serverLatencyQuantileMs(latencyBefore, latencyAfter, 0.5),
      p99AtMostMs: serverLatencyQuantileMs(latencyBefore, latencyAfter, 0.99),
    });
    // The ranking thread, the exposure thread, GC helpers: whichever worked hardest.
    serverOtherThreads.set(
      name,
      busiestOtherThreads(server.pid, threadsBefore, threadCpuMs(server.pid), result.requests.total),
    );
    log(
      `  ${name}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx}, CPU ms/request: ${JSON.stringify(perRequest)}`,
    );
    return result;
  };
  // Warm the model cache and the JIT.
  await run('warm-up', { duration: 3, requests: [recommendationsRequest] });
  // --only=recs,paced (any of baseline, recs, bursts, paced) runs just those phases, e.g. for a profile.
  const only = args.get('only')?.split(',');
  const runs = (phase: string) => !only || only.includes(phase);
  const skipped = {
    requests: { average: 0 },
    latency: { p50: 0, p99: 0 },
    errors: 0,
    non2xx: 0,
  } as unknown as autocannon.Result;
  const baseline = runs('baseline')
    ? await run('baseline { __typename }', {
        requests: [
          { method: 'POST', path: '/graphql', headers, body: JSON.stringify({ query: '{ __typename }' }) },
        ],
      })
    : skipped;
  const recs = runs('recs')
    ? await run('recommendations flat out', { requests: [recommendationsRequest] })
    : skipped;
  const bursts = runs('bursts')
    ? await run('recommendations at 1,000 req/s (autocannon overallRate: per-connection bursts)', {
        requests: [recommendationsRequest],
        overallRate: 1000,
        connections: 32,
      })
    : skipped;
  log(
    `recommendations at an evenly offered 1,000 req/s (open loop, after a ${pacedLeadInSeconds} s lead-in)…`,
  );
  const pacedCpuBefore = {
    server: processCpuMs(server.pid),
    serverMainThread: processCpuMs(server.pid, true),
    postgres: postgresCpuMs(),
    loadGenerator: selfCpuMs(),
    kafka: kafkaCpuMs(),
    machine: machineCpuMs(),
  };
  const pacedThreadsBefore = threadCpuMs(server.pid);
  const pacedLatencyBefore = await serverLatencyBuckets(url);
  await serverLoopDelayMs(url); // restarts the server's delay monitor for this phase
  const paced = runs('paced')
    ? await pacedLoad({
        url,
        headers,
        body: () => recommendationsRequest.setupRequest({}).body,
        ratePerSec: 1000,
        seconds,
        leadInSeconds: pacedLeadInSeconds,
      })
    : {
        achievedRps: 0,
        p50Ms: 0,
        p99Ms: 0,
        maxMs: 0,
        p99MsBySecond: [],
        leadInP99Ms: 0,
        errors: 0,
        errorReasons: {},
        generatorLoopDelayP99Ms: 0,
        generatorLoopDelayMaxMs: 0,
        generatorCpuMsPerRequest: 0,
      };
  // At an even 1,000/s each request is handled nearly alone, without the batching of a full queue:
  // the main thread's share per request here is what sets the queueing delay at the tail.
  // The server's CPU is read over the lead-in too.
  const pacedRequests = Math.max(1, paced.achievedRps * (seconds + pacedLeadInSeconds));
  let pacedServerLoopDelay = { p99: 0, max: 0 };
  if (runs('paced')) {
    // From the request's headers parsed to its answer written: what the load generator's own
    // delays and the wait in the socket before the server reads it do not count in.
    pacedServerLoopDelay = await serverLoopDelayMs(url);
    const pacedLatencyAfter = await serverLatencyBuckets(url);
    serverSideLatency.set('recommendations paced at 1,000 req/s', {
      p50AtMostMs: serverLatencyQuantileMs(pacedLatencyBefore, pacedLatencyAfter, 0.5),
      p99AtMostMs: serverLatencyQuantileMs(pacedLatencyBefore, pacedLatencyAfter, 0.99),
    });
    cpuMsPerRequest.set(
      'recommendations paced at 1,000 req/s',
      Number(((processCpuMs(server.pid) - pacedCpuBefore.server) / pacedRequests).toFixed(3)),
    );
    mainThreadCpuMsPerRequest.set(
      'recommendations paced at 1,000 req/s',
      Number(((processCpuMs(server.pid, true) - pacedCpuBefore.serverMainThread) / pacedRequests).toFixed(3)),
    );
    const pacedShare = (now: number, before: number) => Number(((now - before) / pacedRequests).toFixed(3));
    otherCpuMsPerRequest.set('recommendations paced at 1,000 req/s', {
      postgres: pacedShare(postgresCpuMs(), pacedCpuBefore.postgres),
      loadGenerator: pacedShare(selfCpuMs(), pacedCpuBefore.loadGenerator),
      kafka: pacedShare(kafkaCpuMs(), pacedCpuBefore.kafka),
      machine: pacedShare(machineCpuMs(), pacedCpuBefore.machine),
    });
    serverOtherThreads.set(
      'recommendations paced at 1,000 req/s',
      busiestOtherThreads(server.pid, pacedThreadsBefore, threadCpuMs(server.pid), pacedRequests),
    );
  }
  log(`  paced: ${JSON.stringify(paced)}`);
  // How many concurrent requests shared each user-state query, from the server's own metrics.
  const metricsText = await fetch(`${url}/metrics`).then((r) => r.text());
  const metric = (name: string) =>
    Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metricsText)?.[1] ?? Number.NaN);
  const usersPerBatch =
    metric('tessera_api_user_state_batch_users_sum') / metric('tessera_api_user_state_batch_users_count');
  // How the trained users' candidate lists served: answered from memory, filled on a miss, too few
  // left after the user's own items (scored live), and the memory they held.
  const trainedCandidates = Object.fromEntries(
    ['hits', 'misses', 'short', 'filled', 'bytes', 'left'].map((stat) => [
      stat,
      metric(`tessera_api_trained_candidates\\{stat="${stat}"\\}`),
    ]),
  );
  // What the server's Node flags (a young generation and old-space growth sized for fewer pauses)
  // cost in memory, next to the pod's limit in infra/k8s/api.yaml.
  const serverPeakRssMb = peakRssMb(server.pid);
  server.kill('SIGTERM');
  await once(server, 'exit');
  if (keepFile) await database?.close();
  else await database?.drop();
  const errors =
    baseline.errors +
    baseline.non2xx +
    recs.errors +
    recs.non2xx +
    bursts.errors +
    bursts.non2xx +
    paced.errors;
  console.log(
    JSON.stringify({
      rps: Math.round(recs.requests.average),
      p50Ms: recs.latency.p50,
      p99Ms: recs.latency.p99,
      // Evenly offered: one request every millisecond, open loop, latency from each one's due time.
      p99MsAt1000Rps: paced.p99Ms,
      p50MsAt1000Rps: paced.p50Ms,
      p99MsAt1000RpsBySecond: paced.p99MsBySecond,
      // The paced phase's first seconds, not counted above (see pacedLoad's leadInSeconds).
      p99MsAt1000RpsLeadIn: paced.leadInP99Ms,
      achievedRpsAt1000: paced.achievedRps,
      // autocannon's overallRate: the same 1,000/s, but each connection's quota sent as a burst.
      p99MsAt1000RpsInBursts: bursts.latency.p99,
      baselineRps: Math.round(baseline.requests.average),
      ratioToBaseline: Number((recs.requests.average / baseline.requests.average).toFixed(3)),
      errors,
      pacedErrorReasons: paced.errorReasons,
      pacedGeneratorLoopDelayP99Ms: paced.generatorLoopDelayP99Ms,
      pacedGeneratorLoopDelayMaxMs: paced.generatorLoopDelayMaxMs,
      pacedServerLoopDelayMs: pacedServerLoopDelay,
      serverCpuMsPerRequest: Object.fromEntries(cpuMsPerRequest),
      serverMainThreadCpuMsPerRequest: Object.fromEntries(mainThreadCpuMsPerRequest),
      otherCpuMsPerRequest: Object.fromEntries(otherCpuMsPerRequest),
      serverBusiestOtherThreadsCpuMsPerRequest: Object.fromEntries(serverOtherThreads),
      serverSideLatencyBuckets: Object.fromEntries(serverSideLatency),
      userStateUsersPerBatch: Number(usersPerBatch.toFixed(2)),
      trainedCandidates,
      serverPeakRssMb,
      setup: {
        users: nUsers,
        items: nItems,
        interactions: seeded.interactions,
        seconds,
        pacedLeadInSeconds,
        connections: 16,
        cores: 2,
        note: 'server, load generator and PostgreSQL share the machine',
      },
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
