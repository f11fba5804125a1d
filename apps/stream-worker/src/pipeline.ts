import type { Db } from '@tessera/db';
import {
  type BatchContext,
  decodeWireEvent,
  type EventEnvelope,
  encodeEvent,
  type PipelinedPartition,
  RejectCodes,
  reject,
  type TransportProducer,
  type WireValidation,
} from '@tessera/events';
import type { Logger } from 'pino';
import { deadLetterRows, type RejectedMessage, sendToDlq } from './dead-letters.js';
import type { ScoredEvent } from './features/aggregate.js';
import type { InteractionWeights } from './features/weights.js';
import { entryOf } from './maps.js';
import type { WorkerMetrics } from './metrics.js';
import type { SentimentScorer } from './sentiment.js';
import { GroupCommitter, type GroupWriter, type WriteOutcome } from './store/group-commit.js';
import { describeRefusal, isDriverError, type PoisonEvent, writeIsolatingPoison } from './store/poison.js';
import { type DeadLetterRow, InsertStrategy, writeBatch } from './store/write-batch.js';
import type { TenantDirectory } from './tenants.js';
import { UnknownTenantWarnings } from './unknown-tenants.js';

export interface PipelineDeps {
  db: Db;
  dlqProducer: TransportProducer;
  dlqTopic: string;
  tenants: TenantDirectory;
  weights: InteractionWeights;
  scoreSentiment: SentimentScorer;
  metrics: WorkerMetrics;
  log: Logger;
  /** Called as each transaction commits, with the events it stored (before their offsets are committed); the benchmark measures visibility with it. */
  onCommitted?: (inserted: EventEnvelope[]) => void;
  onBatchStart?: () => void;
  /**
   * Messages decoded and submitted at a time within one partition's batch (default 12,000). A
   * group takes the first chunk of each partition in a fetch, so this sets the size of the
   * backlog's transactions: 4,000 gave groups of ~12k events and cost PostgreSQL 65 µs per event
   * in bench:ingest (300k), 12,000 cost 54–55.
   */
  chunkMessages?: number;
  /** Events per group commit, at most (default GroupCommitter's). */
  maxGroupEvents?: number;
  /** Group commits written at the same time, on separate connections (default 1; see GroupCommitter). */
  writeLanes?: number;
  /** Writes one group (default: writeBatch on `db`); tests put a gate or a failure in its place. */
  writeGroup?: GroupWriter;
  /**
   * Pipelined consumers only: messages handed out but not yet stored, at most, before a new batch
   * waits for older ones (default 32,000).
   */
  maxInFlightMessages?: number;
}

export interface BatchHandler {
  (ctx: BatchContext): Promise<void>;
  /** From now on each batch returns only once its rows and offsets are committed, so a consumer's stop waits for them. */
  quiesce(): void;
  /** Resolves once every batch handed out so far is stored and its offsets committed, or given up to be fetched again. */
  drain(): Promise<void>;
}

/**
 * One partition's pipelined batches, in the order they were handed out. `tail` settles when the
 * newest of them is finished; `generation` moves on when a batch fails or goes stale, and the
 * batches of an older generation commit nothing: they are fetched again from the failed chunk.
 */
interface PartitionChain {
  tail: Promise<void>;
  generation: number;
  failures: number;
  /** The newest partition handle kafkajs gave (its commit works after its batch returned). */
  pipe: PipelinedPartition;
  /** The position everything before which is stored, and the one last committed to Kafka. */
  durable?: string;
  committed?: string;
  /** The offset commit in flight: one at a time per partition, each taking the newest durable position. */
  committing?: Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One batch: decode + validate → rejects to the DLQ (original bytes, reason header) → one
 * transaction, shared with the other partitions' batches being handled at the same time (see
 * GroupCommitter), storing only new events and their feature deltas → commit → resolve and commit
 * offsets. Any throw before the offset commit replays the batch, which the dedup ledger makes
 * harmless; only a failed DLQ produce or database write throws, never a bad message.
 */
