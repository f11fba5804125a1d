import { assertMigrated, type Connection, connect, type Db, migrate, sql, withPlatform } from '@tessera/db';
import {
  createKafkaTransport,
  createLocalTransport,
  DLQ_TOPIC,
  EVENTS_TOPIC,
  type EventEnvelope,
  type Transport,
} from '@tessera/events';
import { type InteractionWeights, mergeWeights } from './features/weights.js';
import { createLogger, type Logger } from './logger.js';
import { createWorkerMetrics, type ReadinessCheck, serveMetrics, type WorkerMetrics } from './metrics.js';
import { createBatchHandler } from './pipeline.js';
import { startBucketSealer } from './rollups/bucket-sealer.js';
import { startEngagementRefresher } from './rollups/engagement-refresher.js';
import { scoreSentiment } from './sentiment.js';
import { ensureEventPartitions } from './store/write-batch.js';
import { TenantDirectory } from './tenants.js';

export interface StreamWorkerConfig {
  /** Kafka bootstrap brokers; without them the worker reads the durable local log. */
  kafkaBrokers?: string[];
  /** Local log directory (default `.tessera/events`), used when no brokers are given. */
  localLogDir?: string;
  /** An open database connection (the in-process orchestrator shares its own). */
  connection?: Connection;
  /** Otherwise: a PostgreSQL URL, or PGlite in `pgliteDir` (default `.tessera/pglite`) when absent. */
  databaseUrl?: string;
  pgliteDir?: string;
  /** Apply pending migrations to the connection the worker opens itself (default: only for PGlite). */
  migrate?: boolean;
  /** Kafka consumer session timeout (default 30 s): how long a dead worker keeps its partitions. */
  sessionTimeoutMs?: number;
  /**
   * Kafka partitions handled at once (default 12). Their batches are decoded side by side and
   * written together in one transaction (group commit), so this should cover the topic's partitions.
   */
  concurrency?: number;
  /**
   * Kafka consumers (group members) this process runs (default 2), all feeding one group commit.
   * A member's fetch waits until its batches are stored; with two, one decodes its next fetch
   * while the other's rows are being written, so decoding and writing overlap.
   */
  consumers?: number;
  /**
   * Transactions written at the same time, each holding other tenants (default 2 on a PostgreSQL
   * server; 1 on PGlite, which runs one statement at a time). On this two-core machine, with
   * PostgreSQL and the broker beside the worker, 400k events: 2 lanes 10,672 events/s and
   * visibility p99 557 ms at 4,000/s; 1 lane 7,083 events/s and 798 ms.
   */
  writeLanes?: number;
  /** Consumer group (default `tessera-stream-worker`). */
  groupId?: string;
  topic?: string;
  dlqTopic?: string;
  /** Partitions given to `events.v1` when the worker creates it (default 6). */
  topicPartitions?: number;
  /** Interaction weights per event type; negative values are negative feedback. */
  weights?: Partial<InteractionWeights>;
  /** Serve Prometheus metrics on this port (0: any free port); no server when absent. */
  metricsPort?: number;
  logger?: Logger;
  /** Seconds between rate log lines (default 10). */
  logIntervalSeconds?: number;
  /** Seconds between refreshes of active tenants' engagement snapshots (default 300; 0: off). */
  engagementRefreshSeconds?: number;
  /** Seconds between looks for finished days to seal into item day buckets (default 60; 0: off, readers then sum hours). */
  bucketSealSeconds?: number;
  /**
   * Kafka only: fetch the next batch while earlier ones are being stored; offsets are still
   * committed in order, each once its rows are. Default false (one batch per consumer at a time):
   * at bench:ingest's 1M events stop-and-wait was faster and its visibility p99 lower, in every pair
   * measured; pipelining lowered the p50 only on smaller tables.
   */
  pipelined?: boolean;
  /**
   * Kafka, stop-and-wait only: a fetch is answered once this many compressed bytes are ready
   * (default 32 KiB, ~1,100 bench events) or after `fetchMaxWaitMs` (default 200 ms). A backlog
   * fills every fetch anyway; a live stream otherwise came as whatever arrived during the last
   * write, groups of a few hundred events, each paying a transaction's fixed costs and merging
   * little. bench:ingest, 300k events, live phase at 9,800/s (half a fast backlog), 5 interleaved
   * pairs: visibility p99 618/673/680/501/772 ms against 605/1,043/1,004/714/812 with kafkajs's
   * 1 byte and 100 ms, p50 296–412 against 368–488, machine CPU 170–178 µs/event against 173–181.
   * 64 KiB and 300 ms saved more CPU (160–162) but waited too long (p99 795–867).
   */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
  /** Called after every committed batch with the events it stored. */
  onCommitted?: (inserted: EventEnvelope[]) => void;
  /** Called when a batch arrives, before it is decoded (the benchmark starts its clock there). */
  onBatchStart?: () => void;
}

