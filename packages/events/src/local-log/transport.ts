import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Transport, TransportConsumer, TransportProducer } from '../transport.js';
import { LogConsumer } from './consumer.js';
import { LogWriter, type LogWriterOptions } from './writer.js';

export interface LocalTransportOptions extends LogWriterOptions {
  /** Root of the log; one sub-directory per topic (default `.tessera/events`). */
  dir: string;
  maxBatchBytes?: number;
  onConsumerError?: (error: unknown) => void;
}

/** Writers shared by every publisher of this process: one appender per topic directory. */
const writers = new Map<string, { writer: Promise<LogWriter>; users: number }>();

async function useWriter(topicDir: string, options: LogWriterOptions): Promise<LogWriter> {
  let entry = writers.get(topicDir);
  if (!entry) {
    entry = { writer: LogWriter.open(topicDir, options), users: 0 };
    writers.set(topicDir, entry);
    entry.writer.catch(() => writers.delete(topicDir));
  }
  entry.users += 1;
  return entry.writer;
}

async function releaseWriter(topicDir: string): Promise<void> {
  const entry = writers.get(topicDir);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  writers.delete(topicDir);
  await (await entry.writer).close();
}

/**
 * The durable local event log: the embedded stand-in for Kafka when no brokers are
 * configured. One partition per topic; a topic is a directory of append-only segments.
 */
export function createLocalTransport(options: LocalTransportOptions): Transport {
  const root = path.resolve(options.dir);
  const topicDir = (topic: string) => path.join(root, topic);
  const closers = new Set<() => Promise<void>>();
  return {
    kind: 'local',
    async producer(): Promise<TransportProducer> {
      const used = new Set<string>();
      const close = async () => {
        await Promise.all([...used].map(releaseWriter));
        used.clear();
      };
      closers.add(close);
      return {
        async send(topic, messages) {
          const dir = topicDir(topic);
          const writer = await useWriter(dir, options);
          if (used.has(dir)) await releaseWriter(dir);
          else used.add(dir);
          const timestampMs = Date.now();
          await writer.append(
            messages.map((message) => {
              const key = message.key === null ? null : Buffer.from(message.key);
              return message.headers
                ? { key, value: message.value, headers: message.headers, timestampMs }
                : { key, value: message.value, timestampMs };
            }),
          );
        },
        async close() {
          closers.delete(close);
          await close();
        },
      };
    },
    async consumer({ groupId, topic }): Promise<TransportConsumer> {
      const dir = topicDir(topic);
      mkdirSync(dir, { recursive: true });
      const consumer = new LogConsumer({
        topicDir: dir,
        topic,
        groupId,
        ...(options.maxBatchBytes ? { maxBatchBytes: options.maxBatchBytes } : {}),
        ...(options.onConsumerError ? { onError: options.onConsumerError } : {}),
      });
      const close = () => consumer.stop();
      closers.add(close);
      return {
        run: (handler) => consumer.run(handler),
        async stop() {
          closers.delete(close);
          await close();
        },
      };
    },
    async ensureTopic(topic) {
      mkdirSync(topicDir(topic), { recursive: true });
    },
    async close() {
      await Promise.all([...closers].map((close) => close()));
      closers.clear();
    },
  };
}
