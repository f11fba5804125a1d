/**
 * Reads the whole dead-letter topic once the workers have stopped and sorts it: the deliberate
 * bad messages (each expected at least once; a replayed batch may re-send one) and anything else.
 */
import { DLQ_TOPIC, DlqHeaders } from '@tessera/events';
import { scanTopic } from './kafka-scan.js';
import { malformedIndex } from './malformed.js';

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

export async function checkDlq(brokers: string, malformedSent: number, runId: string): Promise<DlqCheck> {
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
  check.messages = await scanTopic(brokers, DLQ_TOPIC, `faults-dlq-${runId}`, (message) => {
    const reason = String(message.headers?.[DlqHeaders.reason] ?? 'none');
    check.reasons[reason] = (check.reasons[reason] ?? 0) + 1;
    const k = malformedIndex(message.key?.toString() ?? '');
    if (k !== undefined && k < malformedSent) found[k] = (found[k] ?? 0) + 1;
    else {
      check.unexpected += 1;
      if (check.unexpectedExamples.length < 5)
        check.unexpectedExamples.push(`${reason}: ${message.value?.toString().slice(0, 160)}`);
    }
  });
  for (const count of found) {
    if (count === 0) check.expectedMissing += 1;
    else {
      check.expectedFound += 1;
      check.expectedRepeats += count - 1;
    }
  }
  return check;
}
