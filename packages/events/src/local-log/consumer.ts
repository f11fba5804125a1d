import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchContext, TransportConsumer, TransportMessage } from '../transport.js';
import { acquireLock, listSegments, readDurableEnd, segmentName, writeFileAtomic } from './files.js';
import { decodeRecord, recordHeaderBytes } from './record.js';

export interface LogConsumerOptions {
  topicDir: string;
  topic: string;
  groupId: string;
  /** Upper bound on one batch (default 1 MiB). */
  maxBatchBytes?: number;
  /** Called when the handler throws; the batch is retried from the last commit after a backoff. */
  onError?: (error: unknown) => void;
}

/**
 * Reads one topic directory as a consumer group with one member. Offsets are log byte
 * positions; the committed one lives in `offsets/<group>.json`, written atomically, so a
 * restart resumes exactly after the last committed batch.
 */
export class LogConsumer implements TransportConsumer {
  private running = false;
  private loop: Promise<void> | undefined;
  private committed = 0;
  private readonly offsetFile: string;
  private readonly release: () => void;

  constructor(private readonly options: LogConsumerOptions) {
    const offsetsDir = path.join(options.topicDir, 'offsets');
    mkdirSync(offsetsDir, { recursive: true });
    const safeGroup = options.groupId.replace(/[^A-Za-z0-9._-]/g, '_');
    this.offsetFile = path.join(offsetsDir, `${safeGroup}.json`);
    this.release = acquireLock(
      path.join(offsetsDir, `${safeGroup}.lock`),
      `consumer group ${options.groupId}`,
    );
    if (existsSync(this.offsetFile)) {
      this.committed = (JSON.parse(readFileSync(this.offsetFile, 'utf8')) as { position: number }).position;
    }
  }

  async run(handler: (ctx: BatchContext) => Promise<void>): Promise<void> {
    this.running = true;
    this.loop = this.consume(handler);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.release();
  }

  private commit(position: number): void {
    if (position === this.committed) return;
    writeFileAtomic(this.offsetFile, JSON.stringify({ position, committedAt: new Date().toISOString() }));
    this.committed = position;
  }

  private async consume(handler: (ctx: BatchContext) => Promise<void>): Promise<void> {
    let position = this.committed;
    let idleMs = 5;
    let failures = 0;
    while (this.running) {
      const read = this.read(position);
      if (read.messages.length === 0) {
        await sleep(idleMs);
        idleMs = Math.min(idleMs * 2, 100);
        continue;
      }
      idleMs = 5;
      let resolved = position;
      const ctx: BatchContext = {
        batch: {
          topic: this.options.topic,
          partition: 0,
          highWatermark: String(read.highWatermark),
          messages: read.messages,
        },
        resolveOffset: (offset) => {
          const next = read.nextOf.get(offset);
          if (next !== undefined && next > resolved) resolved = next;
        },
        heartbeat: async () => {},
        commitOffsets: async () => this.commit(resolved),
        isRunning: () => this.running,
        isStale: () => false,
      };
      try {
        await handler(ctx);
        this.commit(resolved);
        position = resolved;
        failures = 0;
      } catch (error) {
        this.options.onError?.(error);
        failures += 1;
        position = this.committed;
        await sleep(Math.min(100 * 2 ** failures, 5000) * (0.5 + Math.random() / 2));
      }
    }
  }

  /**
   * Whole records from `position` on, up to the batch size, and only as far as the writer has
   * synced them (its durable end): bytes written but not yet synced could still vanish in a power
   * loss, and recovery would then reuse their positions.
   */
  private read(position: number) {
    const messages: TransportMessage[] = [];
    const nextOf = new Map<string, number>();
    const segments = listSegments(this.options.topicDir);
    const last = segments.at(-1) ?? 0;
    const durableEnd = readDurableEnd(this.options.topicDir) ?? Number.POSITIVE_INFINITY;
    const highWatermark = Math.min(
      segments.length === 0 ? 0 : last + statSync(this.segmentFile(last)).size,
      durableEnd,
    );
    const base = segments.findLast((candidate) => candidate <= position);
    if (base === undefined || position >= durableEnd) return { messages, nextOf, highWatermark };
    const available = durableEnd - position;
    const fd = openSync(this.segmentFile(base), 'r');
    try {
      let buffer = Buffer.allocUnsafe(Math.min(this.options.maxBatchBytes ?? 1024 * 1024, available));
      let length = readSync(fd, buffer, 0, buffer.length, position - base);
      const firstRecordBytes = length >= recordHeaderBytes ? recordHeaderBytes + buffer.readUInt32LE(0) : 0;
      if (firstRecordBytes > buffer.length && firstRecordBytes <= available) {
        // One record larger than a batch: read just that record.
        buffer = Buffer.allocUnsafe(firstRecordBytes);
        length = readSync(fd, buffer, 0, buffer.length, position - base);
      }
      const view = buffer.subarray(0, length);
      let at = 0;
      for (;;) {
        const decoded = decodeRecord(view, at);
        if (decoded.kind !== 'record') break;
        const offset = String(position + at);
        at += decoded.bytes;
        nextOf.set(offset, position + at);
        const { record } = decoded;
        const message: TransportMessage = {
          key: record.key,
          value: record.value,
          offset,
          timestamp: String(record.timestampMs),
        };
        if (record.headers) message.headers = record.headers;
        messages.push(message);
      }
    } finally {
      closeSync(fd);
    }
    return { messages, nextOf, highWatermark };
  }

  private segmentFile(base: number): string {
    return path.join(this.options.topicDir, segmentName(base));
  }
}
