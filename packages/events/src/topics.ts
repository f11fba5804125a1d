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
