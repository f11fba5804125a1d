import type { Db } from '@tessera/db';
import {
  type BatchContext,
  decodeWireEvent,
  type EventEnvelope,
  RejectCodes,
  reject,
  type TransportProducer,
} from '@tessera/events';
import type { Logger } from 'pino';
import { deadLetterRows, type RejectedMessage, sendToDlq } from './dead-letters.js';
import type { ScoredEvent } from './features/aggregate.js';
import type { InteractionWeights } from './features/weights.js';
import type { WorkerMetrics } from './metrics.js';
import type { SentimentScorer } from './sentiment.js';
import { GroupCommitter, type WriteOutcome } from './store/group-commit.js';
import { writeBatch } from './store/write-batch.js';
import type { TenantDirectory } from './tenants.js';

export interface PipelineDeps {
  db: Db;
  dlqProducer: TransportProducer;
  dlqTopic: string;
  tenants: TenantDirectory;
  weights: InteractionWeights;
  scoreSentiment: SentimentScorer;
  metrics: WorkerMetrics;
  log: Logger;
  /** Called after each commit with the events that were new; the benchmark measures visibility with it. */
  onCommitted?: (inserted: EventEnvelope[]) => void;
  onBatchStart?: () => void;
}

/**
 * One batch: decode + validate → rejects to the DLQ (original bytes, reason header) → one
 * transaction, shared with the other partitions' batches being handled at the same time (see
 * GroupCommitter), storing only new events and their feature deltas → commit → resolve and commit
 * offsets. Any throw before the offset commit replays the batch, which the dedup ledger makes
 * harmless; only a failed DLQ produce or database write throws, never a bad message.
 */
export function createBatchHandler(deps: PipelineDeps) {
  const { db } = deps;
  const committer = new GroupCommitter(async (scored, deadLetters, heartbeat) => {
    const began = performance.now();
    // Milliseconds into the write at which each statement finished: events, users, items, buckets, …
    const marks: number[] = [];
    const result = await writeBatch(db, scored, deadLetters, deps.weights, async () => {
      marks.push(Math.round(performance.now() - began));
      await heartbeat();
    });
    deps.log.debug(
      { events: scored.length, stored: result.inserted.length, statementMarksMs: marks },
      'group committed',
    );
    return result;
  });
  return async function handleBatch(ctx: BatchContext): Promise<void> {
    deps.onBatchStart?.();
    const ticket = committer.begin();
    try {
      await handle(ctx, ticket);
    } finally {
      ticket.cancel();
    }
  };

  async function handle(ctx: BatchContext, ticket: ReturnType<GroupCommitter['begin']>): Promise<void> {
    const { batch } = ctx;
    const started = performance.now();
    const accepted: { event: EventEnvelope; message: RejectedMessage['message'] }[] = [];
    const rejected: RejectedMessage[] = [];
    const seen = new Set<string>();
    let lastOffset: string | undefined;
    let duplicates = 0;

    for (const message of batch.messages) {
      if (!ctx.isRunning() || ctx.isStale()) break;
      lastOffset = message.offset;
      const result = decodeWireEvent(message.value, Number(message.timestamp));
      if (!result.ok) {
        rejected.push({ message, rejection: result });
        continue;
      }
      const key = `${result.event.tenantId}\u0000${result.event.eventId}`;
      if (seen.has(key)) {
        duplicates += 1;
        continue;
      }
      seen.add(key);
      accepted.push({ event: result.event, message });
    }
    if (lastOffset === undefined) return;

    const tenantIds = new Set(accepted.map((s) => s.event.tenantId));
    for (const { rejection } of rejected) if (rejection.tenantId) tenantIds.add(rejection.tenantId);
    const { known, unknown } = await deps.tenants.partition(tenantIds);
    const stored: ScoredEvent[] = [];
    for (const { event, message } of accepted) {
      if (known.has(event.tenantId)) {
        stored.push({ event, sentiment: deps.scoreSentiment(event) });
        continue;
      }
      const rejection = reject(
        RejectCodes.UnknownTenant,
        `tenantId ${event.tenantId} is not a known tenant`,
        'tenantId',
      );
      rejected.push({ message, rejection: { ...rejection, tenantId: event.tenantId } });
    }
    if (unknown.size > 0)
      deps.log.warn({ tenants: [...unknown] }, 'events for unknown tenants sent to the DLQ');

    const decodedAt = performance.now();
    const source = { topic: batch.topic, partition: batch.partition };
    // If the DLQ produce fails this throws and the offsets stay uncommitted: the batch comes again.
    await sendToDlq(deps.dlqProducer, source, rejected, deps.dlqTopic);
    await ctx.heartbeat();
    // Partitions moved to another member meanwhile: it will redo this batch, so skip the write.
    if (ctx.isStale()) return;
    const dlqAt = performance.now();
    let outcome: WriteOutcome;
    try {
      outcome = await ticket.submit({
        scored: stored,
        deadLetters: deadLetterRows(source, rejected, known),
        heartbeat: ctx.heartbeat,
        isStale: ctx.isStale,
      });
    } catch (error) {
      deps.tenants.forget();
      deps.metrics.batchFailures.inc();
      throw error;
    }
    if ('skipped' in outcome) return;
    const { inserted } = outcome;
    const writtenAt = performance.now();
    ctx.resolveOffset(lastOffset);
    await ctx.commitOffsets();
    await ctx.heartbeat();

    deps.metrics.consumed.inc({ outcome: 'stored' }, inserted.length);
    deps.metrics.consumed.inc({ outcome: 'duplicate' }, duplicates + stored.length - inserted.length);
    deps.metrics.consumed.inc({ outcome: 'rejected' }, rejected.length);
    for (const { rejection } of rejected) deps.metrics.dlq.inc({ reason: rejection.code });
    const behind = BigInt(batch.highWatermark) - BigInt(lastOffset) - 1n;
    deps.metrics.lag.set(
      { topic: batch.topic, partition: String(batch.partition) },
      Number(behind > 0n ? behind : 0n),
    );
    const finished = performance.now();
    deps.metrics.batchSeconds.observe((finished - started) / 1000);
    deps.log.debug(
      {
        partition: batch.partition,
        messages: batch.messages.length,
        stored: inserted.length,
        rejected: rejected.length,
        decodeMs: Math.round(decodedAt - started),
        dlqMs: Math.round(dlqAt - decodedAt),
        writeMs: Math.round(writtenAt - dlqAt),
        commitMs: Math.round(finished - writtenAt),
      },
      'batch committed',
    );
    deps.onCommitted?.(inserted.map((s) => s.event));
  }
}
