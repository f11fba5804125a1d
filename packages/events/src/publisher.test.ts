import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { decodeWireEvent } from './codec.js';
import { createKafkaTransport } from './kafka.js';
import { createLocalTransport } from './local-log/transport.js';
import { createEventPublisher } from './publisher.js';
import { EVENTS_TOPIC } from './topics.js';
import type { Transport } from './transport.js';
import { validateClientEvent } from './validate.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function kafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers)
    throw new Error('KAFKA_BROKERS is not set: this suite needs a real Kafka broker (run `npm test`).');
  return brokers.split(',');
}

const setups: [string, () => { config: Parameters<typeof createEventPublisher>[0]; transport: Transport }][] =
  [
    [
      'the local log (no brokers)',
      () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'tessera-pub-'));
        dirs.push(dir);
        return { config: { localLogDir: dir }, transport: createLocalTransport({ dir }) };
      },
    ],
    [
      'Kafka',
      () => ({
        config: { kafkaBrokers: kafkaBrokers() },
        transport: createKafkaTransport({ brokers: kafkaBrokers() }),
      }),
    ],
  ];

describe.each(setups)('createEventPublisher over %s', (_name, setup) => {
  it('lingers concurrent publishes into batches and delivers each envelope, keyed tenant:user, readable by the worker', async () => {
    const { config, transport } = setup();
    const run = randomBytes(4).toString('hex');
    // A topic of its own: a shared events.v1 holds every earlier run's events, read from the start.
    const topic = `${EVENTS_TOPIC}.test-${run}`;
    const publisher = createEventPublisher({ ...config, lingerMs: 20, topic });
    const tenantId = randomUUID();
    const envelopes = Array.from({ length: 30 }, (_, i) => {
      const result = validateClientEvent(
        { eventId: `${run}-${i}`, type: 'like', userId: `u${i % 3}`, itemId: 'i' },
        { tenantId, now: new Date() },
      );
      if (!result.ok) throw new Error(result.message);
      return result.event;
    });
    await Promise.all([publisher.publish(envelopes.slice(0, 10)), publisher.publish(envelopes.slice(10))]);
    await publisher.close();

    const consumer = await transport.consumer({ groupId: `pub-${run}`, topic });
    const found = new Map<string, string>();
    await new Promise<void>((resolve) => {
      void consumer.run(async ({ batch, resolveOffset }) => {
        for (const message of batch.messages) {
          const decoded = decodeWireEvent(message.value, Number(message.timestamp));
          if (decoded.ok && decoded.event.tenantId === tenantId)
            found.set(decoded.event.eventId, String(message.key));
          // Resolved, so the next fetch goes on past this batch (the topic may hold other tests' events).
          resolveOffset(message.offset);
        }
        if (found.size === envelopes.length) resolve();
      });
    });
    await consumer.stop();
    await transport.close();
    expect(found.get(`${run}-4`)).toBe(`${tenantId}:u1`);
  }, 60_000);
});

describe('createEventPublisher over the local log, after a failed write', () => {
  it('publishes the next round at once (the failed writer is closed before a new one opens)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-pub-'));
    dirs.push(dir);
    // An fdatasync that fails once (EIO), as a disk error would.
    const probe = await open(path.join(dir, 'probe'), 'w');
    const handlePrototype = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const failOnce = vi
      .spyOn(handlePrototype, 'datasync')
      .mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    try {
      // One event per round: the second round is queued while the first one fails.
      const publisher = createEventPublisher({ localLogDir: dir, lingerMs: 0, maxBatchEvents: 1 });
      const tenantId = randomUUID();
      const event = (n: number) => {
        const result = validateClientEvent(
          { eventId: `after-failure-${n}`, type: 'view', userId: 'u', itemId: 'i' },
          { tenantId, now: new Date() },
        );
        if (!result.ok) throw new Error(result.message);
        return result.event;
      };
      const [first, second] = await Promise.allSettled([
        publisher.publish([event(1)]),
        publisher.publish([event(2)]),
      ]);
      expect(first).toMatchObject({ status: 'rejected', reason: { code: 'EIO' } });
      // Before, the failed writer still held the log's lock when the next round opened one.
      expect(second).toMatchObject({ status: 'fulfilled' });
      await publisher.close();
      expect(failOnce).toHaveBeenCalled();
    } finally {
      failOnce.mockRestore();
    }
  });
});
