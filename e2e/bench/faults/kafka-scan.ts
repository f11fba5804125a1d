/**
 * Reads a whole topic once, up to the end offsets it had when the scan began: for the DLQ check,
 * and to tell where a lost event was lost (never reached Kafka, or reached it and was not stored).
 */
import { createKafkaTransport, type TransportMessage } from '@tessera/events';
import { infra } from './services.js';

/** End offset of every partition, from Kafka's own GetOffsetShell (same jars as the brokers). */
async function endOffsets(brokers: string, topic: string): Promise<Map<number, number>> {
  const result = await (await infra()).runKafkaTool('org.apache.kafka.tools.GetOffsetShell', [
    ...['--bootstrap-server', brokers, '--topic', topic, '--time', '-1'],
  ]);
  if (result.code !== 0) throw new Error(`GetOffsetShell failed: ${result.stderr.slice(-1500)}`);
  const ends = new Map<number, number>();
  for (const line of result.stdout.trim().split('\n').filter(Boolean)) {
    const [, partition, offset] = line.split(':');
    ends.set(Number(partition), Number(offset));
  }
  return ends;
}

export async function scanTopic(
  brokers: string,
  topic: string,
  groupId: string,
  onMessage: (message: TransportMessage, partition: number) => void,
): Promise<number> {
  const ends = await endOffsets(brokers, topic);
  const remaining = new Set([...ends].filter(([, end]) => end > 0).map(([partition]) => partition));
  let scanned = 0;
  if (remaining.size === 0) return 0;
  const transport = createKafkaTransport({ brokers: brokers.split(','), clientId: 'faults-scanner' });
  try {
    const consumer = await transport.consumer({ groupId, topic });
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    await consumer.run(async ({ batch, resolveOffset }) => {
      const end = ends.get(batch.partition) ?? 0;
      for (const message of batch.messages) {
        if (Number(message.offset) >= end) break;
        scanned += 1;
        onMessage(message, batch.partition);
        resolveOffset(message.offset);
      }
      const last = batch.messages[batch.messages.length - 1];
      if (last && Number(last.offset) + 1 >= end) remaining.delete(batch.partition);
      if (remaining.size === 0) done();
    });
    const timeout = setTimeout(done, 180_000);
    await finished;
    clearTimeout(timeout);
    await consumer.stop();
  } finally {
    await transport.close();
  }
  return scanned;
}
