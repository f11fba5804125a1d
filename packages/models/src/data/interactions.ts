import { ModelError } from '../errors.js';

/** Compressed sparse rows: row r's columns are `indices[indptr[r]..indptr[r+1])`, ascending. */
export interface Csr {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/**
 * User × item interactions on typed arrays (COO entries plus lazily built CSR views by user and by item).
 * Index spaces are fixed by `userIds`/`itemIds`; subsets made with `select` share them, so a train and a
 * test split can be compared index for index.
 */
export class InteractionMatrix {
  private userCsr?: Csr;
  private itemCsr?: Csr;
  private userLookup?: Map<string, number>;
  private itemLookup?: Map<string, number>;

  constructor(
    /** External id of each user index. */
    readonly userIds: readonly string[],
    /** External id of each item index. */
    readonly itemIds: readonly string[],
    /** User index of each entry. */
    readonly users: Int32Array,
    /** Item index of each entry. */
    readonly items: Int32Array,
    /** Strength (rating, count, confidence) of each entry. */
    readonly values: Float32Array,
    /** Unix seconds of each entry (0 when unknown). */
    readonly timestamps: Float64Array,
  ) {
    const n = users.length;
    if (items.length !== n || values.length !== n || timestamps.length !== n) {
      throw new ModelError('DATA_FORMAT', 'entry arrays differ in length', 'pass one value per entry');
    }
  }

  get nUsers(): number {
    return this.userIds.length;
  }
  get nItems(): number {
    return this.itemIds.length;
  }
  /** Number of stored entries. */
  get nnz(): number {
    return this.users.length;
  }

  /** Rows are users, columns items. */
  get byUser(): Csr {
    this.userCsr ??= toCsr(this.users, this.items, this.values, this.nUsers);
    return this.userCsr;
  }
  /** Rows are items, columns users. */
  get byItem(): Csr {
    this.itemCsr ??= toCsr(this.items, this.users, this.values, this.nItems);
    return this.itemCsr;
  }

  /** Index of an external user id, or -1. */
  userIndex(id: string): number {
    this.userLookup ??= indexMap(this.userIds);
    return this.userLookup.get(id) ?? -1;
  }
  /** Index of an external item id, or -1. */
  itemIndex(id: string): number {
    this.itemLookup ??= indexMap(this.itemIds);
    return this.itemLookup.get(id) ?? -1;
  }

  /** A matrix holding only the given entries, in the same user/item index spaces. */
  select(entries: ArrayLike<number>): InteractionMatrix {
    const n = entries.length;
    const u = new Int32Array(n);
    const i = new Int32Array(n);
    const v = new Float32Array(n);
    const t = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const e = entries[k];
      u[k] = this.users[e];
      i[k] = this.items[e];
      v[k] = this.values[e];
      t[k] = this.timestamps[e];
    }
    return new InteractionMatrix(this.userIds, this.itemIds, u, i, v, t);
  }

  /** Same entries with every value replaced by `f(value)` (e.g. binarising ratings). */
  mapValues(f: (value: number) => number): InteractionMatrix {
    const v = this.values.map(f);
    return new InteractionMatrix(this.userIds, this.itemIds, this.users, this.items, v, this.timestamps);
  }
}

function indexMap(ids: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (let k = 0; k < ids.length; k++) m.set(ids[k], k);
  return m;
}

/** Counting sort by row, then by column within a row, so rows are ascending and stable. */
export function toCsr(rows: Int32Array, cols: Int32Array, vals: Float32Array, nRows: number): Csr {
  const n = rows.length;
  const indptr = new Int32Array(nRows + 1);
  for (let k = 0; k < n; k++) indptr[rows[k] + 1]++;
  for (let r = 0; r < nRows; r++) indptr[r + 1] += indptr[r];
  const order = new Int32Array(n);
  const fill = indptr.slice(0, nRows);
  for (let k = 0; k < n; k++) order[fill[rows[k]]++] = k;
  const indices = new Int32Array(n);
  const values = new Float32Array(n);
  for (let r = 0; r < nRows; r++) {
    const start = indptr[r];
    const end = indptr[r + 1];
    const seg = Array.from(order.subarray(start, end)).sort((a, b) => cols[a] - cols[b]);
    for (let k = 0; k < seg.length; k++) {
      indices[start + k] = cols[seg[k]];
      values[start + k] = vals[seg[k]];
    }
  }
  return { indptr, indices, values };
}
