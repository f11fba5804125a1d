import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asTenantId } from '@tessera/db';
import { createEventPublisher, createLocalTransport, decodeWireEvent, EVENTS_TOPIC } from '@tessera/events';
import { afterAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../metrics.js';
import { EventSink } from './sink.js';
import { createThreadedPublisher } from './threaded-publisher.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-exposures-'));
  dirs.push(dir);
  return dir;
};

describe('EventSink exposures', () => {
  it('close() makes every queued exposure durable through the worker thread, keyed and in order', async () => {
    // The production path end to end, on the durable local log instead of Kafka so it can be read
    // back here: encoded on this thread, sent by the worker thread, written by the transport.
    const exposureDir = tempDir();
    const exposurePublisher = createThreadedPublisher({ localLogDir: exposureDir });
    const sink = new EventSink(
      createEventPublisher({ localLogDir: tempDir() }),
      createMetrics(),
      undefined,
      exposurePublisher,
    );
    const tenantId = asTenantId(randomUUID());
    const served = 300;
    for (let n = 0; n < served; n++)
      sink.exposure(tenantId, `u${n % 7}`, { requestId: `r${n}`, itemIds: [`i${n}`, 'j'], modelId: 'm1' });
    await sink.close();

    const transport = createLocalTransport({ dir: exposureDir });
    const consumer = await transport.consumer({ groupId: 'check', topic: EVENTS_TOPIC });
    const found: { key: string; requestId: unknown; userId: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${found.length} of ${served} exposures written`)),
        20_000,
      );
      void consumer.run(async ({ batch, resolveOffset }) => {
        for (const message of batch.messages) {
          const decoded = decodeWireEvent(message.value, Number(message.timestamp));
          if (!decoded.ok) throw new Error(`the worker would reject an exposure: ${decoded.message}`);
          found.push({
            key: String(message.key),
            requestId: decoded.event.props.requestId,
            userId: decoded.event.userId,
          });
          resolveOffset(message.offset);
        }
        if (found.length >= served) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await consumer.stop();
    await transport.close();
    expect(found).toHaveLength(served);
    expect(found.map((f) => f.requestId)).toEqual(Array.from({ length: served }, (_, n) => `r${n}`));
    for (const f of found) expect(f.key).toBe(`${tenantId}:${f.userId}`);
  }, 30_000);
});
