import { eventTypes } from '@tessera/events';
import { hostileString, hostileValue, int, nested, pick, type Rng } from './hostile.js';

const known: string[] = [...eventTypes];

/** Guaranteed broken: each case violates one documented rule of the event schema. */
const breakers: ((r: Rng, e: Record<string, unknown>) => void)[] = [
  (r, e) => {
    e.userId = pick(r, [1, null, true, [], {}, nested(50)]);
  },
  (_r, e) => {
    delete e.userId;
  },
  (r, e) => {
    const type = hostileString(r);
    e.type = known.includes(type) ? `${type}!` : type;
  },
  (r, e) => {
    e.userId = 'u'.repeat(int(r, 129, 50_000));
  },
  (r, e) => {
    e.itemId = `${hostileString(r)}\u0000`;
  },
  (r, e) => {
    e.eventId = `${pick(r, ['/', ' ', '\u202E', '\uD800', '"', '%', '\u0000'])}${hostileString(r)}`;
  },
  (r, e) => {
    e.ts = `${hostileString(r)}-not-a-date`;
  },
  (r, e) => {
    e.type = 'rating';
    e.props = { rating: pick(r, [0, 6, -1, 1e308, '5', null, [5], { $gt: 0 }]) };
  },
  (r, e) => {
    e.props = { blob: 'p'.repeat(int(r, 9_000, 40_000)) };
  },
  (r, e) => {
    e.props = pick(r, ['props', 42, true]);
  },
  (r, e) => {
    e.type = 'purchase';
    e.props = { value: 10, currency: hostileString(r).slice(0, 10).toLowerCase() || 'x' };
  },
  (r, e) => {
    e.type = 'review';
    e.props = { text: pick(r, ['', 'x'.repeat(4_001), `bad\u0000text`, 17]) };
  },
];

/** One event that must be REJECTED, decorated with hostile extra keys and values. */
export function brokenEvent(r: Rng): unknown {
  if (r() < 0.08) return hostileValue(r) ?? 'null-event';
  const event: Record<string, unknown> = JSON.parse(
    `{"type":"view","userId":"u${int(r, 0, 99)}","itemId":"i${int(r, 0, 99)}","__proto__":{"tenantId":"other"}}`,
  );
  if (r() < 0.5) event[hostileString(r).slice(0, 200)] = hostileValue(r);
  if (r() < 0.3) event.tenantId = hostileString(r);
  pick(r, breakers)(r, event);
  return event;
}

export interface HttpPayload {
  path: '/v1/events' | '/graphql';
  contentType: string;
  body: string;
  /** The part of a batch that must come back REJECTED (all of it). */
  events: number;
}

function brokenJsonText(r: Rng): string {
  const good = JSON.stringify([{ type: 'view', userId: 'u1', itemId: 'i1' }]);
  switch (int(r, 0, 6)) {
    case 0:
      return good.slice(0, int(r, 0, good.length - 1));
    case 1:
      return `${good}${hostileString(r)}x`;
    case 2:
      return (
        Array.from({ length: int(r, 1, 200) }, () => String.fromCharCode(int(r, 0, 0xffff))).join('') + '{'
      );
    case 3:
      return '['.repeat(int(r, 10, 200_000));
    case 4:
      return `{"type": "view", "userId": "u1", "itemId": 'i1'}`;
    case 5:
      return `[${'{"a":'.repeat(int(r, 1, 5_000))}`;
    default:
      return `\uD800${good}`;
  }
}

/** A POST /v1/events request whose every event (or the body itself) is invalid. */
export function ingestPayload(r: Rng, ndjson: boolean): HttpPayload {
  const n = int(r, 1, r() < 0.05 ? 300 : 12);
  const events = Array.from({ length: n }, () => brokenEvent(r));
  if (ndjson) {
    const lines = events.map((e) => (r() < 0.2 ? brokenJsonText(r).replace(/\n/g, ' ') : JSON.stringify(e)));
    if (r() < 0.2) lines.splice(int(r, 0, lines.length), 0, '', '   ');
    return {
      path: '/v1/events',
      contentType: 'application/x-ndjson',
      body: lines.join(r() < 0.5 ? '\n' : '\r\n'),
      events: n,
    };
  }
  const roll = r();
  if (roll < 0.2)
    return { path: '/v1/events', contentType: 'application/json', body: brokenJsonText(r), events: 0 };
  if (roll < 0.25)
    return {
      path: '/v1/events',
      contentType: 'application/json',
      body: pick(r, ['', 'null', '1', '"x"', 'true', '[]x']),
      events: 0,
    };
  const body = JSON.stringify(n === 1 && r() < 0.5 ? events[0] : events);
  return { path: '/v1/events', contentType: 'application/json', body, events: n };
}

/** Bodies past the server's limits: they must get 413 (or 400 for too many events), never a crash. */
export function oversizedIngest(r: Rng): HttpPayload {
  if (r() < 0.5)
    return {
      path: '/v1/events',
      contentType: 'application/json',
      body: `["${'x'.repeat(5_100_000)}"]`,
      events: 0,
    };
  const many = Array.from({ length: 5_001 }, () => ({ type: 'nope', userId: 'u' }));
  return { path: '/v1/events', contentType: 'application/json', body: JSON.stringify(many), events: 0 };
}
