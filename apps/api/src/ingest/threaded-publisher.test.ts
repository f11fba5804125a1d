import { randomBytes } from 'node:crypto';
import { createKafkaTransport, type EventEnvelope } from '@tessera/events';
import { describe, expect, it } from 'vitest';
import { exposureEnvelope } from './exposure.js';
import { createThreadedPublisher } from './threaded-publisher.js';

const tenantId = '0b6f2a1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

function kafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers)
    throw new Error('KAFKA_BROKERS is not set: run `npm test`, which starts a private Kafka broker');
  return brokers.split(',');
}

describe('createThreadedPublisher', () => {
  it('publishes exposures durably from a worker thread to the configured topic, and closes cleanly', async () => {
    // A topic of its own (API_EVENTS_TOPIC), as a deployment whose worker reads another than events.v1.
    const topic = `threaded-${randomBytes(4).toString('hex')}`;
    const publisher = createThreadedPublisher({ kafkaBrokers: kafkaBrokers(), topic });
    const batch = Array.from({ length: 50 }, (_, k) =>
      exposureEnvelope(tenantId, `u${k}`, { requestId: `threaded-${k}`, itemIds: ['a', 'b'] }),
    );
    await expect(publisher.publish(batch)).resolves.toBeUndefined();
    await expect(publisher.publish([])).resolves.toBeUndefined();
    await publisher.close();

    const transport = createKafkaTransport({ brokers: kafkaBrokers() });
    try {
      const consumer = await transport.consumer({ groupId: `${topic}-reader`, topic });
      const seen = new Set<string>();
      await new Promise<void>((resolve) => {
        void consumer.run(async ({ batch: fetched, resolveOffset }) => {
          for (const message of fetched.messages) {
            const event = JSON.parse(message.value!.toString()) as EventEnvelope;
            seen.add(`${event.userId}:${(event.props as { requestId: string }).requestId}`);
            resolveOffset(message.offset);
          }
          if (seen.size >= batch.length) resolve();
        });
      });
      await consumer.stop();
      expect([...seen].sort()).toEqual(batch.map((e) => `${e.userId}:${e.props.requestId}`).sort());
    } finally {
      await transport.deleteTopics([topic]);
      await transport.close();
    }
  });
});
