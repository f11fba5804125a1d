import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { bySendSize, createKafkaTransport, type KafkaTransport } from './kafka.js';
import { createLocalTransport } from './local-log/transport.js';
import type { Transport, TransportMessage } from './transport.js';

function kafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error(
      'KAFKA_BROKERS is not set: this suite needs a real Kafka broker. Run `npm test`, or `npm run services:up` and export what it prints.',
    );
  }
  return brokers.split(',');
}

const localDirs: string[] = [];
afterAll(() => {
  for (const dir of localDirs) rmSync(dir, { recursive: true, force: true });
});

const implementations: [string, () => Transport][] = [
  [
    'local log',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'tessera-log-'));
      localDirs.push(dir);
      return createLocalTransport({ dir, segmentBytes: 4096 });
    },
  ],
  ['kafka', () => createKafkaTransport({ brokers: kafkaBrokers() })],
];

/** Consumes until `count` messages arrived, committing each batch, then stops. */
async function consume(transport: Transport, topic: string, groupId: string, count: number) {
  const consumer = await transport.consumer({ groupId, topic });
  const seen: TransportMessage[] = [];
  const done = new Promise<void>((resolve) => {
    void consumer.run(async ({ batch, resolveOffset, commitOffsets, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale() || seen.length >= count) break;
        seen.push(message);
        resolveOffset(message.offset);
      }
      await commitOffsets();
      if (seen.length >= count) resolve();
    });
  });
  await done;
  await consumer.stop();
  return seen;
}

describe.each(implementations)('transport contract: %s', (_name, make) => {
  it('delivers every message once with key and headers, and a new consumer resumes after the commit', async () => {
    const transport = make();
    const topic = `contract-${randomBytes(4).toString('hex')}`;
    const groupId = `group-${randomBytes(4).toString('hex')}`;
    await transport.ensureTopic(topic, 1);
    const producer = await transport.producer();
    const first = Array.from({ length: 120 }, (_, i) => ({
      key: `k${i % 7}`,
      value: Buffer.from(`m${i}`),
      headers: { n: String(i) },
    }));
    await producer.send(topic, first);

    const seen = await consume(transport, topic, groupId, 60);
    expect(seen.map((m) => m.value?.toString())).toEqual(first.slice(0, 60).map((m) => `m${m.headers.n}`));
    expect(seen[3]?.key?.toString()).toBe('k3');
    expect(String(seen[5]?.headers?.n)).toBe('5');

    await producer.send(topic, [{ key: null, value: Buffer.from('m120'), headers: { n: '120' } }]);
    const rest = await consume(transport, topic, groupId, 61);
    expect(rest.map((m) => m.value?.toString())).toEqual(Array.from({ length: 61 }, (_, i) => `m${i + 60}`));
    await producer.close();
    // Kafka's copy of the topic is not needed past the test (a dev broker would keep it).
    await (transport as Partial<KafkaTransport>).deleteTopics?.([topic]);
    await transport.close();
  });
});

describe('kafka transport: deleteTopics', () => {
  it('deletes the named topics that exist and ignores the ones that do not', async () => {
    const transport = createKafkaTransport({ brokers: kafkaBrokers() });
    const kept = `contract-kept-${randomBytes(4).toString('hex')}`;
    const doomed = `contract-doomed-${randomBytes(4).toString('hex')}`;
    const admin = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await transport.ensureTopic(kept, 1);
      await transport.ensureTopic(doomed, 1);
      await transport.deleteTopics([doomed, `contract-never-${randomBytes(4).toString('hex')}`]);
      const topics = await admin.listTopics();
      expect(topics).toContain(kept);
      expect(topics).not.toContain(doomed);
      await transport.deleteTopics([kept]);
      expect(await admin.listTopics()).not.toContain(kept);
    } finally {
      await admin.disconnect();
      await transport.close();
    }
  });
});

describe('kafka transport: groupLag', () => {
  it('counts the messages past the committed offsets, from the start where nothing is committed', async () => {
    const transport = createKafkaTransport({ brokers: kafkaBrokers() });
    const topic = `contract-lag-${randomBytes(4).toString('hex')}`;
    const groupId = `contract-lag-${randomBytes(4).toString('hex')}`;
    const admin = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await transport.ensureTopic(topic, 2);
      const producer = await transport.producer();
      await producer.send(
        topic,
        Array.from({ length: 7 }, (_, i) => ({ key: `k${i}`, value: Buffer.from(String(i)) })),
      );
      await producer.close();
      // From the broker's offsets, not the 7 sent: a send retried whole (as the producer does after
      // an error on a topic just created) may write some messages twice.
      const ends = await admin.fetchTopicOffsets(topic);
      const high = (p: number) => ends.find((e) => e.partition === p)?.high ?? '0';
      const stored = ends.reduce((sum, e) => sum + BigInt(e.high) - BigInt(e.low), 0n);
      expect(stored).toBeGreaterThanOrEqual(7n);
      expect(BigInt(high(1))).toBeGreaterThan(0n);
      const before = await transport.groupLag(groupId, topic);
      expect([...before.keys()].sort()).toEqual([0, 1]);
      expect([...before.values()].reduce((a, b) => a + b, 0n)).toBe(stored);

      // Partition 0 fully processed, partition 1 one message in.
      await admin.setOffsets({
        groupId,
        topic,
        partitions: [
          { partition: 0, offset: high(0) },
          { partition: 1, offset: '1' },
        ],
      });
      const after = await transport.groupLag(groupId, topic);
      expect(after.get(0)).toBe(0n);
      expect(after.get(1)).toBe(BigInt(high(1)) - 1n);
    } finally {
      await admin.disconnect();
      await transport.deleteTopics([topic]);
      await transport.close();
    }
  });
});

describe('kafka transport: large sends', () => {
  it('cuts a send into requests the broker takes: 3 MiB of incompressible events to one partition arrive whole', async () => {
    const transport = createKafkaTransport({ brokers: kafkaBrokers() });
    const topic = `contract-large-${randomBytes(4).toString('hex')}`;
    try {
      // One partition, random bytes: gzip cannot shrink the 3 MiB record batch kafkajs would build
      // below the broker's 1 MiB max.message.bytes (MESSAGE_TOO_LARGE, not retriable) in one send.
      await transport.ensureTopic(topic, 1);
      const sent = Array.from({ length: 192 }, (_, i) => ({
        key: `k${i}`,
        value: Buffer.concat([Buffer.from(`${i}:`), randomBytes(16 * 1024)]),
      }));
      expect([...bySendSize(sent)].length).toBeGreaterThan(3);
      const producer = await transport.producer();
      await producer.send(topic, sent);
      await producer.close();
      const seen = await consume(transport, topic, `${topic}-reader`, sent.length);
      expect(seen.map((m) => m.value?.toString('base64'))).toEqual(
        sent.map((m) => m.value.toString('base64')),
      );
    } finally {
      await transport.deleteTopics([topic]);
      await transport.close();
    }
  });

  it('keeps order and every message when cutting, and sends nothing for nothing', () => {
    const messages = Array.from({ length: 100 }, (_, i) => ({ key: null, value: Buffer.alloc(i * 500) }));
    const chunks = [...bySendSize(messages)];
    expect(chunks.flat()).toEqual(messages);
    expect(chunks.every((c) => c.length > 0)).toBe(true);
    expect([...bySendSize([])]).toEqual([]);
    const one = [{ key: 'k', value: Buffer.alloc(2 * 1024 * 1024) }];
    expect([...bySendSize(one)]).toEqual([one]);
  });
});
