import { type EventEnvelope, EventLimits, isStorableText, SCHEMA_VERSION } from '@tessera/events';
import { nextUlid } from './ulid.js';

export interface ExposureProps {
  requestId: string;
  itemIds: string[];
  surface?: string;
  modelId?: string;
  experiment?: string;
  variant?: string;
}

/**
 * The envelope of a server-made exposure, built directly: its fields come from our own ranking,
 * not from a client, so the per-event schema parse of client events (the costliest step of an
 * exposure) is skipped. Only the limits a served list could break are checked; the stream-worker
 * validates every message again anyway.
 */
export function exposureEnvelope(tenantId: string, userId: string, served: ExposureProps): EventEnvelope {
  checkExposure(userId, served);
  const { props } = fitted(served);
  const now = new Date().toISOString();
  return {
    schemaVersion: SCHEMA_VERSION,
    tenantId,
    eventId: nextUlid(),
    type: 'exposure',
    userId,
    ts: now,
    receivedAt: now,
    props: { ...props },
  };
}

/** An exposure as it goes on the wire: its partition key (`eventKey`) and its JSON. */
export interface EncodedExposure {
  key: string;
  json: string;
}

/**
 * `exposureEnvelope` written straight to its wire JSON, once, on the request thread: a served
 * list's exposure then waits in the queue as one flat string instead of an object graph, which
 * lived for the whole flush interval, so every young-generation GC copied it and then promoted
 * it. Only `userId` and `props` are caller-given; they go through JSON.stringify.
 */
export function encodeExposure(tenantId: string, userId: string, served: ExposureProps): EncodedExposure {
  checkExposure(userId, served);
  const { json: propsJson } = fitted(served);
  const now = new Date().toISOString();
  return {
    key: `${tenantId}:${userId}`,
    json: `{"schemaVersion":${SCHEMA_VERSION},"tenantId":${JSON.stringify(tenantId)},"eventId":"${nextUlid()}","type":"exposure","userId":${JSON.stringify(userId)},"ts":"${now}","receivedAt":"${now}","props":${propsJson}}`,
  };
}

/**
 * The exposure's props within the worker's limit for them, as bytes of UTF-8 JSON: ids of many
 * non-ASCII characters (or characters JSON escapes) can take a long list past it. Then the list is
 * cut to the first items that fit (they were shown first); the whole exposure would be refused.
 */
function fitted(props: ExposureProps): { props: ExposureProps; json: string } {
  const json = JSON.stringify(props);
  // UTF-8 takes at most 3 bytes per UTF-16 unit: a short JSON needs no exact count.
  if (
    json.length * 3 <= EventLimits.maxExposurePropsBytes ||
    Buffer.byteLength(json) <= EventLimits.maxExposurePropsBytes
  )
    return { props, json };
  let fits = 1;
  let over = props.itemIds.length;
  while (over - fits > 1) {
    const middle = (fits + over) >> 1;
    const bytes = Buffer.byteLength(JSON.stringify({ ...props, itemIds: props.itemIds.slice(0, middle) }));
    if (bytes <= EventLimits.maxExposurePropsBytes) fits = middle;
    else over = middle;
  }
  const cut = { ...props, itemIds: props.itemIds.slice(0, fits) };
  return { props: cut, json: JSON.stringify(cut) };
}

function checkExposure(userId: string, props: ExposureProps): void {
  if (props.itemIds.length === 0 || props.itemIds.length > EventLimits.maxExposureItems)
    throw new Error(
      `an exposure lists 1–${EventLimits.maxExposureItems} items (got ${props.itemIds.length})`,
    );
  checkId(userId, 'userId');
  checkId(props.requestId, 'requestId');
  for (const id of props.itemIds) checkId(id, 'itemIds');
  for (const key of ['surface', 'modelId', 'experiment', 'variant'] as const)
    if (props[key] !== undefined) checkId(props[key], key);
}

