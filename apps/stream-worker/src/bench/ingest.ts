/**
 * npm run bench:ingest [-- --events N]
 * Generates a realistic stream (10 tenants, 100k users, 20k items, Zipf-skewed items, the full
 * type mix, some malformed, some re-sent), produces it to Kafka, runs the worker over the backlog,
 * then a live phase at half the measured rate for visibility latency (its producer in a process
 * of its own, bench/live-producer.ts), and compares the feature store with counts computed
 * independently from what was produced. Progress on stderr; one JSON object last on stdout.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '@tessera/db/testing';
import { createKafkaTransport } from '@tessera/events';
import { defaultInteractionWeights } from '../features/weights.js';
import { createLogger } from '../logger.js';
import { compareWithTruth } from '../testing/compare.js';
import { createTenants } from '../testing/harness.js';
import { generateStream, parseClock } from '../testing/stream.js';
import { truthBuilder } from '../testing/truth.js';
import { startStreamWorker } from '../worker.js';
import { startCpuMeter, startProfile } from './cpu.js';
import { type LiveSpec, liveEventCount, liveTicks } from './live-producer.js';
import { benchServices, kafkaConsumerCeiling } from './services.js';

const log = (line: string) => process.stderr.write(`[bench:ingest] ${line}\n`);
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    partitions: { type: 'string', default: '6' },
    // live: event times seconds old, as a real-time feed; backfill: spread over two days (history import).
    clock: { type: 'string', default: 'live' },
    // Group members in the worker process (see StreamWorkerConfig.consumers).
    consumers: { type: 'string', default: '2' },
    // Concurrent write transactions (StreamWorkerConfig.writeLanes; default: the worker's own).
    lanes: { type: 'string' },
    // true: fetch while earlier batches are stored (StreamWorkerConfig.pipelined); false: one batch per consumer at a time.
    pipelined: { type: 'string', default: 'false' },
    // Events/s of the visibility phase (default: half the measured backlog rate, as the issue asks).
    'live-rate': { type: 'string' },
  },
});
const clock = parseClock(values.clock);
const events = Number(values.events);
if (!Number.isInteger(events) || events < 1000) throw new Error('--events must be an integer ≥ 1000');
const tenantCount = 10;
const usersPerTenant = 10_000;
const itemsPerTenant = 2_000;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

/** The p99 latency of the events sent in each second of the live phase, in order. */
function p99BySecond(sentAt: number[], latencies: number[]): number[] {
  if (sentAt.length === 0) return [];
  const first = sentAt.reduce((min, t) => Math.min(min, t), Number.POSITIVE_INFINITY);
  const seconds: number[][] = [];
  for (let k = 0; k < sentAt.length; k++) {
    const second = Math.floor(((sentAt[k] as number) - first) / 1000);
    const values = seconds[second] ?? [];
    values.push(latencies[k] as number);
    seconds[second] = values;
  }
  return Array.from(seconds, (values = []) =>
    percentile(
      values.sort((a, b) => a - b),
      0.99,
    ),
  );
}

/**
 * Runs bench/live-producer.ts in its own process; `onSending` runs when it starts sending (after
 * its start-up), and the promise resolves with the send time of each tick.
 */
function runLiveProducer(spec: LiveSpec, onSending: () => void): Promise<string[]> {
  const script = fileURLToPath(new URL('./live-producer.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let sending = false;
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
      // A line of its own: Node flags passed on to the child (--trace-gc) print to stdout too.
      if (!sending && /(^|\n)sending\n/.test(out)) {
        sending = true;
        onSending();
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the live producer exited with code ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[]);
    });
  });
}

