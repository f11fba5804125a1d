/**
 * The deliberate bad messages: sent straight to Kafka (the API would refuse them at the door),
 * each keyed `malformed:<k>` so that the DLQ check can tell them from anything else. Only these
 * may appear in the DLQ; every one of them must.
 */
import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '@tessera/events';

export const malformedKinds = [
  'not-json',
  'empty-value',
  'missing-event-id',
  'unknown-type',
  'rating-out-of-range',
  'unknown-tenant',
  'unsupported-schema-version',
] as const;
export type MalformedKind = (typeof malformedKinds)[number];

export const malformedKey = (k: number) => `malformed:${k}`;
export function malformedIndex(key: string): number | undefined {
  const digits = /^malformed:(\d+)$/.exec(key)?.[1];
  return digits === undefined ? undefined : Number(digits);
}

/** How many to send: 0.02 % of the run, and at least two of each kind. */
export function malformedCount(events: number): number {
  return Math.max(2 * malformedKinds.length, Math.round(events * 0.0002));
}

export function malformedMessage(k: number, tenantId: string, nowMs: number): OutgoingMessage {
  const kind = malformedKinds[k % malformedKinds.length] as MalformedKind;
  const at = new Date(nowMs).toISOString();
  const valid: Record<string, unknown> = {
    schemaVersion: 1,
    tenantId,
    eventId: `bad-${k}`,
    type: 'view',
    userId: 'u0',
    itemId: 'i0',
    ts: at,
    receivedAt: at,
    props: {},
  };
  const json = (value: Record<string, unknown>) => Buffer.from(JSON.stringify(value));
  const key = malformedKey(k);
  switch (kind) {
    case 'not-json':
      return { key, value: Buffer.from(`{"eventId":"bad-${k}", "type": view`) };
    case 'empty-value':
      return { key, value: Buffer.alloc(0) };
    case 'missing-event-id': {
      const { eventId: _dropped, ...rest } = valid;
      return { key, value: json(rest) };
    }
    case 'unknown-type':
      return { key, value: json({ ...valid, type: 'teleport' }) };
    case 'rating-out-of-range':
      return { key, value: json({ ...valid, type: 'rating', props: { rating: 9 } }) };
    case 'unknown-tenant':
      return { key, value: json({ ...valid, tenantId: randomUUID() }) };
    case 'unsupported-schema-version':
      return { key, value: json({ ...valid, schemaVersion: 99 }) };
  }
}
