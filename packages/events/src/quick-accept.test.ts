import { describe, expect, it } from 'vitest';
import { decodeWireEvent } from './codec.js';
import { EventLimits } from './limits.js';
import { quickAccept } from './quick-accept.js';
import { eventTypes } from './types.js';
import { validateClientEvent, validateFully } from './validate.js';

const tenantId = '6f1c1f0e-8f5e-4c1a-9a57-2f4b7c2b9d10';
const nowMs = Date.parse('2026-11-28T12:00:00.000Z');

/** mulberry32: a seeded PRNG, so a failure names a case that can be run again. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const validProps: Record<string, Record<string, unknown>> = {
  view: {},
  click: { position: 3 },
  like: {},
  share: { channel: 'mail', parentShareId: 's1' },
  comment: { text: 'nice one' },
  review: { text: 'good', rating: 4 },
  rating: { rating: 2.5 },
  purchase: { value: 12.5, currency: 'EUR', quantity: 2 },
  follow: { targetUserId: 'u2' },
  exposure: { requestId: 'r1', itemIds: ['a', 'b'], experiment: 'x', variant: 'B' },
  custom: { name: 'bookmark', extra: [1, 2] },
};

const oddValues: unknown[] = [
  null,
  0,
  -1,
  1.5,
  '',
  'x'.repeat(EventLimits.maxIdChars),
  'x'.repeat(EventLimits.maxIdChars + 1),
  'a\u0000b',
  // Lone surrogates (no UTF-8 form), a whole emoji (a pair), and text spelling such escapes out.
  'a\ud800b',
  '\udfff',
  'ok 😀',
  'spelled \\u0000 and \\ud800',
  [],
  {},
  true,
  'EUR',
  'eur',
  2 ** 53,
  1e300,
  nowMs,
  nowMs + EventLimits.maxFutureSkewMs,
  nowMs + EventLimits.maxFutureSkewMs + 1,
  nowMs - EventLimits.maxAgeMs,
  nowMs - EventLimits.maxAgeMs - 1,
  '2026-11-28T11:00:00.000Z',
  '2026-11-28T11:00:00Z',
  '2026-11-28T11:00:00.000+00:00',
  '2026-11-28T13:00:00.000+02:00',
  '2026-02-30T11:00:00.000Z',
  '2026-11-28 11:00:00',
  'e-1:ok_v.2',
  'bad id',
  ['a'],
  Array.from({ length: EventLimits.maxExposureItems + 1 }, (_, i) => `i${i}`),
  ['a', ''],
  'x'.repeat(EventLimits.maxTextChars + 1),
  'é'.repeat(3000),
  5,
  6,
  1,
  0.999,
  1e6,
  1e6 + 1,
  1e9,
  1e9 + 1,
  // The largest time a Date holds, and past it (where toISOString throws).
  8.64e15,
  8.64e15 + 1,
  9e15,
];

/** Values at the edges of the props rules (ratings 1–5, quantities, prices, ids, texts). */
const propValues: unknown[] = [
  null,
  true,
  '',
  'EUR',
  'eur',
  'a\u0000b',
  'a\ud800b',
  '😀',
  'x'.repeat(EventLimits.maxIdChars + 1),
  'x'.repeat(EventLimits.maxTextChars + 1),
  'x'.repeat(EventLimits.maxCustomNameChars + 1),
  [],
  ['a'],
  ['a', ''],
  Array.from({ length: EventLimits.maxExposureItems + 1 }, (_, i) => `i${i}`),
  -1,
  0,
  0.999,
  1,
  1.5,
  5,
  5.001,
  1e6,
  1e6 + 1,
  1e9,
  1e9 + 1,
  2 ** 53,
];

function baseEvent(type: string, pick: () => number): Record<string, unknown> {
  const event: Record<string, unknown> = {
    eventId: `e${Math.floor(pick() * 1e6)}`,
    type,
    userId: 'u1',
    ts: nowMs - Math.floor(pick() * 3_600_000),
    props: structuredClone(validProps[type]),
  };
  if (type !== 'follow' && type !== 'custom') event.itemId = 'i1';
  if (pick() < 0.3) event.ts = new Date(event.ts as number).toISOString();
  return event;
}

