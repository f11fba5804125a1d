import type { EventEnvelope, EventType } from '@tessera/events';

/**
 * How much one event moves the (user, item) interaction strength. Negative values are
 * negative feedback. strength += weights[type] + ratingSlope × (rating − ratingPivot) for
 * events that carry a rating, + customWeights[props.name] for custom events.
 */
export interface InteractionWeights {
  byType: Record<EventType, number>;
  /** Strength per star above (or below, negative) the pivot, for ratings and rated reviews. */
  ratingSlope: number;
  ratingPivot: number;
  /** Custom event names with their own weight, e.g. `dislike: -4`. */
  customWeights: Record<string, number>;
}

export const defaultInteractionWeights: InteractionWeights = {
  byType: {
    view: 1,
    click: 2,
    like: 4,
    share: 5,
    comment: 3,
    review: 3,
    rating: 0,
    purchase: 8,
    follow: 0,
    exposure: 0,
    custom: 0,
  },
  ratingSlope: 2,
  ratingPivot: 3,
  customWeights: { dislike: -4, hide: -3, skip: -1 },
};

export function mergeWeights(overrides: Partial<InteractionWeights> | undefined): InteractionWeights {
  return {
    byType: { ...defaultInteractionWeights.byType, ...overrides?.byType },
    ratingSlope: overrides?.ratingSlope ?? defaultInteractionWeights.ratingSlope,
    ratingPivot: overrides?.ratingPivot ?? defaultInteractionWeights.ratingPivot,
    customWeights: { ...defaultInteractionWeights.customWeights, ...overrides?.customWeights },
  };
}

/** The rating an event carries (rating events, and reviews that include one). */
export function ratingOf(event: EventEnvelope): number | undefined {
  if (event.type !== 'rating' && event.type !== 'review') return undefined;
  const rating = event.props.rating;
  return typeof rating === 'number' ? rating : undefined;
}

export function interactionDelta(event: EventEnvelope, weights: InteractionWeights): number {
  let delta = weights.byType[event.type];
  const rating = ratingOf(event);
  if (rating !== undefined) delta += weights.ratingSlope * (rating - weights.ratingPivot);
  if (event.type === 'custom') delta += weights.customWeights[String(event.props.name)] ?? 0;
  return delta;
}
