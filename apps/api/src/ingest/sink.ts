import { createHash } from 'node:crypto';
import type { TenantId } from '@tessera/db';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { type EventEnvelope, type EventPublisher, validateClientEvent } from '@tessera/events';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import { type EncodedExposure, type ExposureProps, ExposureQueue, encodeExposure } from './exposure.js';
import { type ExposurePublisher, isExposurePublisher } from './threaded-publisher.js';

export interface EventResult {
  index: number;
  eventId: string | null;
  status: 'ACCEPTED' | 'REJECTED';
  code: string | null;
  message: string | null;
}

export const MAX_EVENTS_PER_REQUEST = 5_000;

/** Short enough that `<key>.<position>` fits an event id (128 characters), in its alphabet. */
const idempotencyKeyPattern = /^[A-Za-z0-9_:-]{1,100}$/;

/**
 * `<key>.<position>.<digest of the event>`: the same request retried gives the same ids, while an
 * event changed and sent again under the same key (a client fixing what was rejected, or an SDK
 * that reuses a key) is a new event, not silently dropped as a duplicate of another one.
 */
function idempotentId(key: string, position: number, input: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(input)).digest('base64url').slice(0, 16);
  return `${key}.${position}.${digest}`;
}

function checkIdempotencyKey(key: string): void {
  if (!idempotencyKeyPattern.test(key))
    throw new TesseraError(
      ErrorCodes.BadUserInput,
      'the idempotency key must be 1–100 letters, digits, "_", ":" or "-"',
      { hint: 'use a UUID or a ULID per request, the same one when retrying it' },
    );
}

/**
 * Both ingest paths (GraphQL `trackEvents`, `POST /v1/events`) end here: validate each event,
 * publish the valid ones durably, and answer per event. Accepted means durable in the event
 * transport (Kafka acks=all, or fsync'd local log), so a crash after the answer loses nothing.
 */
export class EventSink {
  private readonly exposures: ExposureQueue<EncodedExposure>;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly metrics: Metrics,
    log?: Logger,
    /** Where exposures go, when not through `publisher` (a worker-thread publisher in production). */
    private readonly exposurePublisher?: EventPublisher | ExposurePublisher,
  ) {
    const exposuresTo = exposurePublisher ?? publisher;
    // A publisher that takes wire JSON gets it as encoded; another (the embedded local log) gets
    // envelopes back, which costs a parse per exposure on a path where throughput does not matter.
    const publish = isExposurePublisher(exposuresTo)
      ? (batch: EncodedExposure[]) => exposuresTo.publishEncoded(batch)
      : (batch: EncodedExposure[]) =>
          exposuresTo.publish(batch.map((e) => JSON.parse(e.json) as EventEnvelope));
    this.exposures = new ExposureQueue(publish, {
      onRetry: (error, queued) => log?.warn({ err: error, queued }, 'exposures not published yet; retrying'),
      onDropped: (count) => {
        metrics.exposuresDropped.inc(count);
        log?.error({ count }, 'exposure events dropped');
      },
    });
  }

  /**
   * `idempotencyKey`: events without an eventId get `<key>.<position>.<digest>` instead of a fresh ULID, so
   * a retry of the same request (after a timeout or a 503, when part of it may have gone through)
   * stores each event once.
   */
  async accept(
    tenantId: TenantId,
    inputs: readonly unknown[],
    idempotencyKey?: string,
    /** Each input's position in the request, where some were dropped before (unparseable lines). */
    positions?: readonly number[],
  ): Promise<EventResult[]> {
    if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey);
    const now = new Date();
    const results: EventResult[] = [];
    const valid: EventEnvelope[] = [];
    inputs.forEach((input, index) => {
      const outcome = validateClientEvent(
        input,
        idempotencyKey === undefined
          ? { tenantId, now }
          : {
              tenantId,
              now,
              eventId: () => idempotentId(idempotencyKey, positions?.[index] ?? index, input),
            },
      );
      if (outcome.ok) {
        valid.push(outcome.event);
        results.push({
          index,
          eventId: outcome.event.eventId,
          status: 'ACCEPTED',
          code: null,
          message: null,
        });
      } else {
        this.metrics.eventsRejected.inc({ code: outcome.code });
        const eventId = (input as { eventId?: unknown } | null)?.eventId;
        results.push({
          index,
          eventId: typeof eventId === 'string' ? eventId : null,
          status: 'REJECTED',
          code: outcome.code,
          message: outcome.message,
        });
      }
    });
    if (valid.length > 0) {
      await this.publisher.publish(valid);
      this.metrics.eventsAccepted.inc(valid.length);
    }
    return results;
  }

  /** Server-generated events (exposures) that need no client validation beyond the schema. */
  async emit(tenantId: TenantId, input: Record<string, unknown>): Promise<void> {
    const outcome = validateClientEvent(input, { tenantId, now: new Date() });
    if (!outcome.ok) throw new Error(`internal event rejected: ${outcome.code} ${outcome.message}`);
    await this.publisher.publish([outcome.event]);
  }

  /**
   * The exposure of a served list: queued and published in the background (batched, retried,
   * flushed on close), never awaited by the response. Throws only on ids an event may not carry.
   */
  exposure(tenantId: TenantId, userId: string, props: ExposureProps): void {
    this.exposures.push(encodeExposure(tenantId, userId, props));
  }

  async close(): Promise<void> {
    await this.exposures.close();
    await this.exposurePublisher?.close();
    await this.publisher.close();
  }
}
