import { eventCounterColumns } from '@tessera/db';
import type { EventEnvelope, EventType } from '@tessera/events';
import { EntityBuckets } from './buckets.js';
import { type InteractionWeights, interactionDelta, ratingOf } from './weights.js';

/** Column order of the per-type counters in every feature table: the schema's own list. */
export const counterColumns = eventCounterColumns;
const counterIndex: Record<EventType, number> = {
  view: 0,
  click: 1,
  like: 2,
  share: 3,
  comment: 4,
  review: 5,
  rating: 6,
  purchase: 7,
  follow: 8,
  exposure: 9,
  custom: 10,
};
const ratingsIndex = counterIndex.rating;

export interface EntityDelta {
  tenantId: string;
  id: string;
  counts: number[];
  ratingSum: number;
  revenue: number;
  sentimentSum: number;
  sentimentCount: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Latest event other than an exposure (NaN when none): users' `last_active`. */
  lastActiveMs: number;
}

/** Non-exposure events of a batch per tenant and UTC day, for `activity_days`. */
export interface ActivityDayDelta {
  tenantId: string;
  dayStartMs: number;
  events: number;
}

export interface BucketDelta {
  tenantId: string;
  kind: 'user' | 'item';
  id: string;
  grain: 'hour' | 'day';
  startMs: number;
  counts: number[];
}

export interface InteractionDelta {
  tenantId: string;
  userId: string;
  itemId: string;
  strength: number;
  events: number;
  lastTsMs: number;
}

export interface FollowEdge {
  tenantId: string;
  followerId: string;
  followeeId: string;
  tsMs: number;
}

/**
 * Everything one batch adds to the feature store, one entry per key, each list in key order
 * (the lock order of the set-based upserts).
 */
export interface FeatureDeltas {
  users: EntityDelta[];
  items: EntityDelta[];
  buckets: BucketDelta[];
  interactions: InteractionDelta[];
  follows: FollowEdge[];
  activityDays: ActivityDayDelta[];
}

export interface ScoredEvent {
  event: EventEnvelope;
  /** `event.ts` and `event.receivedAt` as epoch milliseconds, as validation read them. */
  tsMs: number;
  receivedAtMs: number;
  /** VADER compound score of props.text, when the text could be scored. */
  sentiment?: number | undefined;
}

/** A stored event from its envelope alone (tests, benchmarks): its times parsed from the envelope. */
export function scoredFromEnvelope(event: EventEnvelope, sentiment?: number): ScoredEvent {
  return { event, tsMs: Date.parse(event.ts), receivedAtMs: Date.parse(event.receivedAt), sentiment };
}

const dayMs = 86_400_000;

/** An entity's lifetime delta and its time buckets in this batch. */
interface Tracked {
  delta: EntityDelta;
  buckets: EntityBuckets;
}

/** An entity with nothing counted yet, first and last seen at `seenMs` (NaN: unknown). */
export function emptyEntityDelta(tenantId: string, id: string, seenMs: number): EntityDelta {
  return {
    tenantId,
    id,
    counts: new Array(counterColumns.length).fill(0),
    ratingSum: 0,
    revenue: 0,
    sentimentSum: 0,
    sentimentCount: 0,
    firstSeenMs: seenMs,
    lastSeenMs: seenMs,
    lastActiveMs: Number.NaN,
  };
}

function entity(
  map: Map<string, Tracked>,
  tenantId: string,
  id: string,
  tsMs: number,
  withHours: boolean,
): Tracked {
  const key = `${tenantId}\u0000${id}`;
  let tracked = map.get(key);
  if (!tracked) {
    tracked = {
      delta: emptyEntityDelta(tenantId, id, tsMs),
      buckets: new EntityBuckets(counterColumns.length, withHours),
    };
    map.set(key, tracked);
  }
  const delta = tracked.delta;
  if (tsMs < delta.firstSeenMs) delta.firstSeenMs = tsMs;
  if (tsMs > delta.lastSeenMs) delta.lastSeenMs = tsMs;
  return tracked;
}

/**
 * The map's values ordered by its keys. Every writer upserts rows in this one order, so
 * concurrent batches wait for each other on hot rows but never deadlock; the keys are already
 * built (and flattened by hashing), so sorting them costs no second key construction.
 */
function inKeyOrder<T>(map: Map<string, T>): T[] {
  const keys = [...map.keys()].sort();
  return keys.map((key) => map.get(key) as T);
}

