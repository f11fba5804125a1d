import {
  DLQ_TOPIC,
  DlqHeaders,
  type TransportMessage,
  type TransportProducer,
  type WireRejection,
} from '@tessera/events';
import type { DeadLetterRow } from './store/write-batch.js';

export interface RejectedMessage {
  message: TransportMessage;
  rejection: WireRejection;
}

/** Largest payload copied into the dead_letters table; the DLQ topic keeps the whole original. */
const maxStoredPayloadChars = 8 * 1024;

/**
 * Sends rejects to the dead-letter topic with their original bytes and the reason in headers.
 * Resolves only when the DLQ holds them; if this throws, the caller must not commit offsets.
 */
export async function sendToDlq(
  producer: TransportProducer,
  source: { topic: string; partition: number },
  rejected: RejectedMessage[],
  dlqTopic = DLQ_TOPIC,
): Promise<void> {
  if (rejected.length === 0) return;
  await producer.send(
    dlqTopic,
    rejected.map(({ message, rejection }) => {
      const headers: Record<string, string> = {
        [DlqHeaders.reason]: rejection.code,
        [DlqHeaders.message]: rejection.message,
        [DlqHeaders.sourceTopic]: source.topic,
        [DlqHeaders.sourcePartition]: String(source.partition),
        [DlqHeaders.sourceOffset]: message.offset,
      };
      if (rejection.field !== undefined) headers[DlqHeaders.field] = rejection.field;
      if (rejection.tenantId !== undefined) headers[DlqHeaders.tenantId] = rejection.tenantId;
      return { key: message.key, value: message.value ?? Buffer.alloc(0), headers };
    }),
  );
}

/** Rows for the dashboard's dead-letter browser: only rejects of tenants that exist. */
export function deadLetterRows(
  source: { topic: string; partition: number },
  rejected: RejectedMessage[],
  knownTenants: Set<string>,
): DeadLetterRow[] {
  return rejected.flatMap(({ message, rejection }) =>
    rejection.tenantId !== undefined && knownTenants.has(rejection.tenantId)
      ? [
          {
            tenantId: rejection.tenantId,
            reasonCode: rejection.code,
            message: rejection.message,
            // PostgreSQL text cannot hold NUL, and one such byte must not stall the whole batch.
            payload: (message.value?.toString('utf8') ?? '')
              .slice(0, maxStoredPayloadChars)
              .replaceAll('\u0000', '\uFFFD'),
            source: source.topic,
            partition: source.partition,
            offset: message.offset,
          },
        ]
      : [],
  );
}
