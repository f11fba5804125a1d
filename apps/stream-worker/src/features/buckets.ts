import type { BucketDelta } from './aggregate.js';

const hourMs = 3_600_000;
const dayMs = 86_400_000;

/**
 * One item's hour counters in a batch, and day counters for the events of sealed days, keyed by
 * bucket start. A day that is not sealed yet gets no day row: the bucket sealer sums its hours
 * once it is over (see feature_bucket_seals). Kept on the entity's own record, so counting an
 * event costs a numeric map lookup or two instead of building and hashing a string key per grain
 * (the largest share of the worker's aggregation time before).
 */
export class EntityBuckets {
  private readonly hours = new Map<number, number[]>();
  private readonly days = new Map<number, number[]>();

  constructor(private readonly width: number) {}

  /** `sealed`: the event's day is sealed for its tenant, so its day row is counted here too. */
  bump(tsMs: number, column: number, sealed: boolean): void {
    this.add(this.hours, tsMs - (tsMs % hourMs), column, 1);
    if (sealed) this.add(this.days, tsMs - (tsMs % dayMs), column, 1);
  }

  /** Appends this item's buckets, days then hours, each by start: one fixed order for every writer. */
  emit(out: BucketDelta[], base: Pick<BucketDelta, 'tenantId' | 'kind' | 'id'>): void {
    this.emitGrain(out, base, 'day', this.days);
    this.emitGrain(out, base, 'hour', this.hours);
  }

  private add(map: Map<number, number[]>, startMs: number, column: number, by: number): void {
    let counts = map.get(startMs);
    if (!counts) {
      counts = new Array<number>(this.width).fill(0);
      map.set(startMs, counts);
    }
    (counts[column] as number) += by;
  }

  private emitGrain(
    out: BucketDelta[],
    base: Pick<BucketDelta, 'tenantId' | 'kind' | 'id'>,
    grain: BucketDelta['grain'],
    map: Map<number, number[]>,
  ): void {
    const starts = [...map.keys()].sort((a, b) => a - b);
    for (const startMs of starts)
      out.push({
        tenantId: base.tenantId,
        kind: base.kind,
        id: base.id,
        grain,
        startMs,
        counts: map.get(startMs) as number[],
      });
  }
}