/** The id rule of client events, so the worker never rejects ours (and with it, the props fit). */
function checkId(value: string, field: string): void {
  if (value.length === 0 || value.length > EventLimits.maxIdChars || !isStorableText(value))
    throw new Error(
      `exposure ${field} must be 1–${EventLimits.maxIdChars} characters without NUL or unpaired surrogates`,
    );
}

export interface ExposureQueueOptions {
  /** Longest an exposure waits before its batch is sent (default 250 ms: each send costs a compressed produce request). */
  flushMs?: number;
  /** Largest batch handed to the publisher (default 2,000). */
  maxBatch?: number;
  /** Exposures held while the transport is down; past it the oldest are dropped and counted (default 200,000). */
  maxQueued?: number;
  /** How long `close` keeps retrying before it gives up on what is left (default 15 s). */
  closeTimeoutMs?: number;
}

export interface ExposureQueueHooks {
  onRetry?: (error: unknown, queued: number) => void;
  onDropped?: (count: number) => void;
}

/**
 * Exposures leave the response path: a served list is answered at once and its exposure joins a
 * batch published every `flushMs`. A failed publish is retried with backoff (the batch goes back to
 * the front, so per-user order holds), and `close` flushes what is left, so a restart or a broker
 * blip loses nothing; only a transport down long enough to fill `maxQueued` drops (counted) events.
 */
export class ExposureQueue<T> {
  private queue: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private failures = 0;
  private closing = false;
  /** Past this time (set by `close`) the send loop stops retrying. */
  private deadline = Number.POSITIVE_INFINITY;
  private readonly flushMs: number;
  private readonly maxBatch: number;
  private readonly maxQueued: number;
  private readonly closeTimeoutMs: number;

  constructor(
    private readonly publish: (batch: T[]) => Promise<void>,
    private readonly hooks: ExposureQueueHooks = {},
    options: ExposureQueueOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 250;
    this.maxBatch = options.maxBatch ?? 2_000;
    this.maxQueued = options.maxQueued ?? 200_000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 15_000;
  }

  get pending(): number {
    return this.queue.length;
  }

  push(exposure: T): void {
    this.queue.push(exposure);
    if (this.queue.length > this.maxQueued) {
      const dropped = this.queue.length - this.maxQueued;
      this.queue.splice(0, dropped);
      this.hooks.onDropped?.(dropped);
    }
    if (this.queue.length >= this.maxBatch) this.kick(0);
    else this.kick(this.flushMs);
  }

  /** Sends everything queued, retrying until it is durable or `closeTimeoutMs` has passed. */
  async close(): Promise<void> {
    this.closing = true;
    this.deadline = Date.now() + this.closeTimeoutMs;
    while ((this.queue.length > 0 || this.sending) && Date.now() < this.deadline) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      await (this.sending ?? this.drain());
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length > 0) this.hooks.onDropped?.(this.queue.length);
  }

  private kick(delayMs: number): void {
    if (this.sending || (this.timer && delayMs > 0)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, delayMs);
  }

  private drain(): Promise<void> {
    if (this.sending) return this.sending;
    this.sending = (async () => {
      while (this.queue.length > 0 && Date.now() < this.deadline) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.publish(batch);
          this.failures = 0;
          // What arrived meanwhile waits for its own timer unless it is already a full batch: sending
          // back to back would turn a busy server's exposures into many tiny compressed requests.
          if (this.queue.length < this.maxBatch && !this.closing) break;
        } catch (error) {
          this.queue.unshift(...batch);
          this.failures++;
          this.hooks.onRetry?.(error, this.queue.length);
          // Exponential backoff with jitter, capped; on close, retry sooner.
          const backoff = Math.min(5_000, 100 * 2 ** Math.min(this.failures, 6)) * (0.5 + Math.random() / 2);
          await new Promise((resolve) =>
            setTimeout(resolve, this.closing ? Math.min(backoff, 500) : backoff),
          );
        }
      }
    })().finally(() => {
      this.sending = undefined;
      if (this.queue.length > 0 && !this.closing) this.kick(this.flushMs);
    });
    return this.sending;
  }
}