export function createBatchHandler(deps: PipelineDeps): BatchHandler {
  const { db } = deps;
  const strategy = new InsertStrategy(() => deps.metrics.insertFallbacks.inc());
  const writeGroup: GroupWriter =
    deps.writeGroup ??
    ((scored, deadLetters, between) => writeBatch(db, scored, deadLetters, deps.weights, between, strategy));
  const committer = new GroupCommitter(
    async (scored, deadLetters, heartbeat) => {
      const began = performance.now();
      // Milliseconds into the write at which each statement finished: events, users, items, buckets, …
      const marks: number[] = [];
      const { poison, ...result } = await writeIsolatingPoison(writeGroup, scored, deadLetters, async () => {
        marks.push(Math.round(performance.now() - began));
        await heartbeat();
      });
      // Before the offsets are committed (the caller's next step): a failed send fails the group,
      // and its redelivery finds the same events refused again.
      if (poison.length > 0) await deadLetterPoison(poison);
      deps.log.debug(
        {
          events: scored.length,
          stored: result.inserted.length,
          ...('path' in result ? { insertPath: result.path } : {}),
          statementMarksMs: marks,
        },
        'group committed',
      );
      return result;
    },
    {
      ...(deps.maxGroupEvents ? { maxGroupEvents: deps.maxGroupEvents } : {}),
      lanes: deps.writeLanes ?? 1,
    },
  );
  /** Events PostgreSQL refused: to the DLQ as STORAGE_REJECTED, and to the dashboard's dead letters. */
  async function deadLetterPoison(poison: PoisonEvent[]): Promise<void> {
    const bySource = new Map<
      string,
      { source: { topic: string; partition: number }; rejected: RejectedMessage[] }
    >();
    for (const { scored, error } of poison) {
      scored.storageRejected = true;
      const source = { topic: scored.sourceTopic ?? 'unknown', partition: scored.sourcePartition ?? -1 };
      const message = scored.sourceMessage ?? {
        key: Buffer.from(`${scored.event.tenantId}:${scored.event.userId}`),
        value: encodeEvent(scored.event),
        offset: '-1',
        timestamp: String(scored.receivedAtMs),
      };
      const rejection = {
        ...reject(
          RejectCodes.StorageRejected,
          `PostgreSQL refused to store this event (${describeRefusal(error)}); it passed validation, so please report it`,
        ),
        tenantId: scored.event.tenantId,
      };
      const key = `${source.topic}\u0000${source.partition}`;
      const entry = entryOf(bySource, key, () => ({
        source: { topic: source.topic, partition: source.partition },
        rejected: [],
      }));
      entry.rejected.push({ message, rejection });
    }
    const rows: DeadLetterRow[] = [];
    for (const { source, rejected } of bySource.values()) {
      await sendToDlq(deps.dlqProducer, source, rejected, deps.dlqTopic);
      rows.push(
        ...deadLetterRows(source, rejected, new Set(rejected.map((r) => r.rejection.tenantId as string))),
      );
    }
    deps.log.error(
      { events: poison.length, reasons: [...new Set(rows.map((r) => r.message))].slice(0, 5) },
      'PostgreSQL refused events that passed validation; they went to the DLQ as STORAGE_REJECTED',
    );
    // Best effort: the DLQ topic holds them already, and a refused dead-letter row must not stall the stream.
    await writeGroup([], rows, async () => {}).catch((error: unknown) =>
      deps.log.warn({ err: error }, 'the dead-letter rows of refused events could not be stored'),
    );
  }

  const chunkMessages = deps.chunkMessages ?? 12_000;
  const maxInFlight = deps.maxInFlightMessages ?? 32_000;
  const chains = new Map<string, PartitionChain>();
  const inFlight = new Set<Promise<void>>();
  let inFlightMessages = 0;
  let quiescing = false;
  const unknownTenantWarnings = new UnknownTenantWarnings();

  /**
   * A Kafka consumer opened `pipelined` fetches the next batch as soon as this one's chunks are
   * submitted: events that arrive while a group is being written are decoded and queued for the
   * next group instead of waiting for the write, the offset commit and a new fetch. Offsets are
   * still committed only in order, each once its chunk and every chunk before it in the partition
   * are committed in PostgreSQL. Measured: a lower visibility p50 on small tables (150k events),
   * but slower and a higher p99 at 1M, so it is opt-in (StreamWorkerConfig.pipelined).
   */
  /** The partition's chain, made on its first pipelined batch; it commits through the newest handle. */
  function chainOf(ctx: BatchContext, pipe: PipelinedPartition): PartitionChain {
    const key = `${ctx.batch.topic}\u0000${ctx.batch.partition}`;
    let chain = chains.get(key);
    if (!chain) {
      chain = { tail: Promise.resolve(), generation: 0, failures: 0, pipe };
      chains.set(key, chain);
    }
    chain.pipe = pipe;
    return chain;
  }

  async function handleBatch(ctx: BatchContext): Promise<void> {
    deps.onBatchStart?.();
    const pipe = ctx.pipelined;
    const chain = pipe ? chainOf(ctx, pipe) : undefined;
    // After a failed write the partition was sought back; a persistent failure must not spin.
    if (chain && chain.failures > 0) await sleep(Math.min(100 * 2 ** chain.failures, 5_000));
    while (pipe && inFlightMessages > maxInFlight && inFlight.size > 0) await Promise.race(inFlight);
    // Read before decoding: a failure of an earlier batch while this one decodes makes this one old too.
    const generation = chain?.generation ?? 0;

    const { messages } = ctx.batch;
    // Event ids seen in this batch, per tenant: repeats of one are counted once.
    const seen: SeenIds = new Map();
    // A fetch returns whole producer batches, however large (tens of thousands of events): the
    // batch is handled in chunks, and chunk k+1 is decoded while chunk k is being written.
    // Offsets are resolved strictly in chunk order, each after the commit holding its rows, so a
    // failed chunk stops the batch before any later chunk's offset: Kafka redelivers from there.
    const written: Promise<Finish | undefined>[] = [];
    const firstOffsets: string[] = [];
    let failure: unknown;
    let lastSubmitted: string | undefined;
    // Only the first chunk is announced before it is decoded: the group about to be written waits
    // for the other partitions' first chunks (one fetch, one transaction), never for later chunks.
    const first = committer.begin();
    try {
      for (let from = 0; from < messages.length; from += chunkMessages) {
        if (!ctx.isRunning() || ctx.isStale() || failure !== undefined) break;
        const chunk = messages.slice(from, from + chunkMessages);
        const submitted = await handle(ctx, chunk, seen, from === 0 ? first : undefined);
        if (submitted === undefined) break;
        firstOffsets.push((chunk[0] as { offset: string }).offset);
        lastSubmitted = submitted.last;
        // Settled here so a chunk failing while later ones decode is not an unhandled rejection.
        written.push(
          submitted.written.then(undefined, (error: unknown) => {
            failure ??= error;
            return undefined;
          }),
        );
      }
    } finally {
      first.cancel();
    }

    if (!pipe || !chain) {
      for (const chunk of written) {
        const finish = await chunk;
        if (finish === undefined) {
          if (failure !== undefined) throw failure;
          return;
        }
        await finish();
      }
      return;
    }

    const previous = chain.tail;
    const owner = chain;
    const completion = (async () => {
      await previous;
      for (const [i, chunk] of written.entries()) {
        const finish = await chunk;
        if (owner.generation !== generation) return; // an earlier batch failed: this one comes again
        if (finish === undefined) {
          owner.generation += 1;
          if (failure !== undefined) {
            owner.failures += 1;
            // kafkajs already fetched past this chunk: send it back to the first message not stored.
            pipe.seek(firstOffsets[i] as string);
            deps.log.error(
              { err: failure, partition: ctx.batch.partition, from: firstOffsets[i] },
              'write failed; the partition is fetched again from the first message not stored',
            );
          }
          return;
        }
        await finish();
      }
      owner.failures = 0;
    })().catch((error: unknown) => {
      // Not expected (commits and heartbeats are caught in the chunk's finish): say so, stay up.
      deps.log.error(
        { err: error, partition: ctx.batch.partition },
        'pipelined batch failed after its write',
      );
    });
    chain.tail = completion;
    inFlightMessages += messages.length;
    inFlight.add(completion);
    void completion.finally(() => {
      inFlightMessages -= messages.length;
      inFlight.delete(completion);
    });
    // The fetch position moves on now (a pipelined consumer commits nothing by itself); the
    // offsets are committed by `completion`, in order, once durable.
    if (lastSubmitted !== undefined && !ctx.isStale()) ctx.resolveOffset(lastSubmitted);
    if (quiescing) await completion;
  }

  /** Event ids per tenant. */
  type SeenIds = Map<string, Set<string>>;

  /** What is left of a chunk once its rows are committed: resolve and commit its offsets, count it. */
  type Finish = () => Promise<void>;

  /**
   * Validation never throws by design; if it ever does on some message, that message goes to the
   * DLQ with the error instead of failing its batch for ever (the worker never stops on a bad one).
   */
  function decodeOrReject(value: Buffer | null, brokerTimestampMs: number): WireValidation {
    try {
      return decodeWireEvent(value, brokerTimestampMs);
    } catch (error) {
      deps.log.error({ err: error }, 'validating a message threw; it goes to the DLQ');
      return reject(
        RejectCodes.InvalidField,
        `the message could not be validated (${(error as Error).message ?? String(error)}); it is kept in the DLQ`,
      );
    }
  }

  async function handle(
    ctx: BatchContext,
    messages: BatchContext['batch']['messages'],
    seen: SeenIds,
    ticket: ReturnType<GroupCommitter['begin']> | undefined,
  ): Promise<{ written: Promise<Finish | undefined>; last: string } | undefined> {
    const { batch } = ctx;
    const started = performance.now();
    const accepted: { valid: Extract<WireValidation, { ok: true }>; message: RejectedMessage['message'] }[] =
      [];
    const rejected: RejectedMessage[] = [];
    let lastOffset: string | undefined;
    let duplicates = 0;

    for (let i = 0; i < messages.length; i++) {
      // kafkajs's isStale builds a string key per call: asked per message it was ~2% of the worker.
      if (i % 256 === 0 && (!ctx.isRunning() || ctx.isStale())) break;
      const message = messages[i] as (typeof messages)[number];
      lastOffset = message.offset;
      const result = decodeOrReject(message.value, Number(message.timestamp));
      if (!result.ok) {
        rejected.push({ message, rejection: result });
        continue;
      }
      const { tenantId, eventId } = result.event;
      const ids = entryOf(seen, tenantId, () => new Set<string>());
      if (ids.has(eventId)) {
        duplicates += 1;
        continue;
      }
      ids.add(eventId);
      accepted.push({ valid: result, message });
    }
    if (lastOffset === undefined) return undefined;

    const tenantIds = new Set(accepted.map((s) => s.valid.event.tenantId));
    for (const { rejection } of rejected) if (rejection.tenantId) tenantIds.add(rejection.tenantId);
    const { known } = await deps.tenants.partition(tenantIds);
    const stored: ScoredEvent[] = [];
    const unknownEvents = new Map<string, number>();
    for (const { valid, message } of accepted) {
      const { event } = valid;
      if (known.has(event.tenantId)) {
        stored.push({
          event,
          tsMs: valid.tsMs,
          receivedAtMs: valid.receivedAtMs,
          sentiment: deps.scoreSentiment(event),
          sourceTopic: batch.topic,
          sourcePartition: batch.partition,
          sourceMessage: message,
        });
        continue;
      }
      const rejection = reject(
        RejectCodes.UnknownTenant,
        `tenantId ${event.tenantId} is not a known tenant`,
        'tenantId',
      );
      rejected.push({ message, rejection: { ...rejection, tenantId: event.tenantId } });
      unknownEvents.set(event.tenantId, (unknownEvents.get(event.tenantId) ?? 0) + 1);
    }
    const decodedAt = performance.now();
    const source = { topic: batch.topic, partition: batch.partition };
    // If the DLQ produce fails this throws and the offsets stay uncommitted: the batch comes again.
    await sendToDlq(deps.dlqProducer, source, rejected, deps.dlqTopic);
    // After the DLQ send: a batch whose send failed comes again and would be counted twice.
    if (unknownEvents.size > 0) {
      const report = unknownTenantWarnings.note(unknownEvents);
      if (report.lastInterval)
        deps.log.warn(
          { ...report.lastInterval, intervalMs: unknownTenantWarnings.intervalMs },
          'events for unknown tenants were sent to the DLQ in the last interval',
        );
      for (const { tenantId, events } of report.tenants)
        deps.log.warn(
          {
            tenantId,
            events,
            hint: 'create the tenant, or fix the producer’s tenantId; each tenant is named once a minute (20 at most), with a total per minute',
          },
          'events for an unknown tenant sent to the DLQ',
        );
    }
    await ctx.heartbeat();
    // Partitions moved to another member meanwhile: it will redo this batch, so skip the write.
    if (ctx.isStale()) return undefined;
    const dlqAt = performance.now();
    const last = lastOffset;
    const outcome = (ticket ?? committer.begin()).submit({
      scored: stored,
      deadLetters: deadLetterRows(source, rejected, known),
      heartbeat: ctx.heartbeat,
      isStale: ctx.isStale,
    });
    // Wrapped: an async function returning the promise itself would make the caller wait for the write.
    const written = outcome.then(
      (result: WriteOutcome): Finish | undefined => {
        if ('skipped' in result) return undefined;
        // Visible from here on: the transaction holding these rows has committed. The offsets
        // follow in chunk order, and a delay there must not count as a delay in visibility.
        deps.onCommitted?.(result.inserted.map((s) => s.event));
        const writtenAt = performance.now();
        return async () => {
          const { inserted } = result;
          // Counted before the offsets: a rebalance can fail the heartbeat after a commit that
          // went through, and the rows would then never be counted (their redelivery is dropped
          // as already stored). Counted here, a redelivery counts as duplicates instead.
          // Refused by PostgreSQL (writeIsolatingPoison): rejected, not duplicates. Looked for only
          // when some stored events were not inserted.
          const refused =
            stored.length > inserted.length ? stored.filter((s) => s.storageRejected === true).length : 0;
          deps.metrics.consumed.inc({ outcome: 'stored' }, inserted.length);
          deps.metrics.consumed.inc(
            { outcome: 'duplicate' },
            duplicates + stored.length - inserted.length - refused,
          );
          deps.metrics.consumed.inc({ outcome: 'rejected' }, rejected.length + refused);
          for (const { rejection } of rejected) deps.metrics.dlq.inc({ reason: rejection.code });
          if (refused > 0) deps.metrics.dlq.inc({ reason: RejectCodes.StorageRejected }, refused);
          if (ctx.pipelined) {
            // Only this partition's position: the consumer's other resolved offsets may run ahead
            // of what is stored. kafkajs heartbeats by itself between the fetches of a pipelined consumer.
            commitDurable(ctx, ctx.pipelined, (BigInt(last) + 1n).toString());
          } else {
            ctx.resolveOffset(last);
            await ctx.commitOffsets();
            await ctx.heartbeat();
          }

          const behind = BigInt(batch.highWatermark) - BigInt(last) - 1n;
          deps.metrics.lag.set(
            { topic: batch.topic, partition: String(batch.partition) },
            Number(behind > 0n ? behind : 0n),
          );
          const finished = performance.now();
          deps.metrics.batchSeconds.observe((finished - started) / 1000);
          deps.log.debug(
            {
              partition: batch.partition,
              messages: messages.length,
              stored: inserted.length,
              rejected: rejected.length,
              decodeMs: Math.round(decodedAt - started),
              dlqMs: Math.round(dlqAt - decodedAt),
              writeMs: Math.round(writtenAt - dlqAt),
              commitMs: Math.round(finished - writtenAt),
            },
            'batch committed',
          );
        };
      },
      (error: unknown) => {
        deps.tenants.forget();
        deps.metrics.batchFailures.inc();
        // kafkajs logs what eachBatch throws with its stack, and drizzle's message holds every bind
        // parameter of the failed query (megabytes of binary arrays): a short error goes up, the
        // driver's error kept as its cause for our own logs (loggableError trims it).
        // Anything else (kafkajs's own rebalance errors from a heartbeat) goes up unchanged: kafkajs
        // tells them by their type, to rejoin at once.
        if (isDriverError(error))
          throw new Error(`the batch's write failed (${describeRefusal(error)})`, { cause: error });
        throw error;
      },
    );
    return { written, last };
  }

  /**
   * Records `next` as the partition's durable position and commits it, coalesced: while one commit
   * is in flight the positions that become durable meanwhile go as one commit after it (a live
   * stream of small batches would otherwise send an offset commit per batch).
   */
  function commitDurable(ctx: BatchContext, pipe: PipelinedPartition, next: string): void {
    const chain = chainOf(ctx, pipe);
    chain.durable = next;
    if (chain.committing) return;
    chain.committing = (async () => {
      while (chain.durable !== undefined && chain.durable !== chain.committed) {
        const target = chain.durable;
        try {
          await chain.pipe.commitOffset(target);
          chain.committed = target;
        } catch (error) {
          // A rebalance: the rows are stored; the next durable position is committed by whoever owns the partition then.
          deps.log.warn(
            { err: error, partition: ctx.batch.partition },
            'offset commit failed; a later one covers it',
          );
          return;
        }
      }
    })().finally(() => {
      chain.committing = undefined;
    });
  }

  return Object.assign(handleBatch, {
    quiesce() {
      quiescing = true;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await Promise.all([...chains.values()].map((chain) => chain.committing));
    },
  });
}
