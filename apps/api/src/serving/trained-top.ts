/**
 * Bytes that the trained-top caches of a process may hold between them: each active model's cache
 * takes its storage from one budget as it grows and gives it back when its model is replaced.
 */
export class ByteBudget {
  constructor(private left: number) {}

  get remaining(): number {
    return this.left;
  }

  take(bytes: number): boolean {
    if (bytes > this.left) return false;
    this.left -= bytes;
    return true;
  }

  give(bytes: number): void {
    this.left += bytes;
  }
}

export interface TopList {
  items: Int32Array;
  scores: Float32Array;
}

/** Users per storage chunk: storage grows a chunk at a time, as users are filled. */
const CHUNK = 1024;

/**
 * The model's best `width` items for each user it was trained on, before any exclusion, computed
 * once per model (most users are served from their trained vector between two trainings, and that
 * vector never changes). A request removes the user's own items from the stored list and takes the
 * first k left, which is exactly the top k with those exclusions: every item past the stored list
 * scores at most its last entry, and on a tie it has a higher index, so it would rank later anyway.
 * When the exclusions leave fewer than k of a full list, the answer is unknown here (null) and the
 * caller scores the catalog as before. Offline candidate generation of this kind is how Gorse and
 * most production recommenders serve; here it is exact and lives beside the model in memory.
 */
export class TrainedTopCache {
  private readonly itemChunks: (Int32Array | undefined)[];
  private readonly scoreChunks: (Float32Array | undefined)[];
  /** Entries stored per user; −1 where the user is not filled yet. */
  private readonly lengths: Int16Array;
  private readonly marks: Uint8Array;
  private held = 0;
  private cursor = 0;
  private full = false;
  readonly stats = { hits: 0, misses: 0, short: 0, filled: 0 };

  constructor(
    readonly users: number,
    nItems: number,
    readonly width: number,
    private readonly compute: (user: number, width: number) => TopList,
    private readonly budget: ByteBudget,
  ) {
    if (width < 1 || width > 32_767) throw new RangeError(`width must be 1–32767 (got ${width})`);
    const chunks = Math.ceil(users / CHUNK);
    this.itemChunks = new Array(chunks).fill(undefined);
    this.scoreChunks = new Array(chunks).fill(undefined);
    this.lengths = new Int16Array(users).fill(-1);
    this.marks = new Uint8Array(nItems);
  }

  /** Bytes of storage this cache holds from its budget. */
  get bytes(): number {
    return this.held;
  }

  /** Users filled so far, of `users`. */
  get filled(): number {
    return this.stats.filled;
  }

  /**
   * The top `k` of trained user `user` without the `exclude`d items, filling the user first when
   * needed; null when the budget has no room for the user or the stored list runs short.
   */
  top(user: number, k: number, exclude: readonly number[]): TopList | null {
    if (user < 0 || user >= this.users || k > this.width) return null;
    if (this.lengths[user]! < 0) {
      this.stats.misses++;
      if (!this.fill(user)) return null;
    } else this.stats.hits++;
    const n = this.lengths[user]!;
    const chunk = (user / CHUNK) | 0;
    const items = this.itemChunks[chunk]!;
    const scores = this.scoreChunks[chunk]!;
    const base = (user % CHUNK) * this.width;
    for (const i of exclude) this.marks[i] = 1;
    const outItems = new Int32Array(k);
    const outScores = new Float32Array(k);
    let m = 0;
    for (let j = 0; j < n && m < k; j++) {
      const item = items[base + j]!;
      if (this.marks[item] === 1) continue;
      outItems[m] = item;
      outScores[m] = scores[base + j]!;
      m++;
    }
    for (const i of exclude) this.marks[i] = 0;
    if (m < k && n === this.width) {
      // A full list with too few left after the exclusions: what follows it is not stored.
      this.stats.short++;
      return null;
    }
    return m < k
      ? { items: outItems.subarray(0, m), scores: outScores.subarray(0, m) }
      : { items: outItems, scores: outScores };
  }

  /** Computes and stores one user's list; false when the budget has no room for its chunk. */
  private fill(user: number): boolean {
    const chunk = (user / CHUNK) | 0;
    if (this.itemChunks[chunk] === undefined) {
      const bytes = CHUNK * this.width * 8;
      if (this.full || !this.budget.take(bytes)) {
        this.full = true;
        return false;
      }
      this.held += bytes;
      this.itemChunks[chunk] = new Int32Array(CHUNK * this.width);
      this.scoreChunks[chunk] = new Float32Array(CHUNK * this.width);
    }
    const list = this.compute(user, this.width);
    const n = Math.min(list.items.length, this.width);
    const base = (user % CHUNK) * this.width;
    this.itemChunks[chunk]!.set(list.items.subarray(0, n), base);
    this.scoreChunks[chunk]!.set(list.scores.subarray(0, n), base);
    this.lengths[user] = n;
    this.stats.filled++;
    return true;
  }

  /**
   * Fills users in index order for up to `sliceMs` of this thread; true when every user is filled
   * (or the budget ran out), so a caller can warm the cache between other work.
   */
  warm(sliceMs: number): boolean {
    const end = performance.now() + sliceMs;
    while (this.cursor < this.users && !this.full) {
      if (this.lengths[this.cursor]! < 0 && !this.fill(this.cursor)) break;
      this.cursor++;
      if ((this.cursor & 63) === 0 && performance.now() > end) return false;
    }
    return true;
  }

  /** Gives the storage back to the budget (the model was replaced); later lookups return null. */
  dispose(): void {
    this.budget.give(this.held);
    this.held = 0;
    this.full = true;
    this.itemChunks.fill(undefined);
    this.scoreChunks.fill(undefined);
    this.lengths.fill(-1);
  }
}
