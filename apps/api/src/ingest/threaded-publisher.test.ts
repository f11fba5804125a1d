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
  it('publishes exposures durably from a worker thread and closes cleanly', async () => {
    const publisher = createThreadedPublisher({ kafkaBrokers: kafkaBrokers() });
    const batch = Array.from({ length: 50 }, (_, k) =>
      exposureEnvelope(tenantId, `u${k}`, { requestId: `threaded-${Date.now()}-${k}`, itemIds: ['a', 'b'] }),
    );
    await expect(publisher.publish(batch)).resolves.toBeUndefined();
    await expect(publisher.publish([])).resolves.toBeUndefined();
    await publisher.close();
  });
});
