/**
 * What the stores must hold, folded by the harness itself from the events it got acknowledged:
 * the plain definitions (counts per type, sums, strengths by the weights the harness gave the
 * worker), written without the worker's aggregation code so that comparing the two catches loss
 * and double counting. Dense typed arrays indexed by (tenant, user, item) keep 1M events cheap.
 */
import { eventTypes } from '@tessera/events';
import type { EventSpec, Universe } from './events.js';

/** Interaction weights the harness passes to the worker (STREAM_WORKER_WEIGHTS): whole numbers, so sums are exact. */
export const harnessWeights = {
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
  customWeights: { dislike: -4, hide: -3, skip: -1 } as Record<string, number>,
};

export const typeIndex = Object.fromEntries(eventTypes.map((type, index) => [type, index])) as Record<
  (typeof eventTypes)[number],
  number
>;
const typeCount = eventTypes.length;

export class Truth {
  events = 0;
  readonly userCounts: Int32Array;
  readonly itemCounts: Int32Array;
  readonly userRatingSum: Int32Array;
  readonly itemRatingSum: Int32Array;
  readonly userRevenueCents: Float64Array;
  readonly itemRevenueCents: Float64Array;
  readonly pairEvents: Int32Array;
  readonly pairStrength: Int32Array;
  readonly followers: Int32Array;
  private readonly edges: Uint8Array;

  constructor(readonly universe: Universe) {
    const users = universe.tenants * universe.usersPerTenant;
    const items = universe.tenants * universe.itemsPerTenant;
    this.userCounts = new Int32Array(users * typeCount);
    this.itemCounts = new Int32Array(items * typeCount);
    this.userRatingSum = new Int32Array(users);
    this.itemRatingSum = new Int32Array(items);
    this.userRevenueCents = new Float64Array(users);
    this.itemRevenueCents = new Float64Array(items);
    this.pairEvents = new Int32Array(users * universe.itemsPerTenant);
    this.pairStrength = new Int32Array(users * universe.itemsPerTenant);
    this.followers = new Int32Array(users);
    this.edges = new Uint8Array(users * universe.usersPerTenant);
  }

  userIndex = (tenant: number, user: number) => tenant * this.universe.usersPerTenant + user;
  itemIndex = (tenant: number, item: number) => tenant * this.universe.itemsPerTenant + item;
  pairIndex = (tenant: number, user: number, item: number) =>
    this.userIndex(tenant, user) * this.universe.itemsPerTenant + item;

  /** Adds one distinct event (the caller guarantees each sequence number comes once). */
  add(spec: EventSpec): void {
    this.events += 1;
    const type = typeIndex[spec.type];
    const user = this.userIndex(spec.tenant, spec.user);
    // A rated review counts as a review and as a rating, so ratings/rating_sum cover every rating.
    const countOn = (counts: Int32Array, entity: number) => {
      counts[entity * typeCount + type]! += 1;
      if (spec.rating !== undefined && spec.type !== 'rating')
        counts[entity * typeCount + typeIndex.rating]! += 1;
    };
    countOn(this.userCounts, user);
    if (spec.rating !== undefined) this.userRatingSum[user]! += spec.rating;
    if (spec.cents !== undefined) this.userRevenueCents[user]! += spec.cents;
    for (const item of spec.exposed ?? [])
      this.itemCounts[this.itemIndex(spec.tenant, item) * typeCount + type]! += 1;
    if (spec.item !== undefined) {
      const item = this.itemIndex(spec.tenant, spec.item);
      countOn(this.itemCounts, item);
      if (spec.rating !== undefined) this.itemRatingSum[item]! += spec.rating;
      if (spec.cents !== undefined) this.itemRevenueCents[item]! += spec.cents;
      const pair = this.pairIndex(spec.tenant, spec.user, spec.item);
      this.pairEvents[pair]! += 1;
      this.pairStrength[pair]! += strengthOf(spec);
    }
    if (spec.target !== undefined) {
      const edge = user * this.universe.usersPerTenant + spec.target;
      if (this.edges[edge] === 0) {
        this.edges[edge] = 1;
        this.followers[this.userIndex(spec.tenant, spec.target)]! += 1;
      }
    }
  }
}

/** strength += w[type] + slope·(rating − pivot) when rated + custom weight of props.name. */
export function strengthOf(spec: EventSpec): number {
  let strength = harnessWeights.byType[spec.type];
  if (spec.rating !== undefined)
    strength += harnessWeights.ratingSlope * (spec.rating - harnessWeights.ratingPivot);
  if (spec.customName !== undefined) strength += harnessWeights.customWeights[spec.customName] ?? 0;
  return strength;
}
