import { randomBytes, randomUUID } from 'node:crypto';
import { queryRows, sql, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { createKafkaTransport, DlqHeaders, type TransportMessage } from '@tessera/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultInteractionWeights } from './features/weights.js';
import { compareWithTruth } from './testing/compare.js';
import { countRows, createTenants, requireKafkaBrokers, waitFor } from './testing/harness.js';
import { generateStream, type StreamMessage } from './testing/stream.js';
import { computeTruth } from './testing/truth.js';
import { type StreamWorker, startStreamWorker } from './worker.js';

const workerTables = [
  'events',
  'event_keys',
  'user_features',
  'item_features',
  'feature_buckets',
  'interactions',
  'follows',
  'dead_letters',
];

describe('stream-worker over Kafka and PostgreSQL', () => {
  let database: TestDatabase;
  let tenants: string[];
  let messages: StreamMessage[];
  const brokers = requireKafkaBrokers();
  const suffix = randomBytes(4).toString('hex');
  const topic = `events-test-${suffix}`;
  const dlqTopic = `dlq-test-${suffix}`;
  const transport = createKafkaTransport({ brokers });

  const runWorker = async (groupId: string): Promise<StreamWorker> =>
    startStreamWorker({
      kafkaBrokers: brokers,
      connection: database,
      topic,
      dlqTopic,
      groupId,
      topicPartitions: 3,
      logIntervalSeconds: 60,
      // Two lanes whatever the machine: the truth, replay and isolation checks cover concurrent groups.
      writeLanes: 2,
    });

  const readDlq = async (count: number): Promise<TransportMessage[]> => {
    const consumer = await transport.consumer({
      groupId: `dlq-reader-${randomBytes(4).toString('hex')}`,
      topic: dlqTopic,
    });
    const seen: TransportMessage[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run(async ({ batch, resolveOffset }) => {
        for (const message of batch.messages) {
          seen.push(message);
          resolveOffset(message.offset);
        }
        if (seen.length >= count) resolve();
      });
    });
    await consumer.stop();
    return seen;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    tenants = await createTenants(database.db, 3);
    messages = [
      ...generateStream({
        events: 3000,
        tenantIds: tenants,
        unknownTenantId: randomUUID(),
        users: 150,
        items: 300,
        malformedRate: 0.01,
        duplicateRate: 0.02,
      }),
    ];
    await transport.ensureTopic(topic, 3);
    const producer = await transport.producer();
    await producer.send(
      topic,
      messages.map(({ key, value }) => ({ key, value })),
    );
    await producer.close();
  });
  afterAll(async () => {
    await transport.deleteTopics([topic, dlqTopic]);
    await transport.close();
    await database?.drop();
  });

  it('stores every valid event once, features equal the independently computed truth, and rejects go to the DLQ with reasons', {
    timeout: 180_000,
  }, async () => {
    const truth = computeTruth(
      messages.flatMap((m) => (m.event ? [m.event] : [])),
      defaultInteractionWeights,
    );
    const malformed = messages.filter((m) => m.expectedReason);
    expect(malformed.length).toBeGreaterThan(12);
    const worker = await runWorker(`group-${suffix}`);
    try {
      await waitFor(
        'all events stored',
        async () => (await countRows(database.db, 'events')) >= truth.events,
      );
      const comparison = await compareWithTruth(database.db, truth);
      expect(comparison).toMatchObject({ lost: 0, duplicated: 0, mismatches: 0, storedEvents: truth.events });

      const dlq = await readDlq(malformed.length);
      const reasons = (list: string[]) => list.sort().join(',');
      expect(reasons(dlq.map((m) => String(m.headers?.[DlqHeaders.reason])))).toBe(
        reasons(malformed.map((m) => m.expectedReason as string)),
      );
      // The original bytes, untouched.
      expect(new Set(dlq.map((m) => m.value?.toString('base64')))).toEqual(
        new Set(malformed.map((m) => m.value.toString('base64'))),
      );
      const metrics = await worker.metrics.dlq.get();
      expect(metrics.values.reduce((sum, v) => sum + v.value, 0)).toBe(malformed.length);
      // Rejects of known tenants are browsable; unknown-tenant ones and unattributable garbage are not stored.
      const attributable = malformed.filter(
        (m) =>
          m.expectedReason !== 'UNKNOWN_TENANT' &&
          m.expectedReason !== 'MALFORMED_JSON' &&
          m.expectedReason !== 'OVERSIZED',
      );
      expect(await countRows(database.db, 'dead_letters')).toBe(attributable.length);
    } finally {
      await worker.stop();
    }
  });

  it('changes nothing when the whole stream is delivered a second time', async () => {
    const before = await Promise.all(workerTables.map((table) => countRows(database.db, table)));
    const snapshot = () =>
      queryRows(
        database.db,
        sql`select user_id, views, clicks, ratings, rating_sum, followers, last_seen from user_features order by tenant_id, user_id`,
      );
    const features = await snapshot();
    // A fresh consumer group replays the topic from the beginning, every batch a second time.
    const worker = await runWorker(`replay-${suffix}`);
    try {
      await waitFor('the replay to reach the end', async () => {
        const values = (await worker.metrics.consumed.get()).values;
        return values.reduce((sum, v) => sum + v.value, 0) >= messages.length;
      });
      // Each replayed group's plain insert met its stored events, and it was written again checked.
      const fallbacks = (await worker.metrics.insertFallbacks.get()).values[0]?.value ?? 0;
      expect(fallbacks).toBeGreaterThan(0);
    } finally {
      await worker.stop();
    }
    expect(await Promise.all(workerTables.map((table) => countRows(database.db, table)))).toEqual(before);
    expect(await snapshot()).toEqual(features);
  });

  it('keeps every table it writes tenant-isolated under row-level security', async () => {
    for (const table of workerTables) {
      const perTenant = await Promise.all(
        tenants.map((tenantId) =>
          withTenant(database.db, tenantId, async (tx) => {
            const rows = await queryRows<{ own: number; foreign: number }>(
              tx,
              sql`select count(*) filter (where tenant_id = ${tenantId})::int as own, count(*) filter (where tenant_id <> ${tenantId})::int as foreign from ${sql.raw(table)}`,
            );
            return rows[0] as { own: number; foreign: number };
          }),
        ),
      );
      expect(
        perTenant.every((counts) => counts.foreign === 0),
        table,
      ).toBe(true);
      // Not vacuous: the tenants together see every row, and more than one tenant has rows.
      expect(
        perTenant.reduce((sum, c) => sum + c.own, 0),
        table,
      ).toBe(await countRows(database.db, table));
      expect(perTenant.filter((c) => c.own > 0).length, table).toBeGreaterThan(1);
    }
  });
});
