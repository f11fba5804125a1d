import { eventCounterColumns } from '@tessera/db';
import type { EventEnvelope, EventType, TransportMessage } from '@tessera/events';
import { entryOf } from '../maps.js';
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

/**
 * A user's events other than exposures on one UTC day of a batch. The store counts the user as
 * newly active that day when no earlier stored event of theirs falls on it.
 */
export interface UserActiveDay {
  tenantId: string;
  userId: string;
  dayStartMs: number;
  events: number;
}

/** Items' time buckets (users keep none: their windows are read from their own events). */
export interface BucketDelta {
  tenantId: string;
  kind: 'item';
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
  /** In the users' key order, each user's days in order. */
  userActiveDays: UserActiveDay[];
}

export interface ScoredEvent {
  event: EventEnvelope;
  /** `event.ts` and `event.receivedAt` as epoch milliseconds, as validation read them. */
  tsMs: number;
  receivedAtMs: number;
  /** VADER compound score of props.text, when the text could be scored. */
  sentiment?: number | undefined;
  /**
   * Where it was read (the worker's events), for a dead letter should PostgreSQL refuse the event.
   * Fields of their own, not one object: no allocation per event for a path almost never taken.
   */
  sourceTopic?: string;
  sourcePartition?: number;
  sourceMessage?: TransportMessage;
  /** Set when PostgreSQL refused it and it went to the DLQ (store/poison.ts). */
  storageRejected?: boolean;
}

/** A stored event from its envelope alone (tests, benchmarks): its times parsed from the envelope. */
export function scoredFromEnvelope(event: EventEnvelope, sentiment?: number): ScoredEvent {
  return { event, tsMs: Date.parse(event.ts), receivedAtMs: Date.parse(event.receivedAt), sentiment };
}

const dayMs = 86_400_000;

/** An item's lifetime delta and its time buckets in this batch. */
interface TrackedItem {
  delta: EntityDelta;
  buckets: EntityBuckets;
}

/**
 * A user's lifetime delta, non-exposure events per UTC day start, and interactions by item id in
 * this batch. The pairs hang off the user, so counting one costs a lookup by item id in a map of
 * a few entries instead of building and hashing a `user\0item` string per event, and the pairs
 * come out in key order from the users' order and each user's few items sorted.
 */
