import { promisify } from 'node:util';
import { gzip, gzipSync, unzip, unzipSync } from 'node:zlib';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import kafkajs, { type Admin, CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { createJavaCompatiblePartitioner } from './partitioner.js';
import type { OutgoingMessage, Transport, TransportConsumer, TransportProducer } from './transport.js';

export interface KafkaTransportOptions {
  brokers: string[];
  clientId?: string;
  /** gzip (default; the codec registered below) or `none`, for benchmarks of the codec itself. */
  compression?: 'gzip' | 'none';
  /**
   * Largest fetch per partition, in compressed bytes (default 1 MiB; 6 MiB per fetch). A soft
   * bound: the broker returns whole producer batches, so the worker chunks what it gets.
   */
  maxBytesPerPartition?: number;
  /**
   * How long the group waits for a silent member before giving its partitions away (default
   * 30 s). A worker killed with SIGKILL holds its partitions this long.
   */
  sessionTimeoutMs?: number;
  /**
   * Partitions whose batches are handled at the same time (default 1). Above 1 the handler must
   * be safe to run concurrently; the stream-worker's is (rows are locked in key order).
   */
  partitionsConsumedConcurrently?: number;
  /**
   * A stop-and-wait consumer's fetch floor: the broker answers once this many compressed bytes
   * are ready, or after `fetchMaxWaitMs` (defaults: kafkajs's 1 byte and 100 ms, an answer as soon
   * as anything is there). A pipelined consumer keeps its own (16 KiB, 50 ms).
   */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
}

/**
 * kafkajs's own gzip codec calls zlib asynchronously: a stream object and a thread-pool round trip
 * per producer batch, which costs more than the compression itself when the batch is small, as
 * in a live stream (one partition's share of a send: tens of events). Small batches are therefore
 * (de)compressed synchronously, large ones (a backlog's) still on the thread pool, where the work
 * dwarfs the hop and runs beside the event loop. Process CPU per event (bench events, 226 bytes):
 * 75-event batches compressed in 7.6 µs async and 4.1 sync, and decompressed in 6.0 and 1.0;
 * 3,333-event batches decompressed in 1.8 and 0.9, but blocked the loop for 3 ms each. Kafka
 * bounds fetches in compressed bytes, so the level stays zlib's default: level 1 (1.3 µs) made the
 * worker's transactions smaller and bench:ingest's backlog PostgreSQL CPU 52–54 → 58–60 µs/event.
 * kafkajs keeps one codec table per process: this replaces its gzip for every client here.
 */
const syncCompressBelowBytes = 64 * 1024;
const syncDecompressBelowBytes = 8 * 1024;
const gzipAsync = promisify(gzip);
const unzipAsync = promisify(unzip);
const gzipCodec = {
  async compress(encoder: { buffer: Buffer }): Promise<Buffer> {
    const input = encoder.buffer;
    return input.length < syncCompressBelowBytes ? gzipSync(input) : gzipAsync(input);
  },
  /** `unzip` reads gzip and zlib streams alike, as kafkajs's codec did. */
  async decompress(buffer: Buffer): Promise<Buffer> {
    return buffer.length < syncDecompressBelowBytes ? unzipSync(buffer) : unzipAsync(buffer);
  },
};
// Through the default export: Node's ESM view of the CommonJS kafkajs does not name this table.
kafkajs.CompressionCodecs[CompressionTypes.GZIP] = () => gzipCodec;

/**
 * The only file that imports kafkajs (it has had no release since 2024): swapping the client
 * means rewriting this adapter, nothing else.
 */
/** Kafka's transport, with the admin calls only a broker has. */
export interface KafkaTransport extends Transport {
  /** Deletes these topics where they exist (benchmarks' and tests' own topics, once done with). */
  deleteTopics(topics: string[]): Promise<void>;
  /**
   * Messages of `topic` past the offsets `groupId` has committed, per partition (a partition the
   * group never committed counts from its start): 0 everywhere once every message is processed.
   */
  groupLag(groupId: string, topic: string): Promise<Map<number, bigint>>;
}

/**
 * Uncompressed bytes per produce request. The broker refuses a partition's record batch over its
 * max.message.bytes (1 MiB by default) as MESSAGE_TOO_LARGE, which no retry cures: 5,000 events
 * of 8 KiB props, or a chunk's worth of oversized rejects for the DLQ, went over it in one send.
 */
export const maxSendBytes = 768 * 1024;

/** The messages in order, cut where the next one would take a send past maxSendBytes. */
export function* bySendSize(messages: OutgoingMessage[]): Generator<OutgoingMessage[]> {
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as OutgoingMessage;
    const key = message.key;
    let size =
      64 +
      message.value.length +
      (key === null ? 0 : typeof key === 'string' ? Buffer.byteLength(key) : key.length);
    if (message.headers)
      for (const name in message.headers)
        size += Buffer.byteLength(name) + Buffer.byteLength(message.headers[name] ?? '');
    if (i > start && bytes + size > maxSendBytes) {
      yield messages.slice(start, i);
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (start === 0) {
    if (messages.length > 0) yield messages;
  } else yield messages.slice(start);
}

export function createKafkaTransport(options: KafkaTransportOptions): KafkaTransport {
  if (options.brokers.length === 0) {
    throw new TesseraError('BAD_CONFIG', 'no Kafka brokers given', {
      hint: 'set KAFKA_BROKERS=host:port[,host:port]',
    });
  }
  const kafka = new Kafka({
    clientId: options.clientId ?? 'tessera',
    brokers: options.brokers,
    logLevel: logLevel.ERROR,
    retry: { retries: 8, initialRetryTime: 100 },
  });
  const compression = options.compression === 'none' ? CompressionTypes.None : CompressionTypes.GZIP;
  const closers = new Set<() => Promise<void>>();

  return {
    kind: 'kafka',
    async producer(): Promise<TransportProducer> {
      // kafkajs 2.2.4 must not retry a produce itself: its retry (producer/sendMessages.js) keeps
      // the per-broker answers of the failed attempt, recomputes partition leaders, and sends only
      // to brokers without an answer, so partitions whose leader moved (a broker died) to a broker
      // that had already answered are never sent, yet send() resolves (tulios/kafkajs#1303; the
      // fault harness lost acknowledged events this way). A failed send is retried whole here,
      // which may write some messages twice: consumers deduplicate by (tenant, eventId). An
      // idempotent producer refuses retries: 0, so it is off; one request in flight keeps order.
      const producer = kafka.producer({
        idempotent: false,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: { retries: 0 },
        createPartitioner: createJavaCompatiblePartitioner,
      });
      await producer.connect();
      const close = () => producer.disconnect();
      closers.add(close);
      return {
        async send(topic, messages) {
          for (const chunk of bySendSize(messages)) await sendWithRetries(topic, chunk);
        },
        async close() {
          closers.delete(close);
          await close();
        },
      };

      async function sendWithRetries(topic: string, messages: OutgoingMessage[]): Promise<void> {
        for (let attempt = 0; ; attempt += 1) {
          try {
            await producer.send({ topic, acks: -1, compression, messages });
            return;
          } catch (error) {
            // With retries: 0 kafkajs wraps every failure in KafkaJSNumberOfRetriesExceeded
            // (never retriable itself): whether to try again is the cause's to say.
            const cause = (error as { cause?: { retriable?: boolean } }).cause ?? error;
            if (attempt >= 8 || (cause as { retriable?: boolean }).retriable === false) throw error;
            await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * 2 ** attempt)));
          }
        }
      }
    },
    async consumer({ groupId, topic, fromBeginning = true, pipelined = false }): Promise<TransportConsumer> {
      const consumer = kafka.consumer({
        groupId,
        // The worker writes a whole fetch in one transaction: these (compressed) sizes bound it to
        // some tens of thousands of events, so a backlog is caught up in steps, not in one giant write.
        maxBytesPerPartition: options.maxBytesPerPartition ?? 1024 * 1024,
        maxBytes: 6 * 1024 * 1024,
        // A pipelined consumer fetches again as soon as a batch is submitted: without a floor a live
        // stream comes as one tiny batch per producer send, each with its own overheads. The wait
        // is short next to a group's write, which the fetched events would wait for anyway.
        ...(pipelined
          ? { minBytes: 16 * 1024, maxWaitTimeInMs: 50 }
          : { minBytes: options.fetchMinBytes ?? 1, maxWaitTimeInMs: options.fetchMaxWaitMs ?? 100 }),
        sessionTimeout: options.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning });
      const close = () => consumer.disconnect();
      closers.add(close);
      return {
        async run(handler) {
          await consumer.run({
            eachBatchAutoResolve: false,
            partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
            // Offsets are committed by the handler once the database transaction committed. A
            // pipelined consumer resolves offsets early (that only moves its fetch position), so
            // kafkajs must never commit resolved offsets on its own.
            autoCommit: !pipelined,
            autoCommitThreshold: 1,
            eachBatch: async (payload) => {
              const { topic: batchTopic, partition } = payload.batch;
              return handler({
                batch: payload.batch,
                resolveOffset: payload.resolveOffset,
                heartbeat: payload.heartbeat,
                commitOffsets: () => payload.commitOffsetsIfNecessary(),
                isRunning: payload.isRunning,
                isStale: payload.isStale,
                ...(pipelined
                  ? {
                      pipelined: {
                        commitOffset: (next: string) =>
                          payload.commitOffsetsIfNecessary({
                            topics: [{ topic: batchTopic, partitions: [{ partition, offset: next }] }],
                          }),
                        seek: (offset: string) => consumer.seek({ topic: batchTopic, partition, offset }),
                      },
                    }
                  : {}),
              });
            },
          });
        },
        async stop() {
          closers.delete(close);
          await close();
        },
      };
    },
    async ensureTopic(topic, partitions = 6) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const existing = await admin.listTopics();
        if (!existing.includes(topic)) {
          // kafkajs's own waitForLeaders retries only LEADER_NOT_AVAILABLE, but a topic just created
          // can also be unknown to the broker's metadata for a moment (UNKNOWN_TOPIC_OR_PARTITION,
          // seen under load in CI): its leaders are awaited below instead.
          await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: false });
        }
        await awaitLeaders(admin, topic);
      } finally {
        await admin.disconnect();
      }
    },
    async deleteTopics(topics) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const existing = new Set(await admin.listTopics());
        const present = topics.filter((topic) => existing.has(topic));
        if (present.length > 0) await admin.deleteTopics({ topics: present });
      } finally {
        await admin.disconnect();
      }
    },
    async groupLag(groupId, topic) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const [ends, [committed]] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId, topics: [topic] }),
        ]);
        const done = new Map(committed?.partitions.map((p) => [p.partition, p.offset]) ?? []);
        const lag = new Map<number, bigint>();
        for (const { partition, low, high } of ends) {
          // -1: nothing committed yet, so the group would read from the partition's first offset.
          const at = done.get(partition) ?? '-1';
          const from = at === '-1' ? low : at;
          lag.set(partition, BigInt(high) - BigInt(from));
        }
        return lag;
      } finally {
        await admin.disconnect();
      }
    },
    async close() {
      await Promise.all([...closers].map((close) => close()));
      closers.clear();
    },
  };
}

/** Metadata errors a topic has for a moment after it is created, while its leaders are elected. */
const settlingErrors = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Polls the topic's metadata until every partition has a leader (or `timeoutMs` passes). Exported
 * for its test.
 */
export async function awaitLeaders(admin: Admin, topic: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no metadata yet';
  while (Date.now() < deadline) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics.find((t) => t.name === topic)?.partitions ?? [];
      if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return;
      last = `${partitions.filter((p) => p.leader < 0).length} of ${partitions.length} partitions without a leader`;
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (!type || !settlingErrors.has(type)) throw error;
      last = type;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new TesseraError(
    ErrorCodes.Unavailable,
    `Kafka topic ${topic} has no leaders after ${timeoutMs} ms (${last})`,
    {
      hint: 'check that every broker of KAFKA_BROKERS is up (node infra/local/cli.mjs status)',
      retriable: true,
    },
  );
}
