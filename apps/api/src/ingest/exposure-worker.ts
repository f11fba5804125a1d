/**
 * Worker thread that owns a second event publisher for exposures: kafkajs spends ~50–150 µs of CPU
 * per event encoding and compressing, and doing that on the request thread both slowed every
 * recommendation and stalled the event loop for tens of milliseconds per batch. Batches arrive
 * as JSON; each is answered once it is durable (or failed, so the sender retries).
 * @internal
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEventPublisher, type EventPublisherConfig } from '@tessera/events';

const port = parentPort;
if (!port) throw new Error('exposure-worker must run as a worker thread');
const publisher = createEventPublisher(workerData as EventPublisherConfig);

port.on('message', (message: { id: number; json?: string; close?: boolean }) => {
  const work = message.close ? publisher.close() : publisher.publish(JSON.parse(message.json ?? '[]'));
  work.then(
    () => port.postMessage({ id: message.id, ok: true }),
    (error: unknown) => port.postMessage({ id: message.id, ok: false, error: String(error) }),
  );
});