async function main() {
  const { kafkaBrokers } = await benchServices(log);
  const database = await createTestDatabase();
  const suffix = randomBytes(4).toString('hex');
  const topic = `bench-events-${suffix}`;
  const dlqTopic = `bench-dlq-${suffix}`;
  const transport = createKafkaTransport({ brokers: kafkaBrokers });
  try {
    const tenants = await createTenants(database.db, tenantCount);
    const truth = truthBuilder(defaultInteractionWeights);
    await transport.ensureTopic(topic, Number(values.partitions));
    const producer = await transport.producer();

    log(`producing ${events} events to ${topic}`);
    let produced = 0;
    let malformed = 0;
    const producedAt = performance.now();
    let chunk: { key: string; value: Buffer }[] = [];
    const inflight: Promise<void>[] = [];
    // The truth is built after the run from the same seeded stream (regenerated): held during the
    // run, its maps (every user, item and pair) would sit in this process's heap, and the worker's
    // garbage collector would pay for them in its CPU figure.
    const backlogSpec = {
      events,
      tenantIds: tenants,
      unknownTenantId: randomUUID(),
      users: usersPerTenant,
      items: itemsPerTenant,
      malformedRate: 0.001,
      duplicateRate: 0.005,
      clock,
      now: new Date(),
    };
    const stream = generateStream(backlogSpec);
    for (const message of stream) {
      if (!message.event) malformed += 1;
      chunk.push({ key: message.key, value: message.value });
      if (chunk.length === 20_000) {
        inflight.push(producer.send(topic, chunk));
        chunk = [];
        if (inflight.length >= 3) await inflight.shift();
      }
      produced += 1;
      if (produced % 200_000 === 0) log(`produced ${produced}`);
    }
    inflight.push(producer.send(topic, chunk));
    await Promise.all(inflight);
    log(
      `produced ${produced} in ${((performance.now() - producedAt) / 1000).toFixed(1)} s (${malformed} malformed)`,
    );

    const groupId = `bench-${suffix}`;
    const latencies: number[] = [];
    // Each live event's send time next to its latency, for the per-second p99s of the live phase.
    const sentAt: number[] = [];
    let live = false;
    // The clock starts when the first batch arrives: the group join before it is not ingest work,
    // and the first commit comes too late (it holds the whole first fetch, tens of thousands of events).
    let startedAt = 0;
    // From before the worker starts (the group join costs next to nothing) to the end of the backlog.
    const cpu = await startCpuMeter(database.db);
    const profile = await startProfile();
    const worker = await startStreamWorker({
      kafkaBrokers,
      connection: database,
      topic,
      dlqTopic,
      groupId,
      logIntervalSeconds: 5,
      consumers: Number(values.consumers),
      ...(values.lanes ? { writeLanes: Number(values.lanes) } : {}),
      pipelined: values.pipelined === 'true',
      // Logs to stderr: stdout carries only the result.
      logger: createLogger(process.env.LOG_LEVEL ?? 'warn', 2),
      onBatchStart: () => {
        if (startedAt === 0) startedAt = performance.now();
      },
      onCommitted: (inserted) => {
        if (!live) return;
        const now = Date.now();
        for (const event of inserted) {
          const sent = Date.parse(event.receivedAt);
          latencies.push(now - sent);
          sentAt.push(sent);
        }
      },
    });
    const consumed = async () =>
      (await worker.metrics.consumed.get()).values.reduce((sum, v) => sum + v.value, 0);
    const groupLag = async () =>
      [...(await transport.groupLag(groupId, topic)).values()].reduce((sum, n) => sum + n, 0n);
    /**
     * Until the worker has counted `target` messages and the group's committed offsets reach the
     * topic's end. The count alone can run ahead: a batch redelivered after a rebalance counts
     * again, as duplicates. Fails, instead of waiting for ever, when the count stops for a minute.
     */
    const processed = async (target: number, phase: string) => {
      let last = -1;
      let movedAt = performance.now();
      for (;;) {
        const count = await consumed();
        if (count !== last) {
          last = count;
          movedAt = performance.now();
        }
        if (count >= target && (await groupLag()) === 0n) return;
        if (performance.now() - movedAt > 60_000)
          throw new Error(
            `${phase}: the worker counted ${count} of ${target} messages and the group's lag is ${await groupLag()}; nothing moved for 60 s`,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await processed(produced, 'backlog');
    const seconds = (performance.now() - startedAt) / 1000;
    const cpuUsPerEvent = await cpu.perEvent(produced);
    const backlogInsertFallbacks = (await worker.metrics.insertFallbacks.get()).values[0]?.value ?? 0;
    await profile.stop();
    const eventsPerSec = produced / seconds;
    log(`backlog consumed: ${Math.round(eventsPerSec)} events/s over ${seconds.toFixed(1)} s`);

    // Live phase: half the measured rate, every event stamped when it is sent.
    const liveRate = values['live-rate']
      ? Number(values['live-rate'])
      : Math.max(100, Math.floor(eventsPerSec / 2));
    live = true;
    const liveSpec: LiveSpec = {
      brokers: kafkaBrokers,
      topic,
      ratePerSec: liveRate,
      seconds: 10,
      tickMs: 50,
      tenantIds: tenants,
      users: usersPerTenant,
      items: itemsPerTenant,
      clock,
    };
    // The live phase's CPU, from the producer's first send until the worker has consumed the last
    // event, the producer's process included in `machine`: at half the backlog rate small groups
    // cost more per event, and how busy the machine is sets the queueing in the visibility.
    let liveCpu: ReturnType<typeof startCpuMeter> | undefined;
    const stamps = await runLiveProducer(liveSpec, () => {
      liveCpu = startCpuMeter(database.db);
    });
    // The live events are rebuilt for the truth only once the worker has consumed them all: rebuilt
    // earlier, on this event loop, they held up the worker's last commits by ~1 s (and its p99 with them).
    const liveExpected = liveEventCount(liveSpec);
    await processed(produced + liveExpected, 'live phase');
    if (!liveCpu) throw new Error('the live producer never said it was sending');
    const liveCpuUsPerEvent = await (await liveCpu).perEvent(liveExpected);
    let liveCount = 0;
    for await (const tick of liveTicks(liveSpec, (i) => stamps[i] as string)) {
      for (const event of tick) truth.add(event);
      liveCount += tick.length;
    }
    if (liveCount !== liveExpected)
      throw new Error(`the live phase rebuilt ${liveCount} events, expected ${liveExpected}`);
    const dlq = (await worker.metrics.dlq.get()).values.reduce((sum, v) => sum + v.value, 0);
    await worker.stop();
    const bySecond = p99BySecond(sentAt, latencies);
    latencies.sort((a, b) => a - b);
    log(`live phase p99 by second sent: ${bySecond.join(', ')} ms`);
    log(
      `live phase: ${liveCount} events at ${liveRate}/s, p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms`,
    );

    log('comparing the feature store with the independently computed truth');
    for (const message of generateStream(backlogSpec)) if (message.event) truth.add(message.event);
    const comparison = await compareWithTruth(database.db, truth.truth);
    if (comparison.mismatches > 0) log(`mismatches: ${comparison.examples.join('; ')}`);
    log('running Kafka ConsumerPerformance on the same topic for the ceiling');
    const ceiling = await kafkaConsumerCeiling(kafkaBrokers, topic, produced);

    const result = {
      events: produced,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSec: Math.round(eventsPerSec),
      p50VisibilityMs: percentile(latencies, 0.5),
      p99VisibilityMs: percentile(latencies, 0.99),
      kafkaCeilingPerSec: Math.round(ceiling.fetchPerSec),
      ratioToCeiling: Number((eventsPerSec / ceiling.fetchPerSec).toFixed(4)),
      dlq,
      lost: comparison.lost,
      duplicated: comparison.duplicated,
      malformedProduced: malformed,
      featureMismatches: comparison.mismatches,
      // Backlog transactions whose plain insert met a stored event id (the stream's repeats that
      // straddle two transactions) and were written again with a per-event check.
      backlogInsertFallbacks,
      liveRatePerSec: liveRate,
      // Whether a high p99 is one slow stretch (a checkpoint, autovacuum after the backlog) or all of it.
      p99VisibilityMsBySecond: bySecond,
      liveEvents: liveCount,
      kafkaCeilingIncludingRebalancePerSec: Math.round(ceiling.perSec),
      partitions: Number(values.partitions),
      consumers: Number(values.consumers),
      writeLanes: values.lanes ? Number(values.lanes) : 'default',
      pipelined: values.pipelined === 'true',
      clock,
      // CPU per event while the backlog was consumed: the worker process, PostgreSQL's backends,
      // the Kafka broker, and the whole machine (anything else running included).
      cpuUsPerEvent,
      // The same during the live phase; `machine` includes the live producer's process.
      liveCpuUsPerEvent,
      tenants: tenantCount,
      users: tenantCount * usersPerTenant,
      items: tenantCount * itemsPerTenant,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    // A bench run's topics (a million events each) would otherwise pile up in the dev broker.
    await transport
      .deleteTopics([topic, dlqTopic])
      .catch((error: unknown) => log(`could not delete the bench topics: ${(error as Error).message}`));
    await transport.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
