import { describe, expect, it } from 'vitest';
import { decodeWireEvent, encodeEvent } from './codec.js';
import { EventLimits } from './limits.js';
import { validateClientEvent } from './validate.js';

const tenantId = '6f1c1f0e-8f5e-4c1a-9a57-2f4b7c2b9d10';
const now = new Date('2026-11-28T12:00:00.000Z');
const ctx = { tenantId, now, eventId: () => 'generated-id' };

describe('validateClientEvent', () => {
  it('accepts a view, fills server fields and keeps the client id', () => {
    const result = validateClientEvent(
      { eventId: 'e1', type: 'view', userId: 'u1', itemId: 'i1', ts: now.getTime() - 1000 },
      ctx,
    );
    expect(result).toEqual({
      ok: true,
      event: {
        schemaVersion: 1,
        tenantId,
        eventId: 'e1',
        type: 'view',
        userId: 'u1',
        itemId: 'i1',
        ts: '2026-11-28T11:59:59.000Z',
        receivedAt: now.toISOString(),
        props: {},
      },
      tsMs: now.getTime() - 1000,
      receivedAtMs: now.getTime(),
    });
  });

  it('assigns a ULID when the client gives no event id', () => {
    const result = validateClientEvent(
      { type: 'follow', userId: 'u1', props: { targetUserId: 'u2' } },
      { tenantId, now },
    );
    expect(result.ok && result.event.eventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it.each([
    [{ type: 'teleport', userId: 'u' }, 'UNKNOWN_TYPE', 'type'],
    [{ userId: 'u' }, 'MISSING_FIELD', 'type'],
    [{ type: 'view', itemId: 'i' }, 'MISSING_FIELD', 'userId'],
    [{ type: 'view', userId: 'u' }, 'MISSING_FIELD', 'itemId'],
    [{ type: 'rating', userId: 'u', itemId: 'i', props: {} }, 'MISSING_FIELD', 'props.rating'],
    [{ type: 'rating', userId: 'u', itemId: 'i', props: { rating: 9 } }, 'INVALID_FIELD', 'props.rating'],
    [
      { type: 'purchase', userId: 'u', itemId: 'i', props: { value: 3, currency: 'euro' } },
      'INVALID_FIELD',
      'props.currency',
    ],
    [
      { type: 'comment', userId: 'u', itemId: 'i', props: { text: 'x'.repeat(5000) } },
      'OVERSIZED',
      'props.text',
    ],
    [{ type: 'view', userId: 'u', itemId: 'i', props: { blob: 'x'.repeat(9000) } }, 'OVERSIZED', 'props'],
    [{ type: 'view', userId: 'u', itemId: 'i', ts: now.getTime() + 3_600_000 }, 'FUTURE_TIMESTAMP', 'ts'],
    [{ type: 'view', userId: 'u', itemId: 'i', ts: '2020-01-01T00:00:00Z' }, 'TOO_OLD', 'ts'],
    [{ type: 'view', userId: 'u', itemId: 'i', ts: 'yesterday' }, 'INVALID_FIELD', 'ts'],
    [{ type: 'follow', userId: 'u', itemId: 'i', props: { targetUserId: 'v' } }, 'INVALID_FIELD', 'itemId'],
    // Half an emoji: no UTF-8 form, so PostgreSQL could store neither the id nor the jsonb.
    [{ type: 'view', userId: 'u\ud83d', itemId: 'i' }, 'INVALID_FIELD', 'userId'],
    [{ type: 'view', userId: 'u', itemId: 'i', props: { note: 'half \ude00' } }, 'INVALID_FIELD', 'props'],
    [{ type: 'view', userId: 'u', itemId: 'i', props: { 'k\ud800': 1 } }, 'INVALID_FIELD', 'props'],
    [{ type: 'comment', userId: 'u', itemId: 'i', props: { text: 'x\udbff' } }, 'INVALID_FIELD', 'props'],
    // Past the largest time a Date holds: a rejection, not a thrown RangeError (a 500).
    [{ type: 'view', userId: 'u', itemId: 'i', ts: 9e15 }, 'INVALID_FIELD', 'ts'],
  ])('rejects %j with %s naming %s', (input, code, field) => {
    const result = validateClientEvent(input, ctx);
    expect(result).toMatchObject({ ok: false, code, field });
    expect(!result.ok && result.message).toContain(field.split('.').at(-1));
  });
});

describe('text PostgreSQL can store', () => {
  it('accepts whole emoji and text that spells escapes out, and names the problem for lone surrogates', () => {
    const ok = validateClientEvent(
      { type: 'comment', userId: 'u😀', itemId: 'i', props: { text: 'great 😀 \\u0000 \\ud800' } },
      ctx,
    );
    expect(ok).toMatchObject({
      ok: true,
      event: { userId: 'u😀', props: { text: 'great 😀 \\u0000 \\ud800' } },
    });
    const bad = validateClientEvent({ type: 'view', userId: 'u', itemId: 'i', props: { t: '\ud800' } }, ctx);
    expect(!bad.ok && bad.message).toMatch(/unpaired surrogates/);
  });
});

describe('decodeWireEvent', () => {
  const envelope = {
    schemaVersion: 1,
    tenantId,
    eventId: 'e9',
    type: 'like',
    userId: 'u',
    itemId: 'i',
    ts: now.toISOString(),
    receivedAt: now.toISOString(),
    props: {},
  } as const;

  it('round-trips an encoded envelope', () => {
    expect(decodeWireEvent(encodeEvent(envelope), 0)).toEqual({
      ok: true,
      event: envelope,
      tsMs: now.getTime(),
      receivedAtMs: now.getTime(),
    });
  });

  it('rejects bad bytes, versions and tenants with a code, keeping the tenant when readable', () => {
    expect(decodeWireEvent(Buffer.from('{"type":'), 0)).toMatchObject({ code: 'MALFORMED_JSON' });
    expect(decodeWireEvent(Buffer.alloc(EventLimits.maxMessageBytes + 1, 32), 0)).toMatchObject({
      code: 'OVERSIZED',
    });
    expect(decodeWireEvent(Buffer.from(JSON.stringify({ ...envelope, schemaVersion: 7 })), 0)).toMatchObject({
      code: 'UNSUPPORTED_SCHEMA_VERSION',
      tenantId,
    });
    expect(decodeWireEvent(Buffer.from(JSON.stringify({ ...envelope, tenantId: 'acme' })), 0)).toMatchObject({
      code: 'INVALID_FIELD',
      field: 'tenantId',
    });
    const { eventId: _, ...withoutId } = envelope;
    expect(decodeWireEvent(Buffer.from(JSON.stringify(withoutId)), 0)).toMatchObject({
      code: 'MISSING_FIELD',
      field: 'eventId',
    });
  });

  it('measures skew from receivedAt, so a replay decides the same way', () => {
    const late = { ...envelope, ts: new Date(now.getTime() + 3_600_000).toISOString() };
    expect(decodeWireEvent(encodeEvent(late), Date.now())).toMatchObject({ code: 'FUTURE_TIMESTAMP' });
  });
});
