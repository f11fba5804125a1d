import { z } from 'zod';

/** The event stream every producer writes and only the stream-worker reads. */
export const EVENTS_TOPIC = 'events.v1';
/** Rejected messages: the original bytes, with the reason in the `reason` header. */
export const DLQ_TOPIC = 'events.dlq.v1';

/** Header names on dead-letter messages. */
export const DlqHeaders = {
  reason: 'reason',
  message: 'reason-message',
  field: 'reason-field',
  sourceTopic: 'source-topic',
  sourcePartition: 'source-partition',
  sourceOffset: 'source-offset',
  tenantId: 'tenant-id',
} as const;

/**
 * A configured topic name, as Kafka allows them (1–249 of letters, digits, `.`, `_`, `-`; not `.`
 * or `..`), which also keeps the local log's topic directories inside its root.
 */
export const topicNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,249}$/, 'a topic name is 1–249 letters, digits, ".", "_" or "-"')
  .refine((name) => name !== '.' && name !== '..', 'a topic name cannot be "." or ".."');
