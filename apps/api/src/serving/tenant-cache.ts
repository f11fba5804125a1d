interface Entry<T> {
  value: T;
  at: number;
  refreshing?: Promise<T> | undefined;
}

/**
 * A per-tenant value refreshed in the background once stale: readers get the last good value at
 * once, and only one load per tenant is in flight — also the first one, which every concurrent
 * reader awaits together (a cold server hit by many requests at once loads the catalog once, not
 * once per request).
 */
export class TenantCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly first = new Map<string, Promise<T>>();
  /** Bumped by `invalidate`, so a load that started before it cannot store its older value. */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly load: (tenantId: string) => Promise<T>,
  ) {}

  get(tenantId: string): Promise<T> {
    const entry = this.entries.get(tenantId);
    if (!entry) return this.loadFirst(tenantId);
    if (Date.now() - entry.at > this.ttlMs && !entry.refreshing) {
      const generation = this.generationOf(tenantId);
      entry.refreshing = this.load(tenantId)
        .then((value) => {
          if (generation === this.generationOf(tenantId))
            this.entries.set(tenantId, { value, at: Date.now() });
          return value;
        })
        .catch(() => {
          entry.refreshing = undefined;
          return entry.value;
        });
    }
    return Promise.resolve(entry.value);
  }

  /** Forget a tenant's value so the next read loads it fresh (after a write through this process). */
  invalidate(tenantId: string): void {
    this.generations.set(tenantId, this.generationOf(tenantId) + 1);
    this.entries.delete(tenantId);
    this.first.delete(tenantId);
  }

  private generationOf(tenantId: string): number {
    return this.generations.get(tenantId) ?? 0;
  }

  private loadFirst(tenantId: string): Promise<T> {
    let pending = this.first.get(tenantId);
    if (!pending) {
      const generation = this.generationOf(tenantId);
      pending = this.load(tenantId).then(
        (value) => {
          if (generation === this.generationOf(tenantId)) {
            this.entries.set(tenantId, { value, at: Date.now() });
            this.first.delete(tenantId);
          }
          return value;
        },
        (error: unknown) => {
          if (this.first.get(tenantId) === pending) this.first.delete(tenantId);
          throw error;
        },
      );
      this.first.set(tenantId, pending);
    }
    return pending;
  }
}