/**
 * Folds the newly inserted events of a batch into per-key deltas. A review with a rating also
 * counts as a rating, so `rating_sum / ratings` is the mean over every rating given.
 */
export function aggregateDeltas(scored: ScoredEvent[], weights: InteractionWeights): FeatureDeltas {
  const users = new Map<string, Tracked>();
  const items = new Map<string, Tracked>();
  const interactions = new Map<string, InteractionDelta>();
  const follows = new Map<string, FollowEdge>();
  const activityDays = new Map<string, ActivityDayDelta>();

  for (const { event, sentiment, tsMs } of scored) {
    const column = counterIndex[event.type];
    const rating = ratingOf(event);
    const touched: EntityDelta[] = [];

    const tracked = entity(users, event.tenantId, event.userId, tsMs, false);
    const user = tracked.delta;
    touched.push(user);
    if (event.type !== 'exposure') {
      // NaN-safe: Math.max(NaN, x) is NaN, so the first activity replaces the placeholder.
      user.lastActiveMs = Number.isNaN(user.lastActiveMs) ? tsMs : Math.max(user.lastActiveMs, tsMs);
      const dayStartMs = tsMs - (tsMs % dayMs);
      const dayKey = `${event.tenantId}\u0000${dayStartMs}`;
      const day = activityDays.get(dayKey);
      if (day) day.events += 1;
      else activityDays.set(dayKey, { tenantId: event.tenantId, dayStartMs, events: 1 });
    }
    tracked.buckets.bump(tsMs, column);
    if (rating !== undefined && column !== ratingsIndex) tracked.buckets.bump(tsMs, ratingsIndex);

    if (event.type === 'exposure') {
      // An item's exposures count the served lists it appeared in.
      const itemIds = new Set(event.props.itemIds as string[]);
      for (const itemId of itemIds) {
        const item = entity(items, event.tenantId, itemId, tsMs, true);
        (item.delta.counts[column] as number) += 1;
        item.buckets.bump(tsMs, column);
      }
    } else if (event.itemId !== undefined) {
      const item = entity(items, event.tenantId, event.itemId, tsMs, true);
      touched.push(item.delta);
      item.buckets.bump(tsMs, column);
      if (rating !== undefined && column !== ratingsIndex) item.buckets.bump(tsMs, ratingsIndex);
      const key = `${event.tenantId}\u0000${event.userId}\u0000${event.itemId}`;
      let pair = interactions.get(key);
      if (!pair) {
        pair = {
          tenantId: event.tenantId,
          userId: event.userId,
          itemId: event.itemId,
          strength: 0,
          events: 0,
          lastTsMs: tsMs,
        };
        interactions.set(key, pair);
      }
      pair.strength += interactionDelta(event, weights);
      pair.events += 1;
      pair.lastTsMs = Math.max(pair.lastTsMs, tsMs);
    }

    for (const target of touched) {
      (target.counts[column] as number) += 1;
      if (rating !== undefined) {
        if (column !== ratingsIndex) (target.counts[ratingsIndex] as number) += 1;
        target.ratingSum += rating;
      }
      if (event.type === 'purchase') target.revenue += event.props.value as number;
      if (sentiment !== undefined) {
        target.sentimentSum += sentiment;
        target.sentimentCount += 1;
      }
    }

    if (event.type === 'follow') {
      const followeeId = event.props.targetUserId as string;
      const key = `${event.tenantId}\u0000${event.userId}\u0000${followeeId}`;
      const edge = follows.get(key);
      if (!edge || edge.tsMs > tsMs)
        follows.set(key, { tenantId: event.tenantId, followerId: event.userId, followeeId, tsMs });
    }
  }
  const orderedUsers = inKeyOrder(users);
  const orderedItems = inKeyOrder(items);
  // Items before users, each entity's buckets together: the fixed order every writer locks in.
  const buckets: BucketDelta[] = [];
  for (const { delta, buckets: b } of orderedItems)
    b.emit(buckets, { tenantId: delta.tenantId, id: delta.id, kind: 'item' });
  for (const { delta, buckets: b } of orderedUsers)
    b.emit(buckets, { tenantId: delta.tenantId, id: delta.id, kind: 'user' });
  return {
    users: orderedUsers.map((t) => t.delta),
    items: orderedItems.map((t) => t.delta),
    buckets,
    interactions: inKeyOrder(interactions),
    follows: inKeyOrder(follows),
    activityDays: inKeyOrder(activityDays),
  };
}
