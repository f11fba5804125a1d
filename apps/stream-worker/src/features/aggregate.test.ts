import type { EventEnvelope } from '@tessera/events';
import { describe, expect, it } from 'vitest';
import { aggregateDeltas, counterColumns, scoredFromEnvelope } from './aggregate.js';
import { defaultInteractionWeights, interactionDelta, mergeWeights } from './weights.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
let n = 0;
const event = (partial: Partial<EventEnvelope> & Pick<EventEnvelope, 'type'>): EventEnvelope => ({
  schemaVersion: 1,
  tenantId,
  eventId: `e${n++}`,
  userId: 'u1',
  ts: '2026-11-28T10:30:00.000Z',
  receivedAt: '2026-11-28T10:30:00.000Z',
  props: {},
  ...partial,
});
const count = (counts: number[], column: (typeof counterColumns)[number]) =>
  counts[counterColumns.indexOf(column)];

describe('aggregateDeltas', () => {
  it('folds a batch into one delta per key, counting a rated review as a rating too', () => {
    const deltas = aggregateDeltas(
      [
        scoredFromEnvelope(event({ type: 'view', itemId: 'i1' })),
        scoredFromEnvelope(event({ type: 'view', itemId: 'i1', ts: '2026-11-28T11:05:00.000Z' })),
        scoredFromEnvelope(event({ type: 'review', itemId: 'i1', props: { text: 'good', rating: 4 } }), 0.4),
        scoredFromEnvelope(event({ type: 'rating', itemId: 'i2', props: { rating: 1 } })),
        scoredFromEnvelope(
          event({ type: 'purchase', itemId: 'i2', props: { value: 12.5, currency: 'EUR' } }),
        ),
      ],
      defaultInteractionWeights,
    );
    expect(deltas.users).toHaveLength(1);
    const [user] = deltas.users;
    expect(count(user?.counts ?? [], 'views')).toBe(2);
    expect(count(user?.counts ?? [], 'reviews')).toBe(1);
    expect(count(user?.counts ?? [], 'ratings')).toBe(2);
    expect(user).toMatchObject({ ratingSum: 5, revenue: 12.5, sentimentSum: 0.4, sentimentCount: 1 });
    expect(new Date(user?.lastSeenMs ?? 0).toISOString()).toBe('2026-11-28T11:05:00.000Z');
    // Items get hour buckets (10:00 and 11:00 are separate hours), and no day bucket while the day
    // is not sealed; users none, their windows being read from their events, only their
    // non-exposure events per day.
    const itemHours = deltas.buckets.filter((b) => b.id === 'i1' && b.grain === 'hour');
    expect(itemHours.map((b) => new Date(b.startMs).toISOString()).sort()).toEqual([
      '2026-11-28T10:00:00.000Z',
      '2026-11-28T11:00:00.000Z',
    ]);
    expect(deltas.buckets.every((b) => b.kind === 'item' && b.grain === 'hour')).toBe(true);
    expect(deltas.userActiveDays).toEqual([
      { tenantId, userId: 'u1', dayStartMs: Date.parse('2026-11-28T00:00:00.000Z'), events: 5 },
    ]);
    // i1: 2 views (1 each) + review (3 + 2 × (4 − 3)); i2: 1-star rating (0 + 2 × (1 − 3)) + purchase (8).
    expect(deltas.interactions.map((p) => [p.itemId, p.strength, p.events])).toEqual([
      ['i1', 7, 3],
      ['i2', 4, 2],
    ]);
  });

  it("counts an event in its item's day bucket too when its tenant's seal is past its day", () => {
    const other = '22222222-2222-4222-8222-222222222222';
    const deltas = aggregateDeltas(
      [
        scoredFromEnvelope(event({ type: 'view', itemId: 'i1', ts: '2026-11-27T23:00:00.000Z' })),
        scoredFromEnvelope(
          event({ type: 'rating', itemId: 'i1', ts: '2026-11-27T22:00:00.000Z', props: { rating: 5 } }),
        ),
        scoredFromEnvelope(event({ type: 'view', itemId: 'i1', ts: '2026-11-28T00:30:00.000Z' })),
        scoredFromEnvelope(
          event({ type: 'view', itemId: 'i1', tenantId: other, ts: '2026-11-27T23:00:00.000Z' }),
        ),
      ],
      defaultInteractionWeights,
      new Map([[tenantId, Date.parse('2026-11-28T00:00:00.000Z')]]),
    );
    const days = deltas.buckets.filter((b) => b.grain === 'day');
    // The sealed tenant's 27th: a view and a rating; its 28th, and the unsealed tenant, hours only.
    expect(
      days.map((b) => [
        b.tenantId,
        new Date(b.startMs).toISOString(),
        count(b.counts, 'views'),
        count(b.counts, 'ratings'),
      ]),
    ).toEqual([[tenantId, '2026-11-27T00:00:00.000Z', 1, 1]]);
    expect(deltas.buckets.filter((b) => b.grain === 'hour')).toHaveLength(4);
  });

  it('lists every delta in one key order, tenant then id, however the batch interleaves tenants', () => {
    const tenants = ['bbbbbbbb-1111-4111-8111-111111111111', 'aaaaaaaa-1111-4111-8111-111111111111'];
    const scored = [];
    for (let k = 0; k < 60; k++) {
      const day = `2026-11-${String(20 + (k % 3)).padStart(2, '0')}T10:00:00.000Z`;
      scored.push(
        scoredFromEnvelope(
          event({
            type: k % 5 === 0 ? 'follow' : 'click',
            tenantId: tenants[k % 2] as string,
            userId: `u${(k * 7) % 13}`,
            ...(k % 5 === 0 ? { props: { targetUserId: `u${k % 4}` } } : { itemId: `i${(k * 3) % 11}` }),
            ts: day,
          }),
        ),
      );
    }
    const deltas = aggregateDeltas(scored, defaultInteractionWeights);
    const ordered = (keys: string[]) => expect(keys).toEqual([...keys].sort());
    ordered(deltas.users.map((u) => `${u.tenantId}\u0000${u.id}`));
    ordered(deltas.items.map((i) => `${i.tenantId}\u0000${i.id}`));
    ordered(deltas.interactions.map((p) => `${p.tenantId}\u0000${p.userId}\u0000${p.itemId}`));
    ordered(deltas.follows.map((f) => `${f.tenantId}\u0000${f.followerId}\u0000${f.followeeId}`));
    ordered(deltas.activityDays.map((d) => `${d.tenantId}\u0000${d.dayStartMs}`));
    // Users' active days: in the users' order, each user's days in order (a key order of their own).
    const userOrder = deltas.users.map((u) => `${u.tenantId}\u0000${u.id}`);
    const dayKeys = deltas.userActiveDays.map(
      (d) => [userOrder.indexOf(`${d.tenantId}\u0000${d.userId}`), d.dayStartMs] as const,
    );
    expect(dayKeys.every(([user]) => user >= 0)).toBe(true);
    expect(dayKeys).toEqual([...dayKeys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(deltas.userActiveDays.reduce((sum, d) => sum + d.events, 0)).toBe(60);
    expect(new Set(deltas.users.map((u) => u.tenantId))).toEqual(new Set(tenants));
    expect(deltas.activityDays.reduce((sum, d) => sum + d.events, 0)).toBe(60);
  });

  it('counts an exposure once per listed item and a follow as an edge', () => {
    const deltas = aggregateDeltas(
      [
        scoredFromEnvelope(event({ type: 'exposure', props: { requestId: 'r', itemIds: ['a', 'b', 'a'] } })),
        scoredFromEnvelope(event({ type: 'follow', props: { targetUserId: 'u2' } })),
        scoredFromEnvelope(event({ type: 'follow', props: { targetUserId: 'u2' } })),
      ],
      defaultInteractionWeights,
    );
    expect(deltas.items.map((i) => [i.id, count(i.counts, 'exposures')])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(deltas.interactions).toHaveLength(0);
    expect(deltas.follows).toEqual([
      { tenantId, followerId: 'u1', followeeId: 'u2', tsMs: Date.parse('2026-11-28T10:30:00.000Z') },
    ]);
    // Being shown a list is not activity: the day counts the two follows only.
    expect(deltas.userActiveDays.map((d) => d.events)).toEqual([2]);
  });
});

describe('interaction weights', () => {
  it('allows negative feedback and per-tenant overrides', () => {
    expect(
      interactionDelta(
        event({ type: 'custom', itemId: 'i', props: { name: 'dislike' } }),
        defaultInteractionWeights,
      ),
    ).toBe(-4);
    const weights = mergeWeights({
      byType: { ...defaultInteractionWeights.byType, view: 0.5 },
      customWeights: { meh: -1 },
    });
    expect(interactionDelta(event({ type: 'view', itemId: 'i' }), weights)).toBe(0.5);
    expect(interactionDelta(event({ type: 'custom', itemId: 'i', props: { name: 'meh' } }), weights)).toBe(
      -1,
    );
    expect(weights.customWeights.dislike).toBe(-4);
  });
});
