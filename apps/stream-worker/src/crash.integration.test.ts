import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import {
  createKafkaTransport,
  createLocalTransport,
  type KafkaTransport,
  type Transport,
} from '@tessera/events';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultInteractionWeights } from './features/weights.js';
import { compareWithTruth } from './testing/compare.js';
import {
  countRows,
  createTenants,
  exited,
  requireKafkaBrokers,
  spawnWorker,
  waitFor,
} from './testing/harness.js';
import { generateStream } from './testing/stream.js';
import { computeTruth } from './testing/truth.js';

/**
 * The worker runs as its own process (the real entry point) and is killed with SIGKILL while
 * batches are in flight; a restarted worker must end with exactly the truth: nothing lost,
 * nothing counted twice.
 */
describe('stream-worker killed with SIGKILL mid-stream', () => {
  const databases: TestDatabase[] = [];
  const localDirs: string[] = [];
  const children: ReturnType<typeof spawnWorker>[] = [];

  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill('SIGKILL');
      await exited(child);
    }
  });
  afterAll(async () => {
    for (const dir of localDirs) rmSync(dir, { recursive: true, force: true });
    for (const database of databases) await database.drop();
  });

  // Kafka's transport can also delete the run's topics afterwards.
  type ScenarioTransport = Transport & Partial<Pick<KafkaTransport, 'deleteTopics'>>;
  const scenarios: [string, () => { transport: ScenarioTransport; env: Record<string, string> }][] = [
    [
      'over Kafka',
      () => {
        const brokers = requireKafkaBrokers();
        return { transport: createKafkaTransport({ brokers }), env: { KAFKA_BROKERS: brokers.join(',') } };
      },
    ],
    [
      'over Kafka with pipelined consumers',
      () => {
        const brokers = requireKafkaBrokers();
        return {
          transport: createKafkaTransport({ brokers }),
          env: { KAFKA_BROKERS: brokers.join(','), STREAM_WORKER_PIPELINED: 'true' },
        };
      },
    ],
    [
      'over the durable local log',
      () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'tessera-worker-log-'));
        localDirs.push(dir);
        return { transport: createLocalTransport({ dir }), env: { TESSERA_EVENT_LOG_DIR: dir } };
      },
    ],
  ];

  it.each(scenarios)(
    'restarts %s and ends with features equal to the truth',
    async (_name, setup) => {
      const { transport, env } = setup();
      const database = await createTestDatabase();
      databases.push(database);
      const tenants = await createTenants(database.db, 2);
      const suffix = randomBytes(4).toString('hex');
      const topic = `events-crash-${suffix}`;
      const dlqTopic = `dlq-crash-${suffix}`;
      const workerEnv = {
        ...env,
        DATABASE_URL: database.url,
        STREAM_WORKER_TOPIC: topic,
        STREAM_WORKER_DLQ_TOPIC: dlqTopic,
        STREAM_WORKER_GROUP_ID: `crash-${suffix}`,
        STREAM_WORKER_SESSION_TIMEOUT_MS: '6000',
        // Two concurrent write lanes whatever the machine (the database is a server in both scenarios).
        STREAM_WORKER_WRITE_LANES: '2',
      };
      const messages = [
        ...generateStream({
          events: 4000,
          tenantIds: tenants,
          unknownTenantId: randomUUID(),
          users: 200,
          items: 400,
        }),
      ];
      const truth = computeTruth(
        messages.flatMap((m) => (m.event ? [m.event] : [])),
        defaultInteractionWeights,
      );
      await transport.ensureTopic(topic, 3);
      const producer = await transport.producer();
      // The first chunk before the worker starts, the rest in small chunks only once it has
      // committed something: the worker writes whatever has arrived in one transaction, so
      // without the pacing a slow start-up would find the whole stream waiting and the kill
      // would land after the end.
      const chunks = Array.from({ length: 20 }, (_, i) => messages.slice(i * 200, (i + 1) * 200));
      const send = (chunk: (typeof chunks)[number]) =>
        producer.send(
          topic,
          chunk.map(({ key, value }) => ({ key, value })),
        );
      await send(chunks[0]!);

      const first = spawnWorker(workerEnv);
      children.push(first);
      await waitFor('the first batch to commit', async () => (await countRows(database.db, 'events')) > 0);
      const produceAll = (async () => {
        for (const chunk of chunks.slice(1)) {
          await send(chunk);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      await waitFor(
        'the first batches to commit',
        async () => (await countRows(database.db, 'events')) > 300,
      );
      first.kill('SIGKILL');
      await exited(first);
      const storedAtKill = await countRows(database.db, 'events');
      expect(storedAtKill).toBeLessThan(truth.events);

      await produceAll;
      await producer.close();
      await transport.close();
      const second = spawnWorker(workerEnv);
      children.push(second);
      await waitFor(
        'every event stored after the restart',
        async () => (await countRows(database.db, 'events')) >= truth.events,
        90_000,
      );
      // Graceful stop on SIGTERM: finishes, commits, exits 0.
      second.kill('SIGTERM');
      expect(await exited(second)).toBe(0);

      const comparison = await compareWithTruth(database.db, truth);
      expect(comparison).toMatchObject({ lost: 0, duplicated: 0, mismatches: 0 });
      // The run's topics are not needed past it (a dev broker would keep them).
      await transport.deleteTopics?.([topic, dlqTopic]);
    },
    300_000,
  );
});
