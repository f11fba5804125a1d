import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { createKafkaTransport } from '@tessera/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultInteractionWeights } from './features/weights.js';
import { compareWithTruth } from './testing/compare.js';
import { countRows, createTenants, requireKafkaBrokers, waitFor } from './testing/harness.js';
import { generateStream, type StreamMessage } from './testing/stream.js';
import { computeTruth } from './testing/truth.js';
import { startStreamWorker } from './worker.js';

/**
 * A pipelined consumer has fetched past the batches it is still writing. When such a write fails,
 * the messages after it must be fetched again, and no offset past them may be committed: here the
 * worker loses its INSERT grant on `interactions` mid-stream, so every write fails until it is given back.
 */
describe('pipelined stream-worker over Kafka, when writes fail mid-stream', () => {
  let database: TestDatabase;
  let tenants: string[];
  let first: StreamMessage[];
  let second: StreamMessage[];
  const brokers = requireKafkaBrokers();
  const suffix = randomBytes(4).toString('hex');
  const topic = `events-pipelined-${suffix}`;
  const transport = createKafkaTransport({ brokers });

  const produce = async (messages: StreamMessage[]) => {
    const producer = await transport.producer();
    await producer.send(
      topic,
      messages.map(({ key, value }) => ({ key, value })),
    );
    await producer.close();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    tenants = await createTenants(database.db, 3);
    const messages = [
      ...generateStream({
        events: 6000,
        tenantIds: tenants,
        unknownTenantId: randomUUID(),
        users: 200,
        items: 300,
        malformedRate: 0,
        duplicateRate: 0.02,
      }),
    ];
    first = messages.slice(0, 3000);
    second = messages.slice(3000);
    await transport.ensureTopic(topic, 3);
  });
  afterAll(async () => {
    await transport.deleteTopics([topic, `dlq-pipelined-${suffix}`]);
    await transport.close();
    await database?.drop();
  });

  it('fetches the failed batches again and ends with features equal to the truth', {
    timeout: 180_000,
  }, async () => {
    const truth = computeTruth(
      [...first, ...second].flatMap((m) => (m.event ? [m.event] : [])),
      defaultInteractionWeights,
    );
    await produce(first);
    const worker = await startStreamWorker({
      kafkaBrokers: brokers,
      connection: database,
      topic,
      dlqTopic: `dlq-pipelined-${suffix}`,
      groupId: `group-${suffix}`,
      topicPartitions: 3,
      logIntervalSeconds: 60,
      writeLanes: 2,
      pipelined: true,
    });
    const failures = async () =>
      (await worker.metrics.batchFailures.get()).values.reduce((sum, v) => sum + v.value, 0);
    try {
      await waitFor('the first half stored', async () => (await countRows(database.db, 'events')) > 0);
      await database.db.execute(sql`revoke insert on interactions from tessera_platform`);
      await produce(second);
      // Not vacuous: writes did fail while the grant was gone.
      await waitFor('a failed write', async () => (await failures()) > 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await database.db.execute(sql`grant insert on interactions to tessera_platform`);
      await waitFor(
        'every event stored',
        async () => (await countRows(database.db, 'events')) >= truth.events,
      );
      // The retries settle; then nothing is missing and nothing is counted twice.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const comparison = await compareWithTruth(database.db, truth);
      expect(comparison).toMatchObject({ lost: 0, duplicated: 0, mismatches: 0, storedEvents: truth.events });
      expect(await failures()).toBeGreaterThan(0);
    } finally {
      await database.db.execute(sql`grant insert on interactions to tessera_platform`);
      await worker.stop();
    }
  });
});