interface TrackedUser {
  delta: EntityDelta;
  activeDays: Map<number, number> | undefined;
  pairs: Map<string, InteractionDelta> | undefined;
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

/**
 * Per tenant, then per id: the ids are hashed and sorted on their own, not as one long
 * `tenant\0id` string built for every event (the tenant UUID alone is 36 characters, and every
 * batch spans few tenants). Iterated tenant by tenant, each id-sorted, it gives the same order as
 * the joined keys did.
 */
type ByTenant<T> = Map<string, Map<string, T>>;

function entity<T extends { delta: EntityDelta }>(
  map: Map<string, T>,
  tenantId: string,
  id: string,
  tsMs: number,
  create: (delta: EntityDelta) => T,
): T {
  let tracked = map.get(id);
  if (!tracked) {
    tracked = create(emptyEntityDelta(tenantId, id, tsMs));
    map.set(id, tracked);
  }
  const delta = tracked.delta;
  if (tsMs < delta.firstSeenMs) delta.firstSeenMs = tsMs;
  if (tsMs > delta.lastSeenMs) delta.lastSeenMs = tsMs;
  return tracked;
}

const newItem = (delta: EntityDelta): TrackedItem => ({
  delta,
  buckets: new EntityBuckets(counterColumns.length),
});
const newUser = (delta: EntityDelta): TrackedUser => ({ delta, activeDays: undefined, pairs: undefined });

/**
 * The values in key order: tenants in order, each tenant's keys in order. Every writer upserts
 * rows in this one order, so concurrent batches wait for each other on hot rows but never deadlock.
 */
function inKeyOrder<T>(maps: ByTenant<T>): T[] {
  const out: T[] = [];
  for (const tenantId of [...maps.keys()].sort()) {
    const map = maps.get(tenantId) as Map<string, T>;
    for (const key of [...map.keys()].sort()) out.push(map.get(key) as T);
  }
  return out;
}

/**
 * Folds the newly inserted events of a batch into per-key deltas. A review with a rating also
 * counts as a rating, so `rating_sum / ratings` is the mean over every rating given.
 * `sealedThrough` holds each tenant's bucket seal (epoch ms; a tenant missing has nothing
 * sealed): an event before it counts in its item's day bucket as well as its hour bucket.
 */
export function aggregateDeltas(
  scored: ScoredEvent[],
  weights: InteractionWeights,
  sealedThrough: ReadonlyMap<string, number> = new Map(),
): FeatureDeltas {
  const users: ByTenant<TrackedUser> = new Map();
  const items: ByTenant<TrackedItem> = new Map();
  const follows: ByTenant<FollowEdge> = new Map();
  const activityDays = new Map<string, Map<number, ActivityDayDelta>>();
  // Batches are runs of one tenant's events more often than not: its maps are looked up once per run.
  let tenantId = '';
  let tenantUsers = new Map<string, TrackedUser>();
  let tenantItems = new Map<string, TrackedItem>();
  let tenantDays = new Map<number, ActivityDayDelta>();
  let tenantSealMs = Number.NEGATIVE_INFINITY;

  for (const { event, sentiment, tsMs } of scored) {
    const column = counterIndex[event.type];
    const rating = ratingOf(event);
    const touched: EntityDelta[] = [];
    if (event.tenantId !== tenantId) {
      tenantId = event.tenantId;
      tenantUsers = entryOf(users, tenantId, () => new Map());
      tenantItems = entryOf(items, tenantId, () => new Map());
      tenantDays = entryOf(activityDays, tenantId, () => new Map());
      tenantSealMs = sealedThrough.get(tenantId) ?? Number.NEGATIVE_INFINITY;
    }
    const sealed = tsMs < tenantSealMs;

    const tracked = entity(tenantUsers, tenantId, event.userId, tsMs, newUser);
    const user = tracked.delta;
    touched.push(user);
    if (event.type !== 'exposure') {
      // NaN-safe: Math.max(NaN, x) is NaN, so the first activity replaces the placeholder.
      user.lastActiveMs = Number.isNaN(user.lastActiveMs) ? tsMs : Math.max(user.lastActiveMs, tsMs);
      const dayStartMs = tsMs - (tsMs % dayMs);
      const day = tenantDays.get(dayStartMs);
      if (day) day.events += 1;
      else tenantDays.set(dayStartMs, { tenantId, dayStartMs, events: 1 });
      tracked.activeDays ??= new Map();
      tracked.activeDays.set(dayStartMs, (tracked.activeDays.get(dayStartMs) ?? 0) + 1);
    }

    if (event.type === 'exposure') {
      // An item's exposures count the served lists it appeared in.
      const itemIds = new Set(event.props.itemIds as string[]);
      for (const itemId of itemIds) {
        const item = entity(tenantItems, tenantId, itemId, tsMs, newItem);
        (item.delta.counts[column] as number) += 1;
        item.buckets.bump(tsMs, column, sealed);
      }
    } else if (event.itemId !== undefined) {
      const item = entity(tenantItems, tenantId, event.itemId, tsMs, newItem);
      touched.push(item.delta);
      item.buckets.bump(tsMs, column, sealed);
      if (rating !== undefined && column !== ratingsIndex) item.buckets.bump(tsMs, ratingsIndex, sealed);
      tracked.pairs ??= new Map();
      let pair = tracked.pairs.get(event.itemId);
      if (!pair) {
        pair = {
          tenantId,
          userId: event.userId,
          itemId: event.itemId,
          strength: 0,
          events: 0,
          lastTsMs: tsMs,
        };
        tracked.pairs.set(event.itemId, pair);
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
      const key = `${event.userId}\u0000${followeeId}`;
      const tenantFollows = entryOf(follows, tenantId, () => new Map());
      const edge = tenantFollows.get(key);
      if (!edge || edge.tsMs > tsMs)
        tenantFollows.set(key, { tenantId, followerId: event.userId, followeeId, tsMs });
    }
  }
  const orderedUsers = inKeyOrder(users);
  const orderedItems = inKeyOrder(items);
  // Each item's buckets together, in the items' order: the fixed order every writer locks in.
  const buckets: BucketDelta[] = [];
  for (const { delta, buckets: b } of orderedItems)
    b.emit(buckets, { tenantId: delta.tenantId, id: delta.id, kind: 'item' });
  const userActiveDays: UserActiveDay[] = [];
  // (tenant, user, item) order: the users' key order, then each user's items in order.
  const interactions: InteractionDelta[] = [];
  for (const { pairs } of orderedUsers) {
    if (!pairs) continue;
    if (pairs.size === 1) for (const pair of pairs.values()) interactions.push(pair);
    else
      for (const itemId of [...pairs.keys()].sort()) interactions.push(pairs.get(itemId) as InteractionDelta);
  }
  for (const { delta, activeDays } of orderedUsers) {
    if (!activeDays) continue;
    for (const dayStartMs of [...activeDays.keys()].sort((a, b) => a - b))
      userActiveDays.push({
        tenantId: delta.tenantId,
        userId: delta.id,
        dayStartMs,
        events: activeDays.get(dayStartMs) as number,
      });
  }
  return {
    users: orderedUsers.map((t) => t.delta),
    items: orderedItems.map((t) => t.delta),
    buckets,
    interactions,
    follows: inKeyOrder(follows),
    activityDays: [...activityDays.keys()]
      .sort()
      .flatMap((t) =>
        [...(activityDays.get(t) as Map<number, ActivityDayDelta>).values()].sort(
          (a, b) => a.dayStartMs - b.dayStartMs,
        ),
      ),
    userActiveDays,
  };
}
