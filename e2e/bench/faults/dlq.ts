/**
 * Reads the whole dead-letter topic once the workers have stopped and sorts it: the deliberate
 * bad messages (each expected at least once; a replayed batch may re-send one) and anything else.
 */
import { createKafkaTransport, DLQ_TOPIC, DlqHeaders } from '@tessera/events';
import { malformedIndex } from './malformed.js';
import { infra } from './services.js';

export interface DlqCheck {
  messages: number;
  /** Deliberate bad messages found, each counted once. */
  expectedFound: number;
  /** Deliberate bad messages that never reached the DLQ. */
  expectedMissing: number;
  /** Extra copies of deliberate ones (at-least-once DLQ produce, replays after a kill). */
  expectedRepeats: number;
  /** Anything else: valid events the worker refused. */
  unexpected: number;
  reasons: Record<string, number>;
  unexpectedExamples: string[];
}

/** The DLQ's end offset, from Kafka's own GetOffsetShell (same jars as the brokers). */
async function endOffset(brokers: string): Promise<number> {
  const result = await (await infra()).runKafkaTool('org.apache.kafka.tools.GetOffsetShell', [
    ...['--bootstrap-server', brokers, '--topic', DLQ_TOPIC, '--time', '-1'],
  ]);
  if (result.code !== 0) throw new Error(`GetOffsetShell failed: ${result.stderr.slice(-1500)}`);
  return result.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .reduce((sum, line) => sum + Number(line.split(':').pop()), 0);
}

export async function checkDlq(brokers: string, malformedSent: number, runId: string): Promise<DlqCheck> {
  const total = await endOffset(brokers);
  const check: DlqCheck = {
    messages: 0,
    expectedFound: 0,
    expectedMissing: 0,
    expectedRepeats: 0,
    unexpected: 0,
    reasons: {},
    unexpectedExamples: [],
  };
  const found = new Uint32Array(malformedSent);
  if (total > 0) {
    const transport = createKafkaTransport({ brokers: brokers.split(','), clientId: 'faults-dlq-reader' });
    const consumer = await transport.consumer({ groupId: `faults-dlq-${runId}`, topic: DLQ_TOPIC });
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    await consumer.run(async ({ batch, resolveOffset }) => {
      for (const message of batch.messages) {
        check.messages += 1;
        const reason = String(message.headers?.[DlqHeaders.reason] ?? 'none');
        check.reasons[reason] = (check.reasons[reason] ?? 0) + 1;
        const k = malformedIndex(message.key?.toString() ?? '');
        if (k !== undefined && k < malformedSent) found[k] = (found[k] ?? 0) + 1;
        else {
          check.unexpected += 1;
          if (check.unexpectedExamples.length < 5)
            check.unexpectedExamples.push(`${reason}: ${message.value?.toString().slice(0, 160)}`);
        }
        resolveOffset(message.offset);
      }
      if (check.messages >= total) done();
    });
    const timeout = setTimeout(done, 60_000);
    await finished;
    clearTimeout(timeout);
    await consumer.stop();
    await transport.close();
  }
  for (const count of found) {
    if (count === 0) check.expectedMissing += 1;
    else {
      check.expectedFound += 1;
      check.expectedRepeats += count - 1;
    }
  }
  return check;
}
