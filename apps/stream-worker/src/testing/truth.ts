import type { EventEnvelope } from '@tessera/events';
import type { InteractionWeights } from '../features/weights.js';

/**
 * Expected feature values computed the plain way from what was produced: deduplicate by
 * (tenant, eventId), then count. Written independently of the worker's aggregation code so
 * that comparing the two catches loss and double counting.
 */
export interface Truth {
  events: number;
  /** `${tenant}|${user}|${type}` → count (a rated review also counts under `rating`). */
  userCounts: Map<string, number>;
  itemCounts: Map<string, number>;
  userRatingSum: Map<string, number>;
  itemRevenue: Map<string, number>;
  /** `${tenant}|${user}|${item}` → strength. */
  strength: Map<string, number>;
  /** `${tenant}|${user}` → distinct followers. */
  followers: Map<string, number>;
  /** `${tenant}|${UTC day start ms}` → users with a non-exposure event that day, and those events. */
  activeUsers: Map<string, Set<string>>;
  dayEvents: Map<string, number>;
  /** `${tenant}|${user}` → time (ms) of the latest non-exposure event. */
  lastActive: Map<string, number>;
}

const add = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

export function computeTruth(produced: Iterable<EventEnvelope>, weights: InteractionWeights): Truth {
  const builder = truthBuilder(weights);
  for (const event of produced) builder.add(event);
  return builder.truth;
}

/** Incremental form, so a million-event benchmark need not keep its events in memory. */
export function truthBuilder(weights: InteractionWeights): { add(event: EventEnvelope): void; truth: Truth } {
  const seen = new Set<string>();
  const truth: Truth = {
    events: 0,
    userCounts: new Map(),
    itemCounts: new Map(),
    userRatingSum: new Map(),
    itemRevenue: new Map(),
    strength: new Map(),
    followers: new Map(),
    activeUsers: new Map(),
    dayEvents: new Map(),
    lastActive: new Map(),
  };
  const edges = new Set<string>();
  const add1 = (e: EventEnvelope) => {
    const id = `${e.tenantId}|${e.eventId}`;
    if (seen.has(id)) return;
    seen.add(id);
    truth.events += 1;
    const user = `${e.tenantId}|${e.userId}`;
    add(truth.userCounts, `${user}|${e.type}`);
    if (e.type !== 'exposure') {
      const ms = new Date(e.ts).getTime();
      const day = `${e.tenantId}|${Math.floor(ms / 86_400_000) * 86_400_000}`;
      const users = truth.activeUsers.get(day) ?? new Set<string>();
      users.add(e.userId);
      truth.activeUsers.set(day, users);
      add(truth.dayEvents, day);
      truth.lastActive.set(user, Math.max(truth.lastActive.get(user) ?? Number.NEGATIVE_INFINITY, ms));
    }
    const rating = typeof e.props.rating === 'number' ? e.props.rating : undefined;
    if (rating !== undefined && e.type === 'review') add(truth.userCounts, `${user}|rating`);
    if (rating !== undefined) add(truth.userRatingSum, user, rating);
    if (e.type === 'exposure') {
      for (const itemId of new Set(e.props.itemIds as string[]))
        add(truth.itemCounts, `${e.tenantId}|${itemId}|exposure`);
    } else if (e.itemId !== undefined) {
      const item = `${e.tenantId}|${e.itemId}`;
      add(truth.itemCounts, `${item}|${e.type}`);
      if (rating !== undefined && e.type === 'review') add(truth.itemCounts, `${item}|rating`);
      if (e.type === 'purchase') add(truth.itemRevenue, item, e.props.value as number);
      let strength = weights.byType[e.type];
      if (rating !== undefined) strength += weights.ratingSlope * (rating - weights.ratingPivot);
      if (e.type === 'custom') strength += weights.customWeights[e.props.name as string] ?? 0;
      add(truth.strength, `${user}|${e.itemId}`, strength);
    }
    if (e.type === 'follow') {
      const edge = `${user}|${e.props.targetUserId as string}`;
      if (!edges.has(edge)) {
        edges.add(edge);
        add(truth.followers, `${e.tenantId}|${e.props.targetUserId as string}`);
      }
    }
  };
  return { add: add1, truth };
}
