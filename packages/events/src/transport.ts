/**
 * The small streaming interface the worker and the publisher use, so Kafka and the durable
 * local log are interchangeable. Shapes follow kafkajs's `eachBatch` so the Kafka adapter is thin.
 */
export interface TransportMessage {
  key: Buffer | null;
  value: Buffer | null;
  /** Opaque, increasing within a partition. */
  offset: string;
  /** Append time, epoch milliseconds as a string. */
  timestamp: string;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

export interface TransportBatch {
  topic: string;
  partition: number;
  /** The offset the next appended message will get. */
  highWatermark: string;
  messages: TransportMessage[];
}

export interface BatchContext {
  batch: TransportBatch;
  /** Marks everything up to and including `offset` as processed. */
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  /** Commits the resolved offsets now. */
  commitOffsets(): Promise<void>;
  /** False once a stop was asked for: finish the current message and return. */
  isRunning(): boolean;
  /** True when a rebalance took the partition away: the rest of the batch is someone else's. */
  isStale(): boolean;
  /** Present only on a consumer opened with `pipelined: true` (Kafka). */
  pipelined?: PipelinedPartition;
}

/**
 * A pipelined consumer fetches on from the resolved offsets while earlier batches are still being
 * stored, and commits nothing by itself: the handler commits each partition's position once
 * everything before it is durable, and seeks back when a write failed.
 */
export interface PipelinedPartition {
  /** Commits `next` (the offset after the last durable message) as this partition's position, alone. */
  commitOffset(next: string): Promise<void>;
  /** Fetches this partition again from `offset` (batches fetched before that are dropped). */
  seek(offset: string): void;
}

export interface OutgoingMessage {
  key: string | Buffer | null;
  value: Buffer;
  headers?: Record<string, string>;
}

export interface TransportProducer {
  /** Resolves once the messages are durable (acks=all, or fsync'd). */
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface ConsumerOptions {
  groupId: string;
  topic: string;
  /** Start from the earliest retained message when the group has no committed offset (default true). */
  fromBeginning?: boolean;
  /**
   * Let the handler return before its batch is durable (see PipelinedPartition). Kafka only: the
   * local log ignores it and hands out one batch at a time, committed when the handler returns.
   */
  pipelined?: boolean;
}

export interface TransportConsumer {
  /** Starts consuming; the handler is called for one partition's batch at a time. */
  run(handler: (ctx: BatchContext) => Promise<void>): Promise<void>;
  /** Finishes the batch in flight, commits, disconnects. */
  stop(): Promise<void>;
}

export interface Transport {
  kind: 'kafka' | 'local';
  producer(): Promise<TransportProducer>;
  consumer(options: ConsumerOptions): Promise<TransportConsumer>;
  /** Creates the topic when missing (Kafka) or its directory (local log). */
  ensureTopic(topic: string, partitions?: number): Promise<void>;
  close(): Promise<void>;
}
