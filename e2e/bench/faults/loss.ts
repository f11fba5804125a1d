/**
 * Where acknowledged events were lost: never written to Kafka although the producer (or the API)
 * reported success, or written and then not stored by the worker. Read from the topic itself.
 */
import { EVENTS_TOPIC } from '@tessera/events';
import { blockPath, blockSize } from './events.js';
import { scanTopic } from './kafka-scan.js';

export interface LossReport {
  byPath: { api: number; kafka: number };
  /** Acknowledged, yet absent from `events.v1`: lost between the client and Kafka. */
  notInKafka: number;
  /** In `events.v1`, yet absent from the offline store: lost by the worker. */
  inKafkaNotStored: number;
  /** A few lost events with their path and block (one block = one request or send). */
  examples: string[];
}

const idPattern = /"eventId":"f-(\d+)"/;

export async function locateLoss(
  brokers: string,
  lostSeqs: number[],
  total: number,
  runId: string,
): Promise<LossReport> {
  const inKafka = new Uint8Array(total);
  await scanTopic(brokers, EVENTS_TOPIC, `faults-loss-${runId}`, (message) => {
    const seq = idPattern.exec(message.value?.toString('utf8') ?? '')?.[1];
    if (seq !== undefined && Number(seq) < total) inKafka[Number(seq)] = 1;
  });
  const report: LossReport = {
    byPath: { api: 0, kafka: 0 },
    notInKafka: 0,
    inKafkaNotStored: 0,
    examples: [],
  };
  for (const seq of lostSeqs) {
    const block = Math.floor(seq / blockSize);
    report.byPath[blockPath(block)] += 1;
    if (inKafka[seq] === 1) report.inKafkaNotStored += 1;
    else report.notInKafka += 1;
    if (report.examples.length < 5)
      report.examples.push(
        `f-${seq} (${blockPath(block)} block ${block}, ${inKafka[seq] ? 'in Kafka' : 'not in Kafka'})`,
      );
  }
  return report;
}
