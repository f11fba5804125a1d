/**
 * Worker thread that owns the Kafka producer for exposures: kafkajs spends tens of µs of CPU per
 * event encoding, partitioning and compressing, and doing that on the request thread both slowed
 * every recommendation and stalled the event loop for milliseconds per batch. A batch arrives as
 * its keys and JSON values, each joined into one string (threaded-publisher.ts), and goes out as
 * it came; each is answered once it is durable (or failed, so the sender retries).
 * @internal
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  createEventTransport,
  EVENTS_TOPIC,
  type EventPublisherConfig,
  type TransportProducer,
} from '@tessera/events';
import { SEPARATOR, type ToExposureWorker } from './threaded-publisher.js';

const port = parentPort;
if (!port) throw new Error('exposure-worker must run as a worker thread');
const config = workerData as EventPublisherConfig;
const transport = createEventTransport(config);
const topic = config.topic ?? EVENTS_TOPIC;
let producer: Promise<TransportProducer> | undefined;
/** One send at a time, in arrival order (the producer keeps one request in flight anyway). */
let sending: Promise<void> = Promise.resolve();

async function publish(keys: string, values: string): Promise<void> {
  const keyList = keys.split(SEPARATOR);
  const valueList = values.split(SEPARATOR);
  if (keyList.length !== valueList.length)
    throw new Error(`exposure batch has ${keyList.length} keys for ${valueList.length} values`);
  const messages = keyList.map((key, i) => ({ key, value: Buffer.from(valueList[i]!) }));
  try {
    // As the event publisher does: the first send makes sure the topic exists.
    producer ??= transport.ensureTopic(topic).then(() => transport.producer());
    await (await producer).send(topic, messages);
  } catch (error) {
    // A fresh producer for the next batch; this one is closed, not left connected.
    const failed = producer;
    producer = undefined;
    // Awaited: the next batch opens a new one, and a local log's writer lock must be free by then.
    await failed?.then((p) => p.close()).catch(() => {});
    throw error;
  }
}

port.on('message', (message: ToExposureWorker) => {
  const work = sending
    .catch(() => {})
    .then(() => (message.close ? transport.close() : publish(message.keys ?? '', message.values ?? '')));
  sending = work;
  work.then(
    () => port.postMessage({ id: message.id, ok: true }),
    (error: unknown) => port.postMessage({ id: message.id, ok: false, error: String(error) }),
  );
});