export interface StreamWorker {
  metrics: WorkerMetrics;
  /** Where /metrics is served, when a port was configured. */
  metricsUrl: string | undefined;
  /** Finishes the batch in flight, commits, disconnects. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts consuming and returns once the consumer runs; the process entry point and `npm start` both use it. */
export async function startStreamWorker(config: StreamWorkerConfig = {}): Promise<StreamWorker> {
  const log = config.logger ?? createLogger();
  const metrics = createWorkerMetrics();
  const ownConnection = config.connection
    ? undefined
    : await connect({ url: config.databaseUrl, dataDir: config.pgliteDir, poolSize: 5 });
  if (ownConnection && (config.migrate ?? ownConnection.driver === 'pglite')) await migrate(ownConnection);
  // Said at start, with what to do, rather than on the first write to a missing table.
  if (ownConnection)
    await assertMigrated(ownConnection).catch(async (error: unknown) => {
      await ownConnection.close();
      throw error;
    });
  const connection = (config.connection ?? ownConnection) as Connection;
  const db: Db = connection.db;
  const topic = config.topic ?? EVENTS_TOPIC;
  const dlqTopic = config.dlqTopic ?? DLQ_TOPIC;
  const groupId = config.groupId ?? 'tessera-stream-worker';
  const transport: Transport =
    config.kafkaBrokers && config.kafkaBrokers.length > 0
      ? createKafkaTransport({
          brokers: config.kafkaBrokers,
          clientId: 'tessera-stream-worker',
          partitionsConsumedConcurrently: config.concurrency ?? 12,
          fetchMinBytes: config.fetchMinBytes ?? 32 * 1024,
          fetchMaxWaitMs: config.fetchMaxWaitMs ?? 200,
          ...(config.sessionTimeoutMs ? { sessionTimeoutMs: config.sessionTimeoutMs } : {}),
        })
      : createLocalTransport({
          dir: config.localLogDir ?? '.tessera/events',
          onConsumerError: (error) => {
            metrics.batchFailures.inc();
            log.error({ err: error }, 'batch failed; retrying from the last committed offset');
          },
        });

  await ensureEventPartitions(db);
  await transport.ensureTopic(topic, config.topicPartitions ?? 6);
  await transport.ensureTopic(dlqTopic, 1);
  const dlqProducer = await transport.producer();
  // The local log has one reader per group.
  const consumerCount = transport.kind === 'kafka' ? Math.max(1, config.consumers ?? 2) : 1;
  const consumers = await Promise.all(
    Array.from({ length: consumerCount }, () =>
      transport.consumer({ groupId, topic, pipelined: config.pipelined ?? false }),
    ),
  );
  const handler = createBatchHandler({
    db,
    dlqProducer,
    dlqTopic,
    tenants: new TenantDirectory(db),
    weights: mergeWeights(config.weights),
    scoreSentiment,
    metrics,
    log,
    writeLanes: config.writeLanes ?? (connection.driver === 'pglite' ? 1 : 2),
    ...(config.onCommitted ? { onCommitted: config.onCommitted } : {}),
    ...(config.onBatchStart ? { onBatchStart: config.onBatchStart } : {}),
  });
  await Promise.all(consumers.map((consumer) => consumer.run(handler)));
  let stopping: Promise<void> | undefined;
  const readiness: ReadinessCheck = async () => {
    if (stopping) return { ready: false, reason: 'stopping' };
    const ping = withPlatform(db, (tx) => tx.execute(sql`select 1`));
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2_000).unref());
    if ((await Promise.race([ping, timeout])) === 'timeout')
      return { ready: false, reason: 'the database did not answer within 2 s' };
    return { ready: true };
  };
  const server =
    config.metricsPort === undefined
      ? undefined
      : await serveMetrics(metrics.registry, config.metricsPort, undefined, readiness);
  const reporter = startRateReporter(metrics, log, config.logIntervalSeconds ?? 10);
  const refreshSeconds = config.engagementRefreshSeconds ?? 300;
  const refresher = refreshSeconds > 0 ? startEngagementRefresher(db, log, refreshSeconds) : undefined;
  const sealSeconds = config.bucketSealSeconds ?? 60;
  const sealer = sealSeconds > 0 ? startBucketSealer(db, log, { seconds: sealSeconds }) : undefined;
  log.info(
    { transport: transport.kind, database: connection.target, topic, groupId, metrics: server?.url },
    'stream-worker started',
  );

  return {
    metrics,
    metricsUrl: server?.url,
    stop() {
      stopping ??= (async () => {
        clearInterval(reporter);
        await refresher?.stop();
        await sealer?.stop();
        // Batches handed out from now on wait for their own commits, so the consumers' stop
        // waits for them; the ones already pipelined are waited for here, before the consumers
        // leave the group (an offset commit after that would be refused, and the batch replayed).
        handler.quiesce();
        await handler.drain();
        await Promise.all(consumers.map((consumer) => consumer.stop()));
        await handler.drain();
        await dlqProducer.close();
        await transport.close();
        await server?.close();
        await ownConnection?.close();
        log.info('stream-worker stopped');
      })();
      return stopping;
    },
  };
}

/** Logs consumed/s, stored/s and DLQ/s every interval, and keeps the consumed/s gauge current. */
function startRateReporter(metrics: WorkerMetrics, log: Logger, seconds: number): NodeJS.Timeout {
  const totals = async () => {
    const values = (await metrics.consumed.get()).values;
    const sum = (outcome?: string) =>
      values
        .filter((v) => outcome === undefined || v.labels.outcome === outcome)
        .reduce((acc, v) => acc + v.value, 0);
    return { consumed: sum(), stored: sum('stored'), rejected: sum('rejected') };
  };
  let previous = { consumed: 0, stored: 0, rejected: 0 };
  const timer = setInterval(() => {
    void totals().then((now) => {
      const rate = (key: keyof typeof now) => Math.round((now[key] - previous[key]) / seconds);
      metrics.consumedRate.set(rate('consumed'));
      if (now.consumed !== previous.consumed) {
        log.info(
          {
            consumedPerSec: rate('consumed'),
            storedPerSec: rate('stored'),
            dlqPerSec: rate('rejected'),
            totals: now,
          },
          'ingest rate',
        );
      }
      previous = now;
    });
  }, seconds * 1000);
  timer.unref();
  return timer;
}
