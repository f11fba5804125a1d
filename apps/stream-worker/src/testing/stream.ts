import { type EventEnvelope, type EventType, encodeEvent, eventKey } from '@tessera/events';

/** A reproducible synthetic event stream: Zipf-skewed items, the full type mix, some malformed and some re-sent. */
export interface StreamSpec {
  events: number;
  tenantIds: string[];
  /** Tenant ids that are not in the database (their events must be dead-lettered). */
  unknownTenantId: string;
  users: number;
  items: number;
  /** Share of messages that are malformed in one of six ways. */
  malformedRate?: number;
  /** Share of valid events sent a second time with the same id (client retries). */
  duplicateRate?: number;
  seed?: number;
  now?: Date;
  /**
   * How old events are when they arrive. `backfill`: uniformly up to two days old (a history
   * import; every event lands in its own hour bucket). `live`: a real-time feed, where most
   * events are seconds old and a tail arrives late from offline clients (90% ≤ 10 s, 9% ≤ 1 h,
   * 1% ≤ 2 days). Default `backfill`.
   */
  clock?: StreamClock;
}

export interface StreamMessage {
  key: string;
  value: Buffer;
  /** Set for a valid event; undefined for a malformed one. */
  event?: EventEnvelope;
  /** Set for a malformed message: the reason code the worker must give. */
  expectedReason?: string;
}

const typeMix: [EventType, number][] = [
  ['view', 0.55],
  ['click', 0.15],
  ['exposure', 0.07],
  ['like', 0.06],
  ['rating', 0.04],
  ['custom', 0.03],
  ['purchase', 0.02],
  ['share', 0.02],
  ['comment', 0.02],
  ['review', 0.02],
  ['follow', 0.02],
];
const comments = [
  'I love this, great quality!',
  'Terrible. It broke after a day.',
  'It is okay, nothing special.',
  'Absolutely amazing!!!',
];
const customNames = ['dislike', 'hide', 'skip', 'bookmark'];

/** mulberry32: a small, fast, seedable PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cumulative Zipf(s) weights over ranks 1..n: P(rank k) ∝ 1 / k^s. */
function zipfCdf(n: number, s = 1.07): Float64Array {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cdf[k] = total;
  }
  for (let k = 0; k < n; k++) (cdf[k] as number) /= total;
  return cdf;
}

function sample(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cdf[mid] as number) < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type StreamClock = 'live' | 'backfill';

/** A `--clock` option's value, checked. */
export function parseClock(value: string | undefined): StreamClock {
  if (value === 'live' || value === 'backfill') return value;
  throw new Error(`--clock must be live or backfill, not ${value}`);
}

function ageMs(clock: StreamClock, random: () => number): number {
  const u = random();
  const maxMs = clock === 'backfill' || u >= 0.99 ? 2 * 86_400_000 : u >= 0.9 ? 3_600_000 : 10_000;
  return Math.floor(random() * maxMs);
}

export function* generateStream(spec: StreamSpec): Generator<StreamMessage> {
  const random = prng(spec.seed ?? 42);
  const now = (spec.now ?? new Date()).getTime();
  const itemCdf = zipfCdf(spec.items);
  const malformedRate = spec.malformedRate ?? 0.002;
  const duplicateRate = spec.duplicateRate ?? 0.01;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const item = () => `i${sample(itemCdf, random())}`;
  let malformedKind = 0;
  let previous: StreamMessage | undefined;

  for (let n = 0; n < spec.events; n++) {
    if (previous && random() < duplicateRate) {
      yield previous;
      continue;
    }
    const tenantId = pick(spec.tenantIds);
    const userId = `u${Math.floor(random() * spec.users)}`;
    let u = random();
    let type: EventType = 'view';
    for (const [candidate, share] of typeMix) {
      if (u < share) {
        type = candidate;
        break;
      }
      u -= share;
    }
    const ts = new Date(now - ageMs(spec.clock ?? 'backfill', random)).toISOString();
    const envelope: EventEnvelope = {
      schemaVersion: 1,
      tenantId,
      eventId: `e${n}`,
      type,
      userId,
      ts,
      receivedAt: new Date(now).toISOString(),
      props: {},
    };
    if (type === 'exposure') {
      envelope.props = {
        requestId: `r${n}`,
        itemIds: Array.from({ length: 5 }, item),
        experiment: 'home',
        variant: pick(['a', 'b']),
      };
    } else if (type === 'follow') {
      envelope.props = { targetUserId: `u${Math.floor(random() * spec.users)}` };
    } else if (type === 'custom') {
      envelope.props = { name: pick(customNames) };
      if (random() < 0.7) envelope.itemId = item();
    } else {
      envelope.itemId = item();
      if (type === 'rating') envelope.props = { rating: 1 + Math.floor(random() * 5) };
      if (type === 'review') envelope.props = { text: pick(comments), rating: 1 + Math.floor(random() * 5) };
      if (type === 'comment') envelope.props = { text: pick(comments) };
      if (type === 'purchase')
        envelope.props = { value: Math.round(random() * 10000) / 100, currency: 'EUR' };
    }

    if (random() < malformedRate) {
      previous = undefined;
      yield malformed(envelope, malformedKind++ % 8, spec.unknownTenantId, now);
      continue;
    }
    previous = { key: eventKey(envelope), value: encodeEvent(envelope), event: envelope };
    yield previous;
  }
}

function malformed(
  envelope: EventEnvelope,
  kind: number,
  unknownTenantId: string,
  now: number,
): StreamMessage {
  const key = eventKey(envelope);
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  switch (kind) {
    case 0:
      return {
        key,
        value: Buffer.from(`{"tenantId":"${envelope.tenantId}","type":`),
        expectedReason: 'MALFORMED_JSON',
      };
    case 1:
      return { key, value: json({ ...envelope, type: 'teleport' }), expectedReason: 'UNKNOWN_TYPE' };
    case 2: {
      const { userId: _, ...rest } = envelope;
      return { key, value: json(rest), expectedReason: 'MISSING_FIELD' };
    }
    case 3:
      return {
        key,
        value: json({ ...envelope, props: { ...envelope.props, blob: 'x'.repeat(40_000) } }),
        expectedReason: 'OVERSIZED',
      };
    case 4:
      return {
        key,
        value: json({ ...envelope, tenantId: unknownTenantId }),
        expectedReason: 'UNKNOWN_TENANT',
      };
    case 5:
      return {
        key,
        value: json({ ...envelope, ts: new Date(now + 86_400_000).toISOString() }),
        expectedReason: 'FUTURE_TIMESTAMP',
      };
    case 6:
      // Half an emoji (JSON.stringify writes it as the escape \ud83d): jsonb would refuse it, and
      // a batch holding it failed for ever before validation caught it.
      return {
        key,
        value: json({ ...envelope, props: { ...envelope.props, note: 'half \ud83d' } }),
        expectedReason: 'INVALID_FIELD',
      };
    default:
      // Past the largest time a Date holds: validation must reject it, not throw.
      return { key, value: json({ ...envelope, ts: 9e15 }), expectedReason: 'INVALID_FIELD' };
  }
}
