import { randomBytes, randomUUID } from 'node:crypto';
import { queryRows, sql } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { createKafkaTransport, DlqHeaders, encodeEvent, type TransportMessage } from '@tessera/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTenants, requireKafkaBrokers, waitFor } from './testing/harness.js';
import { generateStream } from './testing/stream.js';
import { startStreamWorker } from './worker.js';

/**
 * An event that passes validation but that PostgreSQL refuses (here a trigger raises a data
 * exception for one user id, standing in for whatever validation may miss): before, its group
 * failed on every redelivery and every partition sharing the group stalled behind it.
 */
describe('stream-worker: an event PostgreSQL refuses', () => {
  let database: TestDatabase;
  const brokers = requireKafkaBrokers();
  const suffix = randomBytes(4).toString('hex');
  const topic = `poison-test-${suffix}`;
  const dlqTopic = `poison-dlq-${suffix}`;
  const transport = createKafkaTransport({ brokers });

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.execute(sql`
      create function refuse_poison() returns trigger language plpgsql as $$
      begin
        if new.user_id = 'poison' then
          raise exception 'value refused for this test' using errcode = '22023';
        end if;
        return new;
      end $$`);
    await database.db.execute(
      sql`create trigger refuse_poison before insert on events for each row execute function refuse_poison()`,
    );
  });
  afterAll(async () => {
    await transport.deleteTopics([topic, dlqTopic]);
    await transport.close();
    await database?.drop();
  });

  it('stores every other event, sends it to the DLQ as STORAGE_REJECTED, and keeps going', {
    timeout: 180_000,
  }, async () => {
    const [tenant] = await createTenants(database.db, 1);
    // Event ids are e0, e1, … per stream: the later one gets other ids by a prefix.
    const stream = (events: number, prefix = '') =>
      [
        ...generateStream({
          events,
          tenantIds: [tenant!],
          unknownTenantId: randomUUID(),
          users: 40,
          items: 60,
          malformedRate: 0,
          duplicateRate: 0,
        }),
      ].map((m) =>
        prefix
          ? { ...m, value: Buffer.from(m.value.toString().replace(/"eventId":"e/, `"eventId":"${prefix}e`)) }
          : m,
      );
    const before = stream(600);
    const poison = JSON.parse(before[300]!.value.toString()) as Parameters<typeof encodeEvent>[0];
    poison.userId = 'poison';
    poison.eventId = `poison-${suffix}`;
    const messages = [
      ...before.slice(0, 300),
      { key: `${tenant}:poison`, value: encodeEvent(poison) },
      ...before.slice(300),
    ];
    await transport.ensureTopic(topic, 3);
    const producer = await transport.producer();
    await producer.send(
      topic,
      messages.map(({ key, value }) => ({ key, value })),
    );

    const worker = await startStreamWorker({
      kafkaBrokers: brokers,
      connection: database,
      topic,
      dlqTopic,
      groupId: `poison-${suffix}`,
      logIntervalSeconds: 60,
    });
    try {
      await waitFor(
        'the 600 other events stored',
        async () => (await countRows(database.db, 'events')) >= 600,
      );
      // And the stream goes on past it.
      const after = stream(100, 'later-');
      await producer.send(
        topic,
        after.map(({ key, value }) => ({ key, value })),
      );
      await waitFor('the later events stored', async () => (await countRows(database.db, 'events')) >= 700);
      expect(await countRows(database.db, 'events')).toBe(700);

      const dlq = await readOne(dlqTopic, (m) => String(m.value).includes(poison.eventId));
      expect(String(dlq.headers?.[DlqHeaders.reason])).toBe('STORAGE_REJECTED');
      expect(String(dlq.headers?.[DlqHeaders.message])).toMatch(
        /SQLSTATE 22023: value refused for this test/,
      );
      expect(JSON.parse(String(dlq.value))).toMatchObject({ eventId: poison.eventId, userId: 'poison' });
      const [row] = await queryRows<{ reason_code: string; source_offset: string }>(
        database.db,
        sql`select reason_code, source_offset from dead_letters`,
      );
      expect(row?.reason_code).toBe('STORAGE_REJECTED');
      // One row however often it was refused: dead letters are keyed by their source offset.
      expect(await countRows(database.db, 'dead_letters')).toBe(1);
      expect(Number(row?.source_offset)).toBeGreaterThanOrEqual(0);
      const metrics = await worker.metrics.dlq.get();
      // At least once: a rebalance during the test may have it refused (and dead-lettered) again.
      expect(
        metrics.values.find((v) => v.labels.reason === 'STORAGE_REJECTED')?.value,
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await producer.close();
      await worker.stop();
    }
  });

  async function readOne(from: string, wanted: (m: TransportMessage) => boolean): Promise<TransportMessage> {
    const consumer = await transport.consumer({ groupId: `reader-${suffix}`, topic: from });
    const message = await new Promise<TransportMessage>((resolve) => {
      void consumer.run(async ({ batch, resolveOffset }) => {
        for (const m of batch.messages) {
          resolveOffset(m.offset);
          if (wanted(m)) resolve(m);
        }
      });
    });
    await consumer.stop();
    return message;
  }
});
