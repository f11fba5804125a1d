import { encodeEvent, eventKey } from './codec.js';
import { createKafkaTransport } from './kafka.js';
import { createLocalTransport } from './local-log/transport.js';
import { EVENTS_TOPIC } from './topics.js';
import type { Transport, TransportProducer } from './transport.js';
import type { EventEnvelope } from './types.js';

export interface EventPublisherConfig {
  /** Kafka bootstrap brokers; when given, events go to Kafka. */
  kafkaBrokers?: string[];
  /** The durable local log's directory, used when no brokers are given (default `.tessera/events`). */
  localLogDir?: string;
  /** Longest wait for more events before sending, like the Kafka producer's linger.ms (default 5 ms). */
  lingerMs?: number;
  /** Send at once when this many events are waiting (default 5,000). */
  maxBatchEvents?: number;
  compression?: 'gzip' | 'none';
  /** The topic written to (default events.v1); tests give their own so they read only their events. */
  topic?: string;
}

export interface EventPublisher {
  /** Resolves once every envelope is durable: acknowledged by all in-sync replicas, or fsync'd. */
  publish(envelopes: EventEnvelope[]): Promise<void>;
  close(): Promise<void>;
}

export function createEventTransport(config: EventPublisherConfig): Transport {
  return config.kafkaBrokers && config.kafkaBrokers.length > 0
    ? createKafkaTransport({
        brokers: config.kafkaBrokers,
        ...(config.compression ? { compression: config.compression } : {}),
      })
    : createLocalTransport({ dir: config.localLogDir ?? '.tessera/events' });
}

interface Waiting {
  envelopes: EventEnvelope[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Publishes validated envelopes to `events.v1`, keyed `tenantId:userId`. Concurrent calls are
 * lingered briefly and sent as one batch (kafkajs has no linger.ms of its own), which is what
 * makes many small API requests cheap.
 */
export function createEventPublisher(config: EventPublisherConfig): EventPublisher {
  const topic = config.topic ?? EVENTS_TOPIC;
  const transport = createEventTransport(config);
  const lingerMs = config.lingerMs ?? 5;
  const maxBatch = config.maxBatchEvents ?? 5000;
  let producer: Promise<TransportProducer> | undefined;
  let waiting: Waiting[] = [];
  let waitingCount = 0;
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> = Promise.resolve();

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const round = waiting;
    waiting = [];
    waitingCount = 0;
    if (round.length === 0) return;
    sending = sending.then(async () => {
      try {
        // The first send makes sure the topic exists, so the API can publish before a worker ever ran.
        producer ??= transport.ensureTopic(topic).then(() => transport.producer());
        const messages = round.flatMap((entry) =>
          entry.envelopes.map((envelope) => ({ key: eventKey(envelope), value: encodeEvent(envelope) })),
        );
        await (await producer).send(topic, messages);
        for (const entry of round) entry.resolve();
      } catch (error) {
        // A fresh producer for the next round; this one is closed, not left connected.
        const failed = producer;
        producer = undefined;
        // Awaited: the next round opens a new one, and a local log's writer lock must be free by then.
        await failed?.then((p) => p.close()).catch(() => {});
        for (const entry of round) entry.reject(error);
      }
    });
  };

  return {
    publish(envelopes) {
      if (envelopes.length === 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiting.push({ envelopes, resolve, reject });
        waitingCount += envelopes.length;
        if (waitingCount >= maxBatch) flush();
        else timer ??= setTimeout(flush, lingerMs);
      });
    },
    async close() {
      flush();
      await sending;
      await transport.close();
    },
  };
}