function mutate(event: Record<string, unknown>, pick: () => number): void {
  const choose = <T>(list: readonly T[]): T => list[Math.floor(pick() * list.length)] as T;
  const current = event.props;
  const props = (
    current !== null && typeof current === 'object' && !Array.isArray(current) ? current : {}
  ) as Record<string, unknown>;
  switch (Math.floor(pick() * 9)) {
    case 0:
      delete event[choose(['eventId', 'type', 'userId', 'itemId', 'ts', 'props'])];
      break;
    case 1:
      event[choose(['eventId', 'type', 'userId', 'itemId', 'ts', 'props'])] = structuredClone(
        choose(oddValues),
      );
      break;
    case 2:
      event.extra = 1;
      break;
    case 3:
      event.type = choose(eventTypes);
      break;
    case 4:
    case 5: {
      // Mostly the fields this type's schema checks, sometimes another type's.
      const own = Object.keys(validProps[String(event.type)] ?? {});
      const other = ['rating', 'value', 'currency', 'quantity', 'text', 'requestId', 'itemIds', 'name'];
      const key = own.length > 0 && pick() < 0.7 ? choose(own) : choose(other.concat('targetUserId'));
      props[key] = structuredClone(choose(propValues));
      event.props = props;
      break;
    }
    case 6:
      props.blob = choose([
        'x'.repeat(EventLimits.maxPropsBytes - 30),
        'x'.repeat(EventLimits.maxExposurePropsBytes - 200),
        'x'.repeat(EventLimits.maxExposurePropsBytes),
        'é'.repeat(2900),
        'nul \u0000 inside',
        'lone \udc00 surrogate',
        'pair 😀 and spelled \\u0000 \\\\ud800',
      ]);
      if (pick() < 0.2) props['key \ud800'] = 1;
      event.props = props;
      break;
    case 7:
      delete props[choose(Object.keys(props).concat('rating'))];
      event.props = props;
      break;
    default:
      event.props = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
  }
}

describe('quickAccept', () => {
  it('accepts a plain view without zod, with the envelope the full validator builds', () => {
    const input = { eventId: 'e1', type: 'view', userId: 'u1', itemId: 'i1', ts: nowMs - 1000 };
    const quick = quickAccept(input, tenantId, nowMs, false, () => 'id');
    expect(quick).toBeDefined();
    expect(quick).toEqual(validateFully(input, { tenantId, now: new Date(nowMs) }));
  });

  it('passes over what it does not judge: unknown keys, other time spellings, limits crossed', () => {
    const base = { eventId: 'e1', type: 'view', userId: 'u1', itemId: 'i1' };
    for (const odd of [
      { ...base, extra: 1 },
      { ...base, ts: '2026-11-28T11:00:00Z' },
      { ...base, ts: nowMs + EventLimits.maxFutureSkewMs + 1 },
      { ...base, props: { text: 'x'.repeat(EventLimits.maxPropsBytes) } },
      { ...base, type: 'rating', props: { rating: 7 } },
    ])
      expect(quickAccept(odd, tenantId, nowMs, false, () => 'id')).toBeUndefined();
  });

  it('decides 20,000 near-miss client events exactly as the full validator does', () => {
    const pick = prng(20261129);
    let quickAccepted = 0;
    let rejected = 0;
    for (let n = 0; n < 20_000; n++) {
      const event = baseEvent(eventTypes[n % eventTypes.length] as string, pick);
      const mutations = Math.floor(pick() * 3);
      for (let m = 0; m < mutations; m++) mutate(event, pick);
      const ctx = () => ({ tenantId, now: new Date(nowMs), eventId: () => `gen-${n}` });
      const expected = validateFully(structuredClone(event), ctx());
      const actual = validateClientEvent(event, ctx());
      expect(actual, JSON.stringify(event).slice(0, 300)).toEqual(expected);
      if (quickAccept(event, tenantId, nowMs, false, () => `gen-${n}`)) quickAccepted++;
      if (!expected.ok) rejected++;
    }
    // Both sides of the comparison must be well exercised for it to mean anything.
    expect(quickAccepted).toBeGreaterThan(5_000);
    expect(rejected).toBeGreaterThan(5_000);
  });

  it('decodes 5,000 near-miss wire messages exactly as the full path does', () => {
    const pick = prng(7);
    let quickAccepted = 0;
    for (let n = 0; n < 5_000; n++) {
      const event = baseEvent(eventTypes[n % eventTypes.length] as string, pick);
      for (let m = Math.floor(pick() * 3); m > 0; m--) mutate(event, pick);
      const wire: Record<string, unknown> = {
        schemaVersion: 1,
        tenantId,
        receivedAt: new Date(nowMs).toISOString(),
      };
      if (pick() < 0.2) wire.tenantId = tenantId.toUpperCase();
      if (pick() < 0.2) delete wire.receivedAt;
      const bytes = Buffer.from(JSON.stringify({ ...wire, ...event }));
      const actual = decodeWireEvent(bytes, nowMs);
      expect(actual, bytes.toString().slice(0, 300)).toEqual(decodeWireEvent(bytes, nowMs, false));
      if (actual.ok && event.eventId !== undefined) quickAccepted++;
    }
    expect(quickAccepted).toBeGreaterThan(1_000);
  });
});
