import { ModelError } from '../errors.js';
import { InteractionMatrix } from './interactions.js';

/** How repeated (user, item) events are combined into one entry. */
export type DuplicatePolicy = 'sum' | 'max' | 'last' | 'keep';

export interface InteractionColumns {
  userIds: ArrayLike<string>;
  itemIds: ArrayLike<string>;
  /** Strength per event; defaults to 1. */
  values?: ArrayLike<number>;
  /** Unix seconds per event; defaults to 0. */
  timestamps?: ArrayLike<number>;
}

export interface BuildOptions {
  /** Default `'sum'`: repeated clicks add up to one stronger entry; its timestamp is the latest. */
  duplicates?: DuplicatePolicy;
}

/**
 * Builds an InteractionMatrix from parallel arrays of tenant ids (strings), strengths and timestamps.
 * Indices are assigned in first-seen order.
 */
export function buildInteractions(
  columns: InteractionColumns,
  options: BuildOptions = {},
): InteractionMatrix {
  const builder = new InteractionBuilder();
  const n = columns.userIds.length;
  if (columns.itemIds.length !== n) {
    throw new ModelError('DATA_FORMAT', 'userIds and itemIds differ in length', 'pass one item per user id');
  }
  for (let k = 0; k < n; k++) {
    builder.add(
      columns.userIds[k],
      columns.itemIds[k],
      columns.values?.[k] ?? 1,
      columns.timestamps?.[k] ?? 0,
    );
  }
  return builder.build(options);
}

/** Incremental builder: `add` events one by one (e.g. while streaming rows from a database), then `build`. */
export class InteractionBuilder {
  private readonly userIds: string[] = [];
  private readonly itemIds: string[] = [];
  private readonly userMap = new Map<string, number>();
  private readonly itemMap = new Map<string, number>();
  private users: number[] = [];
  private items: number[] = [];
  private values: number[] = [];
  private timestamps: number[] = [];

  add(userId: string, itemId: string, value = 1, timestamp = 0): this {
    if (!Number.isFinite(value) || !Number.isFinite(timestamp)) {
      throw new ModelError('DATA_FORMAT', `non-finite value or timestamp for (${userId}, ${itemId})`);
    }
    this.users.push(intern(userId, this.userMap, this.userIds));
    this.items.push(intern(itemId, this.itemMap, this.itemIds));
    this.values.push(value);
    this.timestamps.push(timestamp);
    return this;
  }

  build(options: BuildOptions = {}): InteractionMatrix {
    const policy = options.duplicates ?? 'sum';
    const n = this.users.length;
    let keep: number[];
    const vals = Float32Array.from(this.values);
    const ts = Float64Array.from(this.timestamps);
    if (policy === 'keep') {
      keep = Array.from({ length: n }, (_, k) => k);
    } else {
      const first = new Map<number, number>();
      keep = [];
      const nItems = this.itemIds.length;
      for (let k = 0; k < n; k++) {
        const key = this.users[k] * nItems + this.items[k];
        const at = first.get(key);
        if (at === undefined) {
          first.set(key, k);
          keep.push(k);
          continue;
        }
        if (policy === 'sum') vals[at] += vals[k];
        else if (policy === 'max') vals[at] = Math.max(vals[at], vals[k]);
        else if (ts[k] >= ts[at]) vals[at] = vals[k];
        ts[at] = Math.max(ts[at], ts[k]);
      }
    }
    const m = keep.length;
    const u = new Int32Array(m);
    const i = new Int32Array(m);
    const v = new Float32Array(m);
    const t = new Float64Array(m);
    keep.forEach((k, j) => {
      u[j] = this.users[k];
      i[j] = this.items[k];
      v[j] = vals[k];
      t[j] = ts[k];
    });
    return new InteractionMatrix(this.userIds.slice(), this.itemIds.slice(), u, i, v, t);
  }
}

function intern(id: string, map: Map<string, number>, ids: string[]): number {
  let k = map.get(id);
  if (k === undefined) {
    k = ids.length;
    map.set(id, k);
    ids.push(id);
  }
  return k;
}
